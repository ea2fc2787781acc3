import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import type { Db } from '../db/database.ts';
import { forgiveAttempt, type ThrottleKey, takeAttempt } from './login-throttle.ts';

describe.each(engines)('sign-in attempt counting on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await freshDatabase(engine);
  });
  afterAll(() => db?.destroy());

  const take = (keys: ThrottleKey[], now?: Date) => db.transaction((tx) => takeAttempt(tx, keys, now));

  it('gives a successful sign-in its attempt back, so one address can keep signing in', async () => {
    const office = { kind: 'address' as const, value: '203.0.113.7' };
    for (let i = 0; i < 25; i++) {
      const keys = [{ kind: 'account' as const, value: `user${i % 3}@example.com` }, office];
      expect(await take(keys)).toBe(0);
      await db.transaction((tx) => forgiveAttempt(tx, keys));
    }
  });

  it('refuses the attempt after the limit until the window ends, then counts afresh', async () => {
    const keys = [{ kind: 'account' as const, value: 'mallory@example.com' }];
    const start = new Date();
    for (let i = 0; i < 5; i++) expect(await take(keys, start)).toBe(0);
    expect(await take(keys, new Date(start.getTime() + 60_000))).toBe(14 * 60);
    expect(await take(keys, new Date(start.getTime() + 15 * 60_000))).toBe(0);
  });
});
