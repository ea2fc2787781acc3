import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshPostgresUrl, freshSqliteUrl } from '../../../test/support/databases.ts';
import { addTicket, seedProject } from '../../../test/support/pr-fixtures.ts';
import { type Db, openDatabase } from '../database.ts';
import { ticketPageRows } from '../queries/board.ts';
import { migrations } from './index.ts';

describe.each(engines)('ticket search migration on %s', (engine) => {
  let db: Db | undefined;
  afterEach(() => db?.destroy());

  it('indexes the tickets that existed before it, and reverts', async () => {
    db = openDatabase(engine === 'sqlite' ? freshSqliteUrl() : await freshPostgresUrl());
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('005-provider-write-slots')).error).toBeUndefined();
    const seeded = await seedProject(db);
    const before = await addTicket(db, seeded);
    await db.kysely.updateTable('tickets').set({ spec: 'Settle the nightly ledger' }).where('id', '=', before.id).execute();

    expect((await migrator.migrateTo('008-ticket-search')).error).toBeUndefined();
    // The board's query reads columns added later (priority, archived); those migrations leave the index alone.
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const search = async (q: string) => (await ticketPageRows(db!.kysely, seeded.projectId, { q, limit: 10 })).map((t) => t.key);
    expect(await search('ledg')).toEqual([before.key]);
    const after = await addTicket(db, seeded);
    expect(await search('ticket')).toEqual([after.key, before.key]);

    expect((await migrator.migrateTo('005-provider-write-slots')).error).toBeUndefined();
    await addTicket(db, seeded); // the triggers are gone with the index
  });
});
