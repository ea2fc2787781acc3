import type { Db } from '../db/database.ts';
import { claimWriteSlot } from '../db/queries/provider-write-slots.ts';

/**
 * Keeps the writes made with one token `spacingMs` apart, across every process using `db`:
 * each write claims the next free slot in the database and waits for it. Keys are hashes of
 * tokens (see http.ts), never tokens.
 */
export function createWritePacer(db: Db, spacingMs: number, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {
  return async (key: string): Promise<void> => {
    if (spacingMs <= 0) return;
    const { slot, now } = await claimWriteSlot(db, key, spacingMs);
    if (slot > now) await sleep(slot - now);
  };
}
