import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import { eventually } from '../../test/support/eventually.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { ProviderError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { claim, complete, enqueue, type Job } from './queue.ts';
import { type JobContext, startWorker, type Worker } from './worker.ts';

const log = createLogger('silent');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waitFor = (check: () => Promise<boolean> | boolean, what?: string) => eventually(check, { what });

describe.each(engines)('worker on %s', (engine) => {
  let db: Db & { url: string };
  const cleanup: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    db = await freshDatabase(engine);
  });
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    await db.destroy();
  });

  const worker = (opts: Partial<Parameters<typeof startWorker>[0]> & Pick<Parameters<typeof startWorker>[0], 'handlers'>): Worker => {
    const w = startWorker({ db, log, pollMs: 20, leaseMs: 5000, ...opts });
    cleanup.push(() => w.stop());
    return w;
  };
  const get = (id: string) => db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const statusIs = (id: string, status: Job['status']) => async () => (await get(id)).status === status;

  it('runs a job with its payload and marks it succeeded; wake() skips the poll wait', async () => {
    const seen: Array<[unknown, Omit<JobContext, 'signal'>]> = [];
    // The first poll claims this one; once it has run, the worker idles for a minute.
    const first = await enqueue(db.kysely, { kind: 'greet', payload: { ticket: 'PAY-0' } });
    const w = worker({
      pollMs: 60_000,
      handlers: {
        greet: async (payload, { signal, ...ctx }) => {
          seen.push([payload, ctx]);
        },
      },
    });
    await waitFor(statusIs(first, 'succeeded'));
    const id = await db.transaction(async (tx, afterCommit) => {
      const jobId = await enqueue(tx, { kind: 'greet', payload: { ticket: 'PAY-1' }, maxAttempts: 4 });
      afterCommit(w.wake);
      return jobId;
    });
    await waitFor(statusIs(id, 'succeeded')); // well before the next poll, a minute away
    expect(seen.slice(1)).toEqual([[{ ticket: 'PAY-1' }, { jobId: id, kind: 'greet', attempt: 1, maxAttempts: 4 }]]);
  });

  it('retries a failing job with backoff and records the error', async () => {
    const id = await enqueue(db.kysely, { kind: 'boom', payload: {} });
    worker({ handlers: { boom: async () => Promise.reject(new Error('provider down')) } });
    // Queued again after its first attempt (it starts out queued, so the status alone says nothing).
    await waitFor(async () => (await get(id)).attempts === 1 && (await statusIs(id, 'queued')()));
    const row = await get(id);
    expect(row).toMatchObject({ attempts: 1, last_error: 'Error: provider down', locked_by: null });
    expect(Date.parse(row.run_at) - Date.parse(row.updated_at)).toBeGreaterThan(1000); // the backoff, from when it failed
  });

  it('buries a job of an unknown kind at once with a clear error', async () => {
    const id = await enqueue(db.kysely, { kind: 'constructor', payload: {} });
    worker({ handlers: {} });
    await waitFor(statusIs(id, 'dead'));
    expect((await get(id)).last_error).toBe('no handler registered for job kind "constructor"');
  });

  it('reschedules a rate-limited job at the reset time without using up an attempt', async () => {
    const resetAt = new Date(Date.now() + 10 * 60_000);
    const other = new Date(Date.now() + 20 * 60_000);
    const limited = await enqueue(db.kysely, { kind: 'limited', payload: {} });
    const custom = await enqueue(db.kysely, { kind: 'custom', payload: {} });
    worker({
      handlers: {
        limited: async () => {
          throw new ProviderError('rate_limited', 'GitHub rate limit reached', resetAt, 403);
        },
        custom: async () => {
          throw Object.assign(new Error('slow down'), { retryAt: other });
        },
      },
    });
    // Both start out queued: wait until each has been run and rescheduled.
    await waitFor(async () => (await get(limited)).run_at === resetAt.toISOString() && (await get(custom)).run_at === other.toISOString());
    expect(await get(limited)).toMatchObject({ attempts: 0, run_at: resetAt.toISOString(), last_error: 'GitHub rate limit reached' });
    expect(await get(custom)).toMatchObject({ attempts: 0, run_at: other.toISOString() });
  });

  it('buries a job at once when the provider refuses for good (bad token, missing repository)', async () => {
    const id = await enqueue(db.kysely, { kind: 'refused', payload: {} });
    worker({ handlers: { refused: async () => Promise.reject(new ProviderError('auth', 'GitHub rejected the token', null, 401)) } });
    await waitFor(statusIs(id, 'dead'));
    expect(await get(id)).toMatchObject({ attempts: 1, last_error: 'GitHub rejected the token' });
  });

  it('extends the lease of a long job so no other worker runs it meanwhile', async () => {
    let runs = 0;
    const id = await enqueue(db.kysely, { kind: 'slow', payload: {} });
    const leaseMs = 1500;
    const handlers = {
      // Runs until its first lease has long expired and been extended: without the heartbeat the
      // other worker, polling every 20 ms, would have claimed it by then.
      slow: async () => {
        runs++;
        const firstLeaseEnd = Date.parse((await get(id)).locked_until!);
        await waitFor(async () => Date.now() > firstLeaseEnd + leaseMs / 2 && Date.parse((await get(id)).locked_until!) > Date.now());
      },
    };
    worker({ handlers, leaseMs, workerId: 'a' });
    worker({ handlers, leaseMs, workerId: 'b' });
    await waitFor(statusIs(id, 'succeeded'));
    expect(runs).toBe(1);
    expect((await get(id)).attempts).toBe(1);
  });

  it('runs a job again after its worker died mid-job, and rejects the dead worker’s late result', async () => {
    const id = await enqueue(db.kysely, { kind: 'resume', payload: {} });
    const [abandoned] = await claim(db, 'crashed-worker', { limit: 1, leaseMs: 300 });
    expect(abandoned.id).toBe(id);
    const attempts: Array<{ attempt: number; at: number }> = [];
    worker({ handlers: { resume: async (_p, ctx) => void attempts.push({ attempt: ctx.attempt, at: Date.now() }) }, workerId: 'survivor' });
    await waitFor(statusIs(id, 'succeeded'));
    expect(attempts).toEqual([{ attempt: 2, at: expect.any(Number) }]);
    expect(attempts[0].at).toBeGreaterThanOrEqual(Date.parse(abandoned.locked_until!)); // not while the lease was valid
    expect(await complete(db, abandoned)).toBe(false);
    expect(await get(id)).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('keeps jobs across a restart: a new process on the same database runs them', async () => {
    const ids = await db.transaction(async (tx) => Promise.all([1, 2, 3].map((n) => enqueue(tx, { kind: 'durable', payload: { n } }))));
    await db.destroy();
    db = Object.assign(openDatabase(db.url), { url: db.url });
    const seen: unknown[] = [];
    worker({ handlers: { durable: async (p) => void seen.push(p) } });
    await waitFor(async () => (await Promise.all(ids.map((id) => statusIs(id, 'succeeded')()))).every(Boolean));
    expect(seen).toHaveLength(3);
    expect(seen).toEqual(expect.arrayContaining([{ n: 1 }, { n: 2 }, { n: 3 }]));
  });

  it('stop() stops claiming and waits for the running job to finish', async () => {
    let release!: () => void;
    let started = false;
    const running = await enqueue(db.kysely, { kind: 'wait', payload: {} });
    // One slot, taken by the running job: no claim can be in flight when stop() is called, and
    // only a worker that kept claiming after stop() would take the second job once the slot frees.
    const w = startWorker({
      db,
      log,
      pollMs: 20,
      concurrency: 1,
      handlers: {
        wait: () => {
          started = true;
          return new Promise<void>((r) => (release = r));
        },
      },
    });
    await waitFor(async () => started);
    const untouched = await enqueue(db.kysely, { kind: 'wait', payload: {} });
    let stopped = false;
    const stopping = w.stop().then(() => (stopped = true));
    await sleep(100); // a chance for stop() to return early, which it must not
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await get(running)).status).toBe('succeeded');
    expect(await get(untouched)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('at the stop deadline aborts the handler and leaves its job for the lease to expire', async () => {
    let signal: AbortSignal | undefined;
    let settle!: () => void;
    const id = await enqueue(db.kysely, { kind: 'stuck', payload: {} });
    const w = startWorker({
      db,
      log,
      pollMs: 20,
      leaseMs: 60_000,
      stopTimeoutMs: 100,
      handlers: {
        // Ignores the abort until the test lets it go: stop() must return at its deadline anyway.
        stuck: (_p, ctx) => {
          signal = ctx.signal;
          return new Promise<void>((resolve) => (settle = resolve)).then(() => Promise.reject(ctx.signal.reason));
        },
      },
    });
    await waitFor(async () => signal !== undefined);
    await w.stop();
    expect(signal!.aborted).toBe(true);
    // Not released: still running under the stopped worker's lease.
    expect(await get(id)).toMatchObject({ status: 'running', locked_by: w.id });
    // When the handler gives up after all, its failure is recorded under the lease it still holds.
    settle();
    await waitFor(statusIs(id, 'queued'));
    expect((await get(id)).last_error).toBe('Error: worker stopping');
  });
});

describe.each(engines)('two workers on %s', (engine) => {
  it('never run one job twice at once, and run each job exactly once', async () => {
    const db = await freshDatabase(engine);
    // Two pools on PostgreSQL, as two processes would have. On SQLite the second worker shares
    // the handle: two handles in one thread would block each other's synchronous busy waits.
    const other = engine === 'postgres' ? openDatabase(db.url) : db;
    const total = 300;
    await db.transaction(async (tx) => {
      for (let n = 0; n < total; n++) await enqueue(tx, { kind: 'count', payload: { n } });
    });

    const inFlight = new Set<string>();
    const runs = new Map<string, number>();
    const byWorker = new Map<string, number>();
    const overlaps: string[] = [];
    const handlerFor = (name: string) => async (_payload: unknown, ctx: JobContext) => {
      if (inFlight.has(ctx.jobId)) overlaps.push(ctx.jobId);
      inFlight.add(ctx.jobId);
      runs.set(ctx.jobId, (runs.get(ctx.jobId) ?? 0) + 1);
      byWorker.set(name, (byWorker.get(name) ?? 0) + 1);
      await sleep(2 + Math.random() * 8);
      inFlight.delete(ctx.jobId);
    };
    const workers = [
      startWorker({ db, log, concurrency: 8, pollMs: 10, handlers: { count: handlerFor('a') }, workerId: 'a' }),
      startWorker({ db: other, log, concurrency: 8, pollMs: 10, handlers: { count: handlerFor('b') }, workerId: 'b' }),
    ];
    try {
      await waitFor(async () => {
        const row = await db.kysely
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'succeeded')
          .executeTakeFirstOrThrow();
        return Number(row.n) === total;
      }, 'every job to succeed');
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      if (other !== db) await other.destroy();
      await db.destroy();
    }
    expect(overlaps).toEqual([]);
    expect(runs.size).toBe(total);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(byWorker.get('a')).toBeGreaterThan(0);
    expect(byWorker.get('b')).toBeGreaterThan(0);
  });
});
