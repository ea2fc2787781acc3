// A steady stream of deliveries (an open loop: each sent on its schedule, whatever the answers)
// over `keys` tickets in turn, so one ticket's deliveries are keys/rate seconds apart. For each
// delivery: from its acknowledgement until its ticket's committed status is the one it leads to,
// read every POLL_MS. A delivery whose status was not seen before the next delivery for the same
// ticket was sent counts as slower than every one seen (it is not dropped: dropping it would
// keep only the fast ones). At the end, the API's ticket list must agree with what was read.
import type { WebhookSeed } from '../../test/support/webhook-seed.ts';
import { percentile } from '../support.ts';
import type { BatonDb } from './baton-db.ts';
import { delivery, type PrState, payload, STATUS_OF } from './deliveries.ts';
import { createClient } from './ingest-client.ts';

const POLL_MS = 20;
/** The states one PR goes through, each leading to a different ticket status. */
const LIFECYCLE: PrState[] = ['draft', 'open', 'merged'];
/** A status not seen this long after the last acknowledgement counts as never seen. */
const GIVE_UP_MS = 10_000;

export interface PacedResult {
  sent: number;
  rate: number;
  ackP99: number;
  visibleP50: number;
  visibleP99: number;
  /** Not seen before the next delivery for the same ticket, or at all. */
  overtaken: number;
  neverSeen: number;
  /** Deliveries stored but not applied, sampled once a second while sending: the last and the largest. */
  backlogAtEnd: number;
  backlogMax: number;
}

interface Waiting {
  expect: string;
  ackedAt: number | null;
  seenBeforeAck: boolean;
}

export async function pacedVisibility(opts: {
  url: string;
  path: string;
  seed: WebhookSeed;
  keys: string[];
  secret: string;
  rate: number;
  seconds: number;
  tick: () => string;
  db: BatonDb;
}): Promise<PacedResult> {
  const client = createClient(opts.url, 64);
  const total = opts.rate * opts.seconds;
  const outstanding = new Map<string, Waiting>();
  const visibleMs: number[] = [];
  const ackMs: number[] = [];
  const backlog: number[] = [];
  let overtaken = 0;
  let sending = true;
  let lastAck = performance.now();

  const sampler = (async () => {
    while (sending) {
      backlog.push(await opts.db.pending());
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();

  const watcher = (async () => {
    while (sending || (outstanding.size > 0 && performance.now() - lastAck < GIVE_UP_MS)) {
      const statuses = await opts.db.statuses(opts.seed.projectId);
      const seenAt = performance.now();
      for (const [key, waiting] of outstanding) {
        if (statuses.get(key) !== waiting.expect) continue;
        if (waiting.ackedAt === null) {
          waiting.seenBeforeAck = true; // applied before the answer reached the client
          continue;
        }
        visibleMs.push(seenAt - waiting.ackedAt);
        outstanding.delete(key);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();

  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / opts.rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const key = opts.keys[i % opts.keys.length];
    const round = Math.floor(i / opts.keys.length);
    const state = LIFECYCLE[round % LIFECYCLE.length];
    // A merged PR never reopens, so each lifecycle is a new PR of the ticket: every delivery
    // then changes the ticket's status (an open or draft PR outranks merged ones: src/domain/status.ts).
    const pr = 1 + Math.floor(round / LIFECYCLE.length) * opts.keys.length + (i % opts.keys.length);
    const d = delivery(opts.path, payload(key, pr, state, opts.tick()), opts.secret);
    if (outstanding.has(key)) {
      overtaken++;
      visibleMs.push(Number.POSITIVE_INFINITY);
    }
    const waiting: Waiting = { expect: STATUS_OF[state], ackedAt: null, seenBeforeAck: false };
    outstanding.set(key, waiting);
    const sentAt = performance.now();
    inflight.push(
      client.send(d).then((res) => {
        if (res.status < 200 || res.status >= 300) throw new Error(`delivery answered ${res.status}: ${res.body}`);
        waiting.ackedAt = lastAck = performance.now();
        ackMs.push(waiting.ackedAt - sentAt);
        if (waiting.seenBeforeAck && outstanding.get(key) === waiting) {
          visibleMs.push(0);
          outstanding.delete(key);
        }
      }),
    );
  }
  const rate = total / ((performance.now() - started) / 1000);
  await Promise.all(inflight);
  sending = false;
  await Promise.all([watcher, sampler]);
  // Compared once nothing is left to apply, else the API and the database disagree only because
  // a status changed between the two reads.
  await opts.db.drained();
  await apiAgrees(client, opts);
  client.close();

  const neverSeen = outstanding.size;
  for (let i = 0; i < neverSeen; i++) visibleMs.push(Number.POSITIVE_INFINITY);
  visibleMs.sort((a, b) => a - b);
  ackMs.sort((a, b) => a - b);
  return {
    sent: total,
    rate,
    ackP99: percentile(ackMs, 99),
    visibleP50: percentile(visibleMs, 50),
    visibleP99: percentile(visibleMs, 99),
    overtaken: overtaken + neverSeen,
    neverSeen,
    backlogAtEnd: backlog.at(-1) ?? 0,
    backlogMax: Math.max(0, ...backlog),
  };
}

/** The API's ticket list, page by page, shows exactly the statuses the database holds. */
async function apiAgrees(client: ReturnType<typeof createClient>, opts: { seed: WebhookSeed; db: BatonDb }): Promise<void> {
  const committed = await opts.db.statuses(opts.seed.projectId);
  let cursor: string | null = null;
  let compared = 0;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await client.get(`/api/projects/${opts.seed.projectId}/tickets?limit=200${query}`, { authorization: `Bearer ${opts.seed.apiToken}` });
    const page = JSON.parse(res.body) as { items: Array<{ key: string; status: string }>; nextCursor: string | null };
    for (const t of page.items) {
      if (committed.get(t.key) !== t.status) throw new Error(`the API shows ${t.key} as ${t.status}, the database as ${committed.get(t.key)}`);
      compared++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  if (compared !== committed.size) throw new Error(`the API listed ${compared} tickets, the database holds ${committed.size}`);
}
