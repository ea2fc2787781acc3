// Group commit for webhook ingress: deliveries that arrive while a batch is being written wait
// and go into the next one together — one multi-row insert, one apply job for the batch, one
// commit. Each is still acknowledged only once its own row and job are durable, but a burst
// costs a commit per batch instead of per delivery, and the job queue holds a job per batch,
// not per delivery.
import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../../db/database.ts';
import { countDuplicate, insertDeliveries } from '../../../db/queries/webhooks.ts';
import { withoutNul } from '../../../domain/nul-characters.ts';
import { enqueue } from '../../../jobs/queue.ts';
import { APPLY_DELIVERIES_JOB, type ApplyDeliveriesPayload } from '../jobs.ts';
import type { IngestLoad } from './ingest-load.ts';

export interface NewDelivery {
  /** From `deliveryIds()`, taken on arrival like `receivedAt`: the log's order is arrival order. */
  id: string;
  receivedAt: string;
  projectId: string;
  provider: string;
  deliveryId: string;
  event: string;
  action: string | null;
  headers: Record<string, string>;
  body: string;
  /** False for events Baton does not use: stored as `ignored`, with no job. */
  apply: boolean;
}

export type WriteResult = { status: 'stored' | 'duplicate'; id: string };

interface Waiting {
  delivery: NewDelivery;
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

const MAX_BATCH = 200;

export interface DeliveryWriter {
  write(delivery: NewDelivery): Promise<WriteResult>;
}

export function createDeliveryWriter(db: Db, onCommit: () => void, load?: IngestLoad): DeliveryWriter {
  let queue: Waiting[] = [];
  let flushing = false;

  const commit = (deliveries: NewDelivery[]) =>
    db.transaction(async (tx, afterCommit) => {
      const results = await storeBatch(tx, deliveries);
      afterCommit(onCommit);
      return results;
    });

  async function flush(): Promise<void> {
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        load?.noteBatch(batch.length);
        try {
          const results = await commit(batch.map((w) => w.delivery));
          for (const [i, w] of batch.entries()) w.resolve(results[i]);
        } catch (err) {
          if (batch.length === 1) batch[0].reject(err);
          // One bad delivery must not fail the others: write them one by one.
          else for (const w of batch) await commit([w.delivery]).then(([r]) => w.resolve(r), w.reject);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    write(delivery) {
      return new Promise<WriteResult>((resolve, reject) => {
        queue.push({ delivery: storable(delivery), resolve, reject });
        // Started on the next turn of the event loop, after the I/O phase has read every request
        // already waiting: SQLite runs synchronously, so starting at once would batch nothing.
        if (!flushing) {
          flushing = true;
          setImmediate(() => void flush());
        }
      });
    },
  };
}

/**
 * A signed delivery is the provider's word and is acknowledged whatever its text: what comes
 * from its body (the action, Azure DevOps' id and event type) is stored without NUL, which
 * PostgreSQL text cannot hold and which would fail the write.
 */
function storable(d: NewDelivery): NewDelivery {
  return {
    ...d,
    deliveryId: withoutNul(d.deliveryId),
    event: withoutNul(d.event),
    action: d.action === null ? null : withoutNul(d.action),
    body: withoutNul(d.body),
  };
}

/** One multi-row insert; rows whose delivery id exists already are the duplicates. */
async function storeBatch(tx: Executor, batch: NewDelivery[]): Promise<WriteResult[]> {
  const stored = await insertDeliveries(
    tx,

    batch.map((d) => ({
      id: d.id,
      project_id: d.projectId,
      provider: d.provider,
      delivery_id: d.deliveryId,
      event: d.event,
      action: d.action,
      received_at: d.receivedAt,
      verified: 1,
      outcome: d.apply ? 'pending' : 'ignored',
      error: null,
      headers: JSON.stringify(d.headers),
      body: d.body,
      last_duplicate_at: null,
    })),
  );
  const toApply = batch.filter((d) => d.apply && stored.has(d.id)).map((d) => d.id);
  if (toApply.length > 0) await enqueue(tx, { kind: APPLY_DELIVERIES_JOB, payload: { deliveryIds: toApply } satisfies ApplyDeliveriesPayload });

  const results: WriteResult[] = [];
  for (const d of batch) {
    if (stored.has(d.id)) {
      results.push({ status: 'stored', id: d.id });
      continue;
    }
    // Seen before: the stored row keeps its outcome; only the repeat is counted.
    results.push({ status: 'duplicate', id: await countDuplicate(tx, d) });
  }
  return results;
}

/**
 * Ids shaped like UUIDv7 (RFC 9562: 48-bit milliseconds, a counter within the millisecond, then
 * random bits), so deliveries received in the same millisecond still sort in arrival order.
 */
export function deliveryIds(): (now: number) => string {
  let lastMs = 0;
  let sequence = 0;
  return (now) => {
    if (now > lastMs) {
      lastMs = now;
      sequence = 0;
    } else sequence = (sequence + 1) & 0xfff;
    // randomUUID draws from a cached entropy pool; its tail supplies the random bits.
    const random = randomUUID().replaceAll('-', '');
    const hex = `${lastMs.toString(16).padStart(12, '0')}7${sequence.toString(16).padStart(3, '0')}${random.slice(16)}`;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
