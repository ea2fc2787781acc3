// Bounded storage: a delivery's body (and kept headers) is dropped once it is older than the
// retention period; the row stays in the delivery log with its summary (event, action, outcome,
// error). The job drops them in small batches, each its own short transaction, and lets other
// work (webhook ingress above all) run between them, so a large backlog never holds the write
// lock for long.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isoIn, nowIso } from '../../../clock.ts';
import type { Db } from '../../../db/database.ts';
import { dropOldBodies } from '../../../db/queries/webhooks.ts';

export const DROP_BATCH = 500;
/** Per run; what is left waits for the next run, so one run never takes long. */
const MAX_BATCHES_PER_RUN = 200;

/**
 * Drops the bodies of deliveries older than `retentionDays`, batch by batch; returns how many.
 * `between` runs after each committed batch, holding no lock: by default it yields a turn of the
 * event loop so waiting requests are served.
 */
export async function dropExpiredBodies(db: Db, retentionDays: number, batch = DROP_BATCH, between: () => Promise<unknown> = nextTurn): Promise<number> {
  const before = isoIn(-retentionDays * 24 * 3600 * 1000);
  let dropped = 0;
  for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
    const n = await db.transaction((tx) => dropOldBodies(tx, before, batch, nowIso()));
    dropped += n;
    if (n < batch) break;
    await between();
  }
  return dropped;
}
