import { sql } from 'kysely';
import type { Db } from '../database.ts';

// The database's clock, in epoch milliseconds, so processes on hosts whose clocks differ still
// agree on when a slot is. One reading per statement on both engines (SQLite's 'now' is fixed for
// a statement): clock_timestamp() would be read once for the slot and again for the `now`
// returned, a millisecond apart at times. After a wait for the row lock the reading is a little
// old, which only makes a write wait a little longer; slots stay `spacingMs` apart regardless.
const NOW_MS = {
  postgres: sql<number>`(extract(epoch from statement_timestamp()) * 1000)::bigint`,
  sqlite: sql<number>`cast(unixepoch('subsec') * 1000 as integer)`,
};

/**
 * Takes the next free slot for `key` and moves it `spacingMs` on, in one statement (atomic on
 * both engines: the row is locked, or the SQLite database is). Returns the slot and the
 * database's time when it was taken, both in epoch milliseconds.
 */
export async function claimWriteSlot(db: Db, key: string, spacingMs: number): Promise<{ slot: number; now: number }> {
  const now = NOW_MS[db.engine];
  const greatest = db.engine === 'postgres' ? sql`greatest` : sql`max`;
  const { rows } = await sql<{ next_at: number | string; now: number | string }>`
    insert into provider_write_slots (key, next_at) values (${key}, ${now} + ${spacingMs})
    on conflict (key) do update set next_at = ${greatest}(provider_write_slots.next_at, ${now}) + ${spacingMs}
    returning next_at, ${now} as now`.execute(db.kysely);
  const row = rows[0]!;
  return { slot: Number(row.next_at) - spacingMs, now: Number(row.now) };
}
