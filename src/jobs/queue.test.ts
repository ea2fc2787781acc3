import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import type { Db } from '../db/database.ts';
import { Conflict } from '../errors.ts';
import {
  backoffMs,
  claim,
  complete,
  enqueue,
  extendLease,
  fail,
  type Job,
  listJobs,
  markDead,
  pruneSucceeded,
  reapExpiredLeases,
  retryAt,
  retryDead,
} from './queue.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('backoffMs', () => {
  it('doubles per attempt within ±20 % and caps at an hour', () => {
    expect(backoffMs(1, () => 0)).toBe(1600);
    expect(backoffMs(1, () => 1)).toBe(2400);
    expect(backoffMs(5, () => 0.5)).toBe(32_000);
    expect(backoffMs(30, () => 0.5)).toBe(3_600_000);
    expect(backoffMs(30, () => 1)).toBe(4_320_000);
  });
});

describe.each(engines)('job queue on %s', (engine) => {
  // A fresh database per test: claim() takes whatever is due, so tests must not share jobs.
  let db: Db;
  beforeEach(async () => {
    db = await freshDatabase(engine);
  });
  afterEach(() => db?.destroy());

  const get = (id: string) => db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const makeDue = (id: string) =>
    db.kysely
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
  const claimOne = async (workerId: string, kind: string, leaseMs = 60_000): Promise<Job> => {
    const jobs = await claim(db, workerId, { limit: 100, leaseMs });
    expect(jobs.map((j) => j.kind)).toEqual([kind]);
    return jobs[0];
  };

  it('enqueues with the write that causes it: a rolled-back transaction leaves no job', async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, { kind: 'rollback', payload: { n: 1 } });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const id = await db.transaction((tx) => enqueue(tx, { kind: 'rollback', payload: { n: 2 } }));
    const rows = await listJobs(db, { kind: 'rollback' });
    expect(rows.map((r) => [r.id, JSON.parse(r.payload)])).toEqual([[id, { n: 2 }]]);
    expect(rows[0]).toMatchObject({ status: 'queued', attempts: 0, max_attempts: 10 });
  });

  it('keeps one live job per singleton key, even under concurrent enqueues', async () => {
    const first = await enqueue(db.kysely, { kind: 'single', payload: {}, singletonKey: 'sync:1' });
    const ids = await Promise.all(
      Array.from({ length: 10 }, () => db.transaction((tx) => enqueue(tx, { kind: 'single', payload: {}, singletonKey: 'sync:1' }))),
    );
    expect(new Set(ids)).toEqual(new Set([first]));
    const other = await enqueue(db.kysely, { kind: 'single', payload: {}, singletonKey: 'sync:2' });
    expect(other).not.toBe(first);
    expect(await listJobs(db, { kind: 'single' })).toHaveLength(2);
  });

  it('a running job holds its singleton key; once completed a new job can be enqueued', async () => {
    const id = await enqueue(db.kysely, { kind: 'held', payload: {}, singletonKey: 'held:1' });
    const job = await claimOne('w1', 'held');
    expect(job.id).toBe(id);
    expect(await complete(db, job)).toBe(true);
    expect((await get(id)).status).toBe('succeeded');
    const next = await enqueue(db.kysely, { kind: 'held', payload: {}, singletonKey: 'held:1' });
    expect(next).not.toBe(id);
  });

  it('runs a singleton job once more when it is enqueued again while it runs, with a fresh attempt budget', async () => {
    const id = await enqueue(db.kysely, { kind: 'again', payload: {}, singletonKey: 'again:1', maxAttempts: 2 });
    const first = await claimOne('w1', 'again');
    expect(await enqueue(db.kysely, { kind: 'again', payload: {}, singletonKey: 'again:1', maxAttempts: 2 })).toBe(id);
    expect(await enqueue(db.kysely, { kind: 'again', payload: {}, singletonKey: 'again:1', maxAttempts: 2 })).toBe(id);
    expect(await complete(db, first)).toBe(true);
    expect(await get(id)).toMatchObject({ status: 'queued', run_again: 0, max_attempts: 3 });

    // Asked for twice during one run: one more run, not two.
    const second = await claimOne('w1', 'again');
    expect(second.id).toBe(id);
    expect(await fail(db, second, new Error('provider down'))).toBe('retrying');
    await makeDue(id);
    const third = await claimOne('w1', 'again');
    expect(await complete(db, third)).toBe(true);
    expect(await get(id)).toMatchObject({ status: 'succeeded', attempts: 3 });
  });

  it('claims only due jobs, up to the limit, counting the attempt', async () => {
    const later = await enqueue(db.kysely, { kind: 'due', payload: {}, runAt: new Date(Date.now() + 60_000) });
    const now = await enqueue(db.kysely, { kind: 'due', payload: {} });
    const job = await claimOne('w1', 'due');
    expect(job).toMatchObject({ id: now, status: 'running', locked_by: 'w1', attempts: 1 });
    expect(Date.parse(job.locked_until!)).toBeGreaterThan(Date.now() + 50_000);
    expect((await get(later)).status).toBe('queued');
    expect(await claim(db, 'w1', { limit: 0, leaseMs: 1000 })).toEqual([]);
  });

  it('backs off after a failure, goes dead after max attempts, and retryDead revives it', async () => {
    const id = await enqueue(db.kysely, { kind: 'flaky', payload: {}, maxAttempts: 3 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = await claimOne('w1', 'flaky');
      expect(job.attempts).toBe(attempt);
      const before = Date.now();
      const outcome = await fail(db, job, new Error(`boom ${attempt}`));
      const after = Date.now();
      const row = await get(id);
      expect(row.last_error).toBe(`Error: boom ${attempt}`);
      expect(row.locked_by).toBeNull();
      if (attempt < 3) {
        expect(outcome).toBe('retrying');
        expect(row.status).toBe('queued');
        // The backoff was added to a moment between before and after.
        expect(Date.parse(row.run_at) - before).toBeGreaterThanOrEqual(0.8 * 2 ** attempt * 1000);
        expect(Date.parse(row.run_at) - after).toBeLessThanOrEqual(1.2 * 2 ** attempt * 1000);
        // Not claimable until the backoff has passed.
        expect((await claim(db, 'w1', { limit: 100, leaseMs: 1000 })).some((j) => j.id === id)).toBe(false);
        await makeDue(id);
      } else {
        expect(outcome).toBe('dead');
        expect(row.status).toBe('dead');
      }
    }
    const dead = await listJobs(db, { status: 'dead', kind: 'flaky' });
    expect(dead.map((j) => [j.id, j.last_error])).toEqual([[id, 'Error: boom 3']]);

    expect(await retryDead(db, id)).toBe(true);
    expect(await retryDead(db, id)).toBe(false); // no longer dead
    expect(await get(id)).toMatchObject({ status: 'queued', attempts: 0 });
    const again = await claimOne('w1', 'flaky');
    expect(again.attempts).toBe(1);
    expect(await complete(db, again)).toBe(true);
  });

  it('retryDead refuses to revive a singleton job whose key a live job holds', async () => {
    const id = await enqueue(db.kysely, { kind: 'dup', payload: {}, singletonKey: 'dup:1', maxAttempts: 1 });
    const job = await claimOne('w1', 'dup');
    expect(await fail(db, job, 'nope')).toBe('dead');
    const live = await enqueue(db.kysely, { kind: 'dup', payload: {}, singletonKey: 'dup:1' });
    expect(live).not.toBe(id);
    await expect(retryDead(db, id)).rejects.toBeInstanceOf(Conflict);
    expect((await get(id)).status).toBe('dead');
  });

  it('retryAt reschedules at the given time without consuming an attempt', async () => {
    const id = await enqueue(db.kysely, { kind: 'limited', payload: {}, maxAttempts: 1 });
    const job = await claimOne('w1', 'limited');
    const at = new Date(Date.now() + 5 * 60_000);
    expect(await retryAt(db, job, at, 'rate limited')).toBe(true);
    expect(await get(id)).toMatchObject({ status: 'queued', run_at: at.toISOString(), attempts: 0, locked_by: null, last_error: 'rate limited' });
    expect((await claim(db, 'w1', { limit: 100, leaseMs: 1000 })).some((j) => j.id === id)).toBe(false);

    // Its single real attempt is still there: the next failure, not the rate limit, kills it.
    await makeDue(id);
    const second = await claimOne('w1', 'limited');
    expect(second.attempts).toBe(1);
    expect(await fail(db, second, new Error('real failure'))).toBe('dead');
  });

  it('fences every write on the claim: a worker whose lease was taken over cannot overwrite the new owner', async () => {
    const id = await enqueue(db.kysely, { kind: 'fenced', payload: {} });
    const stale = await claimOne('w-dead', 'fenced', 50);
    await sleep(80);
    const fresh = await claimOne('w-alive', 'fenced');
    expect(fresh).toMatchObject({ id, attempts: 2, locked_by: 'w-alive' });

    expect(await complete(db, stale)).toBe(false);
    expect(await fail(db, stale, 'late')).toBe('lost');
    expect(await retryAt(db, stale, new Date())).toBe(false);
    expect(await extendLease(db, stale, 60_000)).toBe(false);
    expect(await markDead(db, stale, 'late')).toBe(false);
    expect(await get(id)).toMatchObject({ status: 'running', locked_by: 'w-alive', attempts: 2, last_error: null });

    expect(await complete(db, fresh)).toBe(true);
    expect((await get(id)).status).toBe('succeeded');
  });

  it('fences even against the same worker re-claiming its own expired job', async () => {
    const id = await enqueue(db.kysely, { kind: 'self', payload: {} });
    const first = await claimOne('w1', 'self', 50);
    await sleep(80);
    const second = await claimOne('w1', 'self');
    expect(second.id).toBe(id);
    expect(await complete(db, first)).toBe(false);
    expect(await complete(db, second)).toBe(true);
  });

  it('extendLease keeps a long job from being claimed again', async () => {
    const id = await enqueue(db.kysely, { kind: 'long', payload: {} });
    const job = await claimOne('w1', 'long', 50);
    expect(await extendLease(db, job, 60_000)).toBe(true);
    await sleep(80);
    expect((await claim(db, 'w2', { limit: 100, leaseMs: 1000 })).some((j) => j.id === id)).toBe(false);
    expect(await complete(db, job)).toBe(true);
  });

  it('buries a job whose worker died on its last attempt instead of running it again', async () => {
    const id = await enqueue(db.kysely, { kind: 'poison', payload: {}, maxAttempts: 1 });
    await claimOne('w-crashed', 'poison', 30);
    await sleep(60);
    expect((await claim(db, 'w2', { limit: 100, leaseMs: 1000 })).some((j) => j.id === id)).toBe(false);
    expect(await reapExpiredLeases(db)).toBeGreaterThanOrEqual(1);
    expect(await get(id)).toMatchObject({ status: 'dead', locked_by: null });
    expect((await get(id)).last_error).toMatch(/lease expired/);
  });

  it('prunes succeeded jobs older than a day and keeps everything else', async () => {
    const old = await enqueue(db.kysely, { kind: 'prune', payload: {} });
    const recent = await enqueue(db.kysely, { kind: 'prune', payload: {} });
    const deadOld = await enqueue(db.kysely, { kind: 'prune', payload: {} });
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await db.kysely.updateTable('jobs').set({ status: 'succeeded' }).where('id', 'in', [old, recent]).execute();
    await db.kysely.updateTable('jobs').set({ status: 'dead' }).where('id', '=', deadOld).execute();
    await db.kysely.updateTable('jobs').set({ updated_at: twoDaysAgo }).where('id', 'in', [old, deadOld]).execute();
    expect(await pruneSucceeded(db)).toBe(1);
    const left = await listJobs(db, { kind: 'prune' });
    expect(left.map((j) => j.id).sort()).toEqual([recent, deadOld].sort());
  });

  it('lists jobs filtered by status and kind, newest change first', async () => {
    const a = await enqueue(db.kysely, { kind: 'list', payload: { i: 1 } });
    await sleep(5);
    const b = await enqueue(db.kysely, { kind: 'list', payload: { i: 2 } });
    expect((await listJobs(db, { kind: 'list' })).map((j) => j.id)).toEqual([b, a]);
    expect((await listJobs(db, { kind: 'list', limit: 1 })).map((j) => j.id)).toEqual([b]);
    expect(await listJobs(db, { kind: 'list', status: 'dead' })).toEqual([]);
  });
});
