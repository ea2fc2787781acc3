// Runs claimed jobs in-process: polls (or is woken after a commit that enqueued work), keeps up
// to `concurrency` jobs running, heartbeats their leases, and records each outcome, fenced.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Db } from '../db/database.ts';
import { ProviderError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { claim, complete, extendLease, fail, type Job, markDead, retryAt } from './queue.ts';

export interface JobContext {
  jobId: string;
  kind: string;
  /** 1 on the first run; rate-limit waits are not counted. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the lease is lost to another worker or the stop deadline passes. */
  signal: AbortSignal;
}

export type JobHandler = (payload: unknown, ctx: JobContext) => Promise<void>;

export interface WorkerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  log: Logger;
  concurrency?: number;
  /** Idle wait between polls; `wake()` cuts it short. */
  pollMs?: number;
  /** How long a claim lasts without a heartbeat; heartbeats run every third of it. */
  leaseMs?: number;
  workerId?: string;
  /** How long `stop()` waits for running jobs. */
  stopTimeoutMs?: number;
}

export interface Worker {
  readonly id: string;
  /** Poll now: call it from an after-commit hook of the transaction that enqueued. */
  wake(): void;
  /** Stops claiming and waits (up to the deadline) for running jobs to finish. */
  stop(): Promise<void>;
}

interface Running {
  done: Promise<void>;
  controller: AbortController;
  heartbeat: NodeJS.Timeout;
}

export function startWorker(opts: WorkerOptions): Worker {
  const { db, handlers, log } = opts;
  const concurrency = opts.concurrency ?? 4;
  const pollMs = opts.pollMs ?? 1000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 30_000;
  const workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');

  const running = new Set<Running>();
  let stopping = false;
  // A wake that arrives while a claim is in flight must not be lost, hence the flag.
  let wakePending = false;
  let interruptIdle: (() => void) | null = null;

  const wake = () => {
    wakePending = true;
    interruptIdle?.();
  };

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wakePending) return resolve();
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        interruptIdle = null;
        resolve();
      }
      interruptIdle = finish;
    });

  const loop = (async () => {
    while (!stopping) {
      wakePending = false;
      const free = concurrency - running.size;
      let claimed: Job[] = [];
      if (free > 0) {
        try {
          claimed = await claim(db, workerId, { limit: free, leaseMs });
        } catch (err) {
          log.error({ err, workerId }, 'job claim failed');
        }
      }
      // Claimed jobs are started even when stop() came meanwhile; stop() then waits for them.
      for (const job of claimed) start(job);
      // A full batch suggests more is due: claim again at once instead of idling.
      if (free > 0 && claimed.length === free) continue;
      if (!stopping) await idle(pollMs);
    }
  })();

  function start(job: Job): void {
    const controller = new AbortController();
    let beating = false;
    const heartbeat = setInterval(
      () => {
        if (beating) return;
        beating = true;
        extendLease(db, job, leaseMs)
          .then((held) => {
            if (held) return;
            log.warn({ jobId: job.id, kind: job.kind, workerId }, 'job lease lost to another worker');
            clearInterval(heartbeat);
            controller.abort(new Error('job lease lost'));
          })
          .catch((err) => log.warn({ err, jobId: job.id, kind: job.kind }, 'job lease extension failed'))
          .finally(() => (beating = false));
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    const entry: Running = { controller, heartbeat, done: Promise.resolve() };
    entry.done = run(job, controller.signal)
      .catch((err) => log.error({ err, jobId: job.id, kind: job.kind }, 'job outcome not recorded'))
      .finally(() => {
        clearInterval(heartbeat);
        running.delete(entry);
        wake(); // a slot is free
      });
    running.add(entry);
  }

  async function run(job: Job, signal: AbortSignal): Promise<void> {
    const meta = { jobId: job.id, kind: job.kind, attempt: job.attempts };
    // hasOwn: a kind such as "constructor" must not resolve to an Object.prototype member.
    const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
    if (!handler) {
      await markDead(db, job, `no handler registered for job kind "${job.kind}"`);
      log.error(meta, 'job has unknown kind');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch {
      await markDead(db, job, 'payload is not valid JSON');
      log.error(meta, 'job payload unreadable');
      return;
    }

    try {
      await handler(payload, { jobId: job.id, kind: job.kind, attempt: job.attempts, maxAttempts: job.max_attempts, signal });
    } catch (err) {
      const at = retryTimeOf(err);
      if (at) {
        if (await retryAt(db, job, at, err instanceof Error ? err.message : String(err))) {
          log.info({ ...meta, retryAt: at.toISOString() }, 'job rescheduled');
        } else log.warn(meta, 'job lease lost before it could be rescheduled');
        return;
      }
      if (err instanceof ProviderError && !err.retryable) {
        // A rejected token or a missing repository stays that way: retrying only burns budget.
        await markDead(db, job, err.message);
        log.warn({ err, ...meta }, 'job failed permanently');
        return;
      }
      const outcome = await fail(db, job, err);
      if (outcome === 'dead') log.error({ err, ...meta }, 'job dead after its last attempt');
      else if (outcome === 'retrying') log.warn({ err, ...meta }, 'job failed');
      else log.warn({ err, ...meta }, 'job failed after its lease was lost');
      return;
    }
    if (!(await complete(db, job))) log.warn(meta, 'job finished after its lease was lost; another worker owns it');
  }

  let stopped: Promise<void> | undefined;
  return {
    id: workerId,
    wake,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake();
        await loop;
        let deadline: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          Promise.allSettled([...running].map((r) => r.done)).then(() => false),
          new Promise<boolean>((resolve) => (deadline = setTimeout(() => resolve(true), stopTimeoutMs))),
        ]);
        clearTimeout(deadline);
        if (!timedOut) return;
        // Nothing is released: a half-done job keeps its row as it is, and once the heartbeat
        // stops its lease expires and another worker runs it again (handlers are idempotent).
        log.warn({ workerId, running: running.size }, 'worker stopped with jobs still running');
        for (const r of running) {
          clearInterval(r.heartbeat);
          r.controller.abort(new Error('worker stopping'));
        }
      })();
      return stopped;
    },
  };
}

/** A rate limit's reset time: ProviderError('rate_limited', …, retryAt) or any error carrying `retryAt: Date`. */
function retryTimeOf(err: unknown): Date | null {
  const at = (err as { retryAt?: unknown } | null)?.retryAt;
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at : null;
}
