import type { Executor } from '../db/database.ts';

// Failed logins are counted per account and per client address in the database, so every
// process behind a load balancer enforces the same limit.

const WINDOW_MS = 15 * 60_000;
const LIMITS = { account: 5, address: 20 };

export type ThrottleKey = { kind: keyof typeof LIMITS; value: string };

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value.toLowerCase()}`;

/** Seconds until another attempt is allowed, or 0. */
export async function throttledFor(db: Executor, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db.selectFrom('login_attempts').selectAll().where('key', 'in', keys.map(keyOf)).execute();
  const waits = rows.map((r) => (r.locked_until ? Date.parse(r.locked_until) - now.getTime() : 0));
  return Math.max(0, Math.ceil(Math.max(0, ...waits) / 1000));
}

export async function recordFailure(db: Executor, keys: ThrottleKey[], now = new Date()): Promise<void> {
  for (const k of keys) {
    const key = keyOf(k);
    const row = await db.selectFrom('login_attempts').selectAll().where('key', '=', key).executeTakeFirst();
    const windowOpen = row && now.getTime() - Date.parse(row.window_started_at) < WINDOW_MS;
    const failures = windowOpen ? row.failures + 1 : 1;
    const lockedUntil = failures >= LIMITS[k.kind] ? new Date(now.getTime() + WINDOW_MS).toISOString() : null;
    const values = {
      failures,
      window_started_at: windowOpen ? row.window_started_at : now.toISOString(),
      locked_until: lockedUntil,
    };
    await db
      .insertInto('login_attempts')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  }
}

export async function clearFailures(db: Executor, key: ThrottleKey): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', keyOf(key)).execute();
}
