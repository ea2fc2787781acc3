import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshPostgresUrl, freshSqliteUrl } from '../../../test/support/databases.ts';
import { addTicket, seedProject } from '../../../test/support/pr-fixtures.ts';
import { type Db, openDatabase } from '../database.ts';
import { migrations } from './index.ts';

describe.each(engines)('board changes of labels, priority and archive (migration 023) on %s', (engine) => {
  let db: Db | undefined;
  afterEach(() => db?.destroy());

  it('records them once applied, and reverts to recording the card fields of migration 018 only', async () => {
    db = openDatabase(engine === 'sqlite' ? freshSqliteUrl() : await freshPostgresUrl());
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const seeded = await seedProject(db);
    const ticket = await addTicket(db, seeded);
    const changes = async () =>
      Number(
        (
          await db!.kysely
            .selectFrom('board_changes')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('ticket_id', '=', ticket.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const setPriority = (priority: string) => db!.kysely.updateTable('tickets').set({ priority }).where('id', '=', ticket.id).execute();

    const created = await changes();
    await setPriority('high');
    expect(await changes()).toBe(created + 1);

    expect((await migrator.migrateTo('022-delivery-ticket')).error).toBeUndefined();
    await setPriority('low');
    expect(await changes()).toBe(created + 1);
    await db.kysely.updateTable('tickets').set({ title: 'Renamed' }).where('id', '=', ticket.id).execute();
    expect(await changes()).toBe(created + 2);

    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await setPriority('urgent');
    expect(await changes()).toBe(created + 3);
  });
});
