import type { Executor } from '../db/database.ts';

// Sign-in attempts are counted per account and per client address in the database, so every
// process behind a load balancer enforces the same limit. An attempt is counted before its
// password is checked, under a row lock: concurrent attempts queue on the row, and at most
// LIMITS[kind] of them are evaluated per window — the rest are refused unread.

const WINDOW_MS = 15 * 60_000;
const LIMITS = { account: 5, address: 20 };

export type ThrottleKey = { kind: keyof typeof LIMITS; value: string };

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value.toLowerCase()}`;

/**
 * Counts one attempt against every key and answers 0, or — when any key has used its attempts
 * for the window — counts nothing and answers the seconds until the window ends.
 * Run it in its own transaction: the rows stay locked until it commits.
 */
export async function takeAttempt(tx: Executor, keys: ThrottleKey[], now = new Date()): Promise<number> {
  // A fixed order, so two attempts locking the same pair cannot deadlock.
  const sorted = [...keys].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  const rows = [];
  for (const k of sorted) rows.push({ k, row: await lockRow(tx, keyOf(k), now) });

  const waits = rows.map(({ row }) => (row.locked_until ? Date.parse(row.locked_until) - now.getTime() : 0));
  const wait = Math.ceil(Math.max(0, ...waits) / 1000);
  if (wait > 0) return wait;

  for (const { k, row } of rows) {
    const windowOpen = now.getTime() - Date.parse(row.window_started_at) < WINDOW_MS;
    const attempts = windowOpen ? row.failures + 1 : 1;
    const windowStart = windowOpen ? row.window_started_at : now.toISOString();
    await tx
      .updateTable('login_attempts')
      .set({
        failures: attempts,
        window_started_at: windowStart,
        locked_until: attempts >= LIMITS[k.kind] ? new Date(Date.parse(windowStart) + WINDOW_MS).toISOString() : null,
      })
      .where('key', '=', keyOf(k))
      .execute();
  }
  return 0;
}

/**
 * After a successful sign-in: the account starts afresh, and each address gets back the attempt
 * it spent (an office behind one address may sign in all day).
 */
export async function forgiveAttempt(tx: Executor, keys: ThrottleKey[]): Promise<void> {
  for (const k of keys) {
    if (k.kind === 'account') {
      await tx.deleteFrom('login_attempts').where('key', '=', keyOf(k)).execute();
      continue;
    }
    await tx
      .updateTable('login_attempts')
      .set((eb) => ({ failures: eb('failures', '-', 1), locked_until: null }))
      .where('key', '=', keyOf(k))
      .where('failures', '>', 0)
      .execute();
  }
}

/** The key's row, created empty if missing, locked until the transaction ends. */
async function lockRow(tx: Executor, key: string, now: Date) {
  // The no-op update on conflict takes the row lock on PostgreSQL; SQLite's BEGIN IMMEDIATE
  // already serialises writers.
  return tx
    .insertInto('login_attempts')
    .values({ key, failures: 0, window_started_at: now.toISOString(), locked_until: null })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb.ref('login_attempts.failures') })))
    .returningAll()
    .executeTakeFirstOrThrow();
}
