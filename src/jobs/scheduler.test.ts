import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import { eventually } from '../../test/support/eventually.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { createLogger } from '../log.ts';
import { claim, complete, enqueue } from './queue.ts';
import { ensureSchedule, nextRunAfter, runDueSchedules, startScheduler } from './scheduler.ts';
import { startWorker } from './worker.ts';

const log = createLogger('silent');

describe('nextRunAfter', () => {
  it('moves one interval on, or skips to the first slot after now when periods were missed', () => {
    const now = new Date('2025-01-01T00:10:30.000Z');
    expect(nextRunAfter('2025-01-01T00:10:00.000Z', 60, now)).toBe('2025-01-01T00:11:00.000Z');
    expect(nextRunAfter('2025-01-01T00:00:00.000Z', 60, now)).toBe('2025-01-01T00:11:00.000Z');
    expect(nextRunAfter('2025-01-01T00:10:30.000Z', 60, now)).toBe('2025-01-01T00:11:30.000Z');
  });
});

describe.each(engines)('scheduler on %s', (engine) => {
  let db: Db & { url: string };
  // A second connection pool to the same database, as another process would have. SQLite shares
  // the handle: two handles in one thread would block each other's synchronous busy waits.
  let other: Db;
  beforeEach(async () => {
    db = await freshDatabase(engine);
    other = engine === 'postgres' ? openDatabase(db.url) : db;
  });
  afterEach(async () => {
    if (other !== db) await other.destroy();
    await db.destroy();
  });

  const schedule = (name: string) => db.kysely.selectFrom('schedules').selectAll().where('name', '=', name).executeTakeFirst();
  const jobsFor = (name: string) => db.kysely.selectFrom('jobs').selectAll().where('singleton_key', '=', `schedule:${name}`).orderBy('created_at').execute();

  it('ensureSchedule creates, updates without postponing, pulls in on a shorter interval, and removes at 0', async () => {
    const before = Date.now();
    await ensureSchedule(db, { name: 'reconcile', kind: 'reconcile', payload: { all: true }, intervalSeconds: 3600 });
    const created = (await schedule('reconcile'))!;
    expect(created).toMatchObject({ kind: 'reconcile', payload: '{"all":true}', interval_seconds: 3600 });
    expect(Date.parse(created.next_run_at)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(created.next_run_at)).toBeLessThanOrEqual(Date.now());

    // Pretend it ran: next run in an hour. Re-ensuring (every process start) must not move it.
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    await db.kysely.updateTable('schedules').set({ next_run_at: inAnHour }).execute();
    await ensureSchedule(db, { name: 'reconcile', kind: 'reconcile', payload: { all: false }, intervalSeconds: 3600 });
    expect(await schedule('reconcile')).toMatchObject({ payload: '{"all":false}', next_run_at: inAnHour });

    await ensureSchedule(db, { name: 'reconcile', kind: 'reconcile', payload: {}, intervalSeconds: 60 });
    const shorter = (await schedule('reconcile'))!;
    expect(Date.parse(shorter.next_run_at)).toBeLessThanOrEqual(Date.now() + 60_000);

    await ensureSchedule(db, { name: 'reconcile', kind: 'reconcile', intervalSeconds: 0 });
    expect(await schedule('reconcile')).toBeUndefined();
  });

  it('runDueSchedules enqueues a due schedule once with its singleton key and moves it one interval on', async () => {
    await ensureSchedule(db, { name: 'prune', kind: 'prune', payload: { days: 1 }, intervalSeconds: 60 });
    const due = (await schedule('prune'))!.next_run_at;
    expect(await runDueSchedules(db, log)).toEqual(['prune']);
    expect(await runDueSchedules(db, log)).toEqual([]); // not due again for a minute
    const jobs = await jobsFor('prune');
    expect(jobs.map((j) => [j.kind, JSON.parse(j.payload), j.status])).toEqual([['prune', { days: 1 }, 'queued']]);
    expect((await schedule('prune'))!.next_run_at).toBe(new Date(Date.parse(due) + 60_000).toISOString());
  });

  it('across two processes racing on the same due schedule, exactly one wins each period', async () => {
    await ensureSchedule(db, { name: 'race', kind: 'race', intervalSeconds: 60 });
    for (let period = 1; period <= 3; period++) {
      const due = (await schedule('race'))!.next_run_at;
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => runDueSchedules(i % 2 ? other : db, log)));
      expect(results.flat()).toEqual(['race']);
      expect((await schedule('race'))!.next_run_at).toBe(new Date(Date.parse(due) + 60_000).toISOString());
      // Finish this period's job so its singleton key cannot mask a second enqueue next time,
      // then make the schedule due again.
      const [job] = await claim(db, 'w', { limit: 10, leaseMs: 60_000 });
      await complete(db, job);
      await db.kysely
        .updateTable('schedules')
        .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
        .execute();
    }
    expect(await jobsFor('race')).toHaveLength(3);
  });

  it('does not pile up a second job while the previous one is still live', async () => {
    await ensureSchedule(db, { name: 'slow', kind: 'slow', intervalSeconds: 60 });
    expect(await runDueSchedules(db, log)).toEqual(['slow']);
    await db.kysely
      .updateTable('schedules')
      .set({ next_run_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await runDueSchedules(db, log)).toEqual(['slow']);
    expect(await jobsFor('slow')).toHaveLength(1);
  });

  it('two running schedulers enqueue one job per period', async () => {
    const wakes: number[] = [];
    await ensureSchedule(db, { name: 'tick', kind: 'tick', intervalSeconds: 1 });
    const firstPeriod = Date.parse((await schedule('tick'))!.next_run_at);
    const runs: string[] = [];
    const worker = startWorker({ db, log, pollMs: 10, handlers: { tick: async (_p, ctx) => void runs.push(ctx.jobId) } });
    const schedulers = [
      startScheduler({ db, log, tickMs: 15, onEnqueue: () => wakes.push(1) && worker.wake() }),
      startScheduler({ db: other, log, tickMs: 15, onEnqueue: () => wakes.push(2) && worker.wake() }),
    ];
    await eventually(() => wakes.length >= 3, { what: 'three periods' });
    await Promise.all(schedulers.map((s) => s.stop()));
    // Periods start every second from the first; each may enqueue once, whichever scheduler wins.
    const periodsBegun = Math.floor((Date.now() - firstPeriod) / 1000) + 1;
    const jobs = await jobsFor('tick');
    expect(wakes.length).toBeLessThanOrEqual(periodsBegun);
    expect(jobs).toHaveLength(wakes.length);
    await eventually(() => runs.length === jobs.length, { what: 'every job to run' });
    await worker.stop();
    expect(runs.sort()).toEqual(jobs.map((j) => j.id).sort());
  });

  it('housekeeping on start prunes old succeeded jobs', async () => {
    const id = await enqueue(db.kysely, { kind: 'old', payload: {} });
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await db.kysely.updateTable('jobs').set({ status: 'succeeded', updated_at: old }).where('id', '=', id).execute();
    const scheduler = startScheduler({ db, log, tickMs: 1000 });
    await scheduler.stop(); // waits for the first tick, which does the housekeeping
    expect(await db.kysely.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });
});
