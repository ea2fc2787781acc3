import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import type { Db } from './database.ts';

describe.each(engines)('database on %s', (engine) => {
  let db: Db;
  afterAll(() => db?.destroy());

  it('migrates to the latest schema and reports nothing pending', async () => {
    db = await freshDatabase(engine);
    expect(await db.pendingMigrations()).toEqual([]);
    expect(await db.migrate()).toEqual([]);
  });

  it('rolls a failed transaction back and runs after-commit hooks only on commit', async () => {
    const ran: string[] = [];
    const now = new Date().toISOString();
    await expect(
      db.transaction(async (tx, afterCommit) => {
        await tx.insertInto('audit_events').values({ id: 'a1', at: now, actor_id: null, action: 'x', target: 't', detail: null }).execute();
        afterCommit(() => ran.push('rolled-back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await db.transaction(async (tx, afterCommit) => {
      await tx.insertInto('audit_events').values({ id: 'a2', at: now, actor_id: null, action: 'x', target: 't', detail: null }).execute();
      afterCommit(() => ran.push('committed'));
    });
    const rows = await db.kysely.selectFrom('audit_events').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual(['a2']);
    expect(ran).toEqual(['committed']);
  });
});

describe('database on postgres', () => {
  it('commits with synchronous_commit on, whatever the server default', async () => {
    const db = await freshDatabase('postgres');
    try {
      // The test cluster runs synchronous_commit=off (it is thrown away); Baton's sessions override it.
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db.kysely);
      expect(rows).toEqual([{ synchronous_commit: 'on' }]);
    } finally {
      await db.destroy();
    }
  });
});
