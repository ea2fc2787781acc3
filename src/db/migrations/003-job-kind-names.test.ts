import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { engines, freshPostgresUrl, freshSqliteUrl } from '../../../test/support/databases.ts';
import { type Db, openDatabase } from '../database.ts';
import { migrations } from './index.ts';

describe.each(engines)('job kind rename on %s', (engine) => {
  let db: Db | undefined;
  afterEach(() => db?.destroy());

  it('renames stored Start work jobs whatever their status, leaves other kinds alone, and reverts', async () => {
    db = openDatabase(engine === 'sqlite' ? freshSqliteUrl() : await freshPostgresUrl());
    const migrator = new Migrator({ db: db.kysely, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('002-pr-sync')).error).toBeUndefined();

    const now = new Date().toISOString();
    const job = (id: string, kind: string, status: 'queued' | 'dead') => ({
      id,
      kind,
      payload: '{}',
      status,
      singleton_key: null,
      attempts: 0,
      max_attempts: 6,
      run_at: now,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    });
    await db.kysely
      .insertInto('jobs')
      .values([job('j1', 'start_work', 'queued'), job('j2', 'republish_spec', 'dead'), job('j3', 'pr.sync-ticket', 'queued')])
      .execute();
    const kinds = async () => (await db!.kysely.selectFrom('jobs').select(['id', 'kind']).orderBy('id').execute()).map((r) => [r.id, r.kind]);

    // Up to this migration only, so later ones do not change what is checked.
    expect((await migrator.migrateTo('003-job-kind-names')).results?.map((r) => r.migrationName)).toEqual(['003-job-kind-names']);
    expect(await kinds()).toEqual([
      ['j1', 'ticket.start-work'],
      ['j2', 'ticket.republish-spec'],
      ['j3', 'pr.sync-ticket'],
    ]);

    expect((await migrator.migrateTo('002-pr-sync')).error).toBeUndefined();
    expect(await kinds()).toEqual([
      ['j1', 'start_work'],
      ['j2', 'republish_spec'],
      ['j3', 'pr.sync-ticket'],
    ]);
  });
});
