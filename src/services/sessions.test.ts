import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import type { Db } from '../db/database.ts';
import { createSession, resolveSession, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './sessions.ts';
import { createUser } from './users.ts';

describe.each(engines)('session expiry on %s', (engine) => {
  let db: Db;
  let userId: string;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    userId = (await createUser(db.kysely, { email: 's@example.com', name: 'S', password: null, isAdmin: false })).id;
  });
  afterAll(() => db?.destroy());

  it('ends a session left idle too long', async () => {
    const { token } = await createSession(db.kysely, userId);
    const soon = new Date(Date.now() + SESSION_IDLE_MS - 60_000);
    expect(await resolveSession(db.kysely, token, soon)).not.toBeNull();
    const idle = new Date(soon.getTime() + SESSION_IDLE_MS + 1000);
    expect(await resolveSession(db.kysely, token, idle)).toBeNull();
    expect(await resolveSession(db.kysely, token)).toBeNull();
  });

  it('ends an active session at its absolute expiry', async () => {
    const { token } = await createSession(db.kysely, userId);
    // Stay active: a request every few days keeps the idle clock fresh.
    const step = SESSION_IDLE_MS / 2;
    let at = Date.now();
    while (at + step < Date.now() + SESSION_ABSOLUTE_MS) {
      at += step;
      expect(await resolveSession(db.kysely, token, new Date(at))).not.toBeNull();
    }
    expect(await resolveSession(db.kysely, token, new Date(Date.now() + SESSION_ABSOLUTE_MS + 1000))).toBeNull();
  });
});
