// /readyz is what a load balancer and Kubernetes trust to send traffic: ready only while the
// database answers and every migration is applied. /healthz stays up through a database outage,
// so the process is not restarted for what a restart cannot fix.
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { startTestBaton } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

async function probe(url: string): Promise<[number, unknown]> {
  const res = await fetch(url);
  return [res.status, await res.json()];
}

describe.each(engines)('readiness on %s', (engine) => {
  it('is ready only while every migration is applied', async () => {
    const baton = await startTestBaton({ engine });
    try {
      expect(await probe(`${baton.url}/readyz`)).toEqual([200, { status: 'ready' }]);
      // As if a newer release's migration had not run yet: its row is missing from the ledger.
      const db = baton.ctx.db.kysely;
      const newest = await db
        .selectFrom('kysely_migration' as never)
        .selectAll()
        .orderBy('name' as never, 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const { name } = newest as { name: string };
      await db
        .deleteFrom('kysely_migration' as never)
        .where('name' as never, '=', name as never)
        .execute();
      expect(await probe(`${baton.url}/readyz`)).toEqual([503, { status: 'migrations pending', pending: [name] }]);
      expect((await fetch(`${baton.url}/healthz`)).status).toBe(200);

      await db
        .insertInto('kysely_migration' as never)
        .values(newest as never)
        .execute();
      expect(await probe(`${baton.url}/readyz`)).toEqual([200, { status: 'ready' }]);
    } finally {
      await baton.stop();
    }
  });
});

describe('readiness on postgres', () => {
  it('is not ready while the database refuses connections, keeps running, and is ready again once it accepts them', async () => {
    const baton = await startTestBaton({ engine: 'postgres' });
    const name = new URL(baton.ctx.config.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    try {
      expect(await probe(`${baton.url}/readyz`)).toEqual([200, { status: 'ready' }]);
      // The outage: no new connections, and every open one (idle in Baton's pool or busy) cut.
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await expect.poll(() => probe(`${baton.url}/readyz`)).toEqual([503, { status: 'database unreachable' }]);
      expect((await fetch(`${baton.url}/healthz`)).status).toBe(200);

      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await expect.poll(() => probe(`${baton.url}/readyz`)).toEqual([200, { status: 'ready' }]);
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      await baton.stop();
    }
  });
});
