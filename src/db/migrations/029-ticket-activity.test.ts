import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshPostgresUrl, freshSqliteUrl } from '../../../test/support/databases.ts';
import { addTicket, seedProject } from '../../../test/support/pr-fixtures.ts';
import { type Db, openDatabase } from '../database.ts';
import { migrations } from './index.ts';

describe.each(engines)('ticket activity migration on %s', (engine) => {
  let db: Db | undefined;
  afterEach(() => db?.destroy());

  it('keeps the status history as status entries, takes other kinds, and reverts to status moves only', async () => {
    db = openDatabase(engine === 'sqlite' ? freshSqliteUrl() : await freshPostgresUrl());
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('027-issue-sync')).error).toBeUndefined();
    const seeded = await seedProject(db);
    const ticket = await addTicket(db, seeded);
    await db.kysely
      .insertInto('ticket_history')
      .values({
        id: 'h1',
        ticket_id: ticket.id,
        at: '2026-01-01T00:00:00.000Z',
        from_status: 'backlog',
        to_status: 'ready',
        cause: 'user',
        actor_id: null,
        detail: 'moved',
      })
      .execute();

    expect((await migrator.migrateTo('029-ticket-activity')).error).toBeUndefined();
    const rows = () => db!.kysely.selectFrom('ticket_history').selectAll().where('id', 'in', ['h1', 'h2']).orderBy('at').execute();
    expect(await rows()).toEqual([
      expect.objectContaining({
        id: 'h1',
        from_status: 'backlog',
        to_status: 'ready',
        cause: 'user',
        detail: 'moved',
        kind: 'status',
        delivery_id: null,
        data: null,
      }),
    ]);
    await db.kysely
      .insertInto('ticket_history')
      .values({
        id: 'h2',
        ticket_id: ticket.id,
        at: '2026-01-02T00:00:00.000Z',
        from_status: null,
        to_status: null,
        cause: 'user',
        actor_id: null,
        detail: null,
        kind: 'spec',
      })
      .execute();
    // The rebuilt table still goes with its ticket.
    const other = await addTicket(db, seeded);
    await db.kysely
      .insertInto('ticket_history')
      .values({
        id: 'h3',
        ticket_id: other.id,
        at: '2026-01-02T00:00:00.000Z',
        from_status: null,
        to_status: null,
        cause: 'user',
        actor_id: null,
        detail: null,
        kind: 'spec',
      })
      .execute();
    await db.kysely.deleteFrom('tickets').where('id', '=', other.id).execute();
    expect(await db.kysely.selectFrom('ticket_history').select('id').where('id', '=', 'h3').execute()).toEqual([]);

    expect((await migrator.migrateTo('027-issue-sync')).error).toBeUndefined();
    expect((await rows()).map((r) => r.id)).toEqual(['h1']);
  });
});
