// The durable job queue: rows in `jobs`, enqueued in the caller's transaction, claimed with a
// lease, retried with backoff. Delivery is at-least-once, so handlers must be idempotent.
//
// A claim is identified by (id, locked_by, attempts): every claim increments `attempts`, so even
// the same worker re-claiming its own expired job gets a new token. Every write after a claim is
// fenced on that token, so a worker whose lease was taken over cannot overwrite the new owner.
import { type Selectable, sql, type UpdateObject } from 'kysely';
import { isoIn, newId, nowIso } from '../clock.ts';
import { type Db, type Executor, isUniqueViolation } from '../db/database.ts';
import type { Database } from '../db/schema/index.ts';
import type { JobStatus, JobsTable } from '../db/schema/jobs.ts';
import { Conflict } from '../errors.ts';

export type Job = Selectable<JobsTable>;
/** What a fenced write needs from a claimed job; pass the whole `Job` returned by `claim`. */
export type Claim = Pick<Job, 'id' | 'locked_by' | 'attempts' | 'max_attempts'>;

export const DEFAULT_MAX_ATTEMPTS = 10;
const LIVE: JobStatus[] = ['queued', 'running'];
const MAX_BACKOFF_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_ERROR_LENGTH = 2000;

export interface EnqueueOptions {
  /**
   * `<subject>.<action>` in lower kebab case (`pr.sync-ticket`), declared in its feature's
   * jobs.ts beside the payload schema. Stored with every job: renaming one takes a migration.
   */
  kind: string;
  /** Stored as JSON and listed in the admin UI: never put secrets here, only ids. */
  payload: unknown;
  runAt?: Date;
  maxAttempts?: number;
  /**
   * At most one queued-or-running job per key; enqueueing again returns the live job's id. A job
   * enqueued again while it runs runs once more after this run (with a fresh attempt budget),
   * so a request made as the last run was ending is not folded into it and lost.
   */
  singletonKey?: string;
}

/** Whether a queued or running job holds `singletonKey`. */
export async function hasLiveJob(executor: Executor, singletonKey: string): Promise<boolean> {
  const row = await executor.selectFrom('jobs').select('id').where('singleton_key', '=', singletonKey).where('status', 'in', LIVE).executeTakeFirst();
  return row !== undefined;
}

/** Adds a job on `executor` — pass the transaction whose write causes the job. Returns its id. */
export async function enqueue(executor: Executor, opts: EnqueueOptions): Promise<string> {
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a positive integer');
  const now = nowIso();
  const row = {
    id: newId(),
    kind: opts.kind,
    payload: JSON.stringify(opts.payload ?? null),
    status: 'queued' as const,
    singleton_key: opts.singletonKey ?? null,
    attempts: 0,
    max_attempts: maxAttempts,
    run_at: (opts.runAt ?? new Date()).toISOString(),
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  };
  if (row.singleton_key === null) {
    await executor.insertInto('jobs').values(row).execute();
    return row.id;
  }
  // ON CONFLICT without a target covers the partial unique index on both engines; on
  // PostgreSQL it also waits for a concurrent uncommitted insert of the same key.
  for (let tries = 0; tries < 3; tries++) {
    const inserted = await executor
      .insertInto('jobs')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return inserted.id;
    const live = await executor
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('singleton_key', '=', row.singleton_key)
      .where('status', 'in', LIVE)
      .executeTakeFirst();
    if (live?.status === 'running') {
      await executor
        .updateTable('jobs')
        .set((eb) => ({ run_again: 1, max_attempts: eb('attempts', '+', maxAttempts) }))
        .where('id', '=', live.id)
        .where('status', '=', 'running')
        .execute();
    }
    if (live) return live.id;
    // The holder finished between the two statements, so the key is free again: insert anew.
  }
  throw new Error(`could not enqueue singleton job ${row.singleton_key}`);
}

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
}

/**
 * Leases up to `limit` due jobs to `workerId`: queued jobs whose run_at has come, and running
 * jobs whose lease expired (their worker died) unless that was their last attempt — those are
 * left for `reapExpiredLeases`, so a job that kills its worker cannot kill workers forever.
 */
export async function claim(db: Db, workerId: string, { limit, leaseMs }: ClaimOptions): Promise<Job[]> {
  if (limit < 1) return [];
  const now = nowIso();
  const lockedUntil = isoIn(leaseMs);
  // The ids are picked in a MATERIALIZED CTE, not `WHERE id IN (subquery)`: PostgreSQL may
  // re-run a LIMIT … FOR UPDATE SKIP LOCKED subquery inside a nested loop and so lock (and
  // claim) more rows than the limit. SQLite has no row locks; its single writer serialises this.
  const run = (ex: Executor) =>
    ex
      .with(
        (cte) => cte('next').materialized(),
        (qb) =>
          qb
            .selectFrom('jobs')
            .select('id')
            .where((eb) =>
              eb.or([
                eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
                eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now), eb('attempts', '<', eb.ref('max_attempts'))]),
              ]),
            )
            .orderBy('run_at')
            .limit(limit)
            .$if(db.engine === 'postgres', (q) => q.forUpdate().skipLocked()),
      )
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: workerId,
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', (eb) => eb.selectFrom('next').select('id'))
      .returningAll()
      .execute();
  // SQLite: BEGIN IMMEDIATE (via transaction) makes another process's write lock a retried
  // busy wait instead of a failed statement.
  const jobs = db.engine === 'sqlite' ? await db.transaction((tx) => run(tx)) : await run(db.kysely);
  return jobs.sort((a, b) => a.run_at.localeCompare(b.run_at));
}

type JobUpdate = UpdateObject<Database, 'jobs'>;

/** Applies `set` only while `job` still holds its claim; false means the lease was lost. */
async function fenced(db: Db, job: Claim, set: JobUpdate, consumeAttempt = true): Promise<boolean> {
  if (job.locked_by === null) return false;
  const result = await db.kysely
    .updateTable('jobs')
    .set((eb) => ({ ...set, updated_at: nowIso(), ...(consumeAttempt ? {} : { attempts: eb('attempts', '-', 1) }) }))
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', job.locked_by)
    .where('attempts', '=', job.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Succeeded — or queued again at once when it was enqueued again while it ran. */
export function complete(db: Db, job: Claim): Promise<boolean> {
  return fenced(db, job, {
    status: sql<JobStatus>`case when run_again = 1 then 'queued' else 'succeeded' end`,
    run_at: sql<string>`case when run_again = 1 then ${nowIso()} else run_at end`,
    run_again: 0,
    locked_by: null,
    locked_until: null,
  });
}

/** Keeps a long job's claim alive; false means another worker has taken it over. */
export async function extendLease(db: Db, job: Claim, leaseMs: number): Promise<boolean> {
  return fenced(db, job, { locked_until: isoIn(leaseMs) });
}

/** Exponential backoff with ±20 % jitter so failed jobs do not retry in lockstep: 2 s, 4 s, … 1 h. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 2 ** attempts * 1000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export type FailOutcome = 'retrying' | 'dead' | 'lost';

/** Records a failed attempt: queued again after backoff, or dead once max attempts are used. */
export async function fail(db: Db, job: Claim, error: unknown): Promise<FailOutcome> {
  const dead = job.attempts >= job.max_attempts;
  const ok = await fenced(db, job, {
    status: dead ? 'dead' : 'queued',
    run_at: dead ? undefined : isoIn(backoffMs(job.attempts)),
    locked_by: null,
    locked_until: null,
    last_error: errorText(error),
  });
  return ok ? (dead ? 'dead' : 'retrying') : 'lost';
}

/** Dead at once, whatever attempts remain: for jobs no retry can fix (unknown kind, bad payload). */
export function markDead(db: Db, job: Claim, reason: string): Promise<boolean> {
  return fenced(db, job, { status: 'dead', locked_by: null, locked_until: null, last_error: errorText(reason) });
}

/**
 * Back to queued until `at` (a provider's rate-limit reset). The attempt is given back: waiting
 * out a rate limit is not a failure and must not push the job towards dead.
 */
export function retryAt(db: Db, job: Claim, at: Date, reason?: string): Promise<boolean> {
  return fenced(
    db,
    job,
    { status: 'queued', run_at: at.toISOString(), locked_by: null, locked_until: null, last_error: reason ? errorText(reason) : null },
    false,
  );
}

export interface ListJobsOptions {
  status?: JobStatus;
  kind?: string;
  limit?: number;
}

/** Most recently changed first. */
export function listJobs(db: Db, { status, kind, limit = 50 }: ListJobsOptions = {}): Promise<Job[]> {
  return db.kysely
    .selectFrom('jobs')
    .selectAll()
    .$if(status !== undefined, (q) => q.where('status', '=', status!))
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
    .orderBy('updated_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(1, limit), 500))
    .execute();
}

/**
 * Queues a dead job again with a fresh set of attempts. False if there is no dead job with that
 * id; Conflict if a live job already holds its singleton key (reviving it would run the work twice).
 */
export async function retryDead(db: Db, id: string): Promise<boolean> {
  const now = nowIso();
  try {
    const result = await db.kysely
      .updateTable('jobs')
      .set({ status: 'queued', attempts: 0, run_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict('A live job with the same singleton key already exists', { jobId: id });
    throw err;
  }
}

/** Succeeded jobs are only history; keep a day of it. Returns how many were deleted. */
export async function pruneSucceeded(db: Db, olderThanMs: number = DAY_MS): Promise<number> {
  const result = await db.kysely.deleteFrom('jobs').where('status', '=', 'succeeded').where('updated_at', '<', isoIn(-olderThanMs)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Jobs whose worker died on their last attempt: dead, visible, instead of running forever. */
export async function reapExpiredLeases(db: Db): Promise<number> {
  const now = nowIso();
  const result = await db.kysely
    .updateTable('jobs')
    .set({ status: 'dead', locked_by: null, locked_until: null, updated_at: now, last_error: 'lease expired on the last attempt (worker died or stalled)' })
    .where('status', '=', 'running')
    .where('locked_until', '<', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

/** Queued and running jobs per kind, with the oldest due run time of the queued ones (for metrics). */
export async function liveJobsByKind(db: Executor, now: string): Promise<Array<{ kind: string; status: string; count: number; oldest: string | null }>> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [
      'kind',
      'status',
      eb.fn.countAll<number>().as('count'),
      eb.fn.min(eb.case().when('run_at', '<=', now).then(eb.ref('run_at')).end()).as('oldest'),
    ])
    .where('status', 'in', ['queued', 'running'])
    .groupBy(['kind', 'status'])
    .orderBy('kind')
    .orderBy('status')
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count), oldest: (r.oldest as string | null) ?? null }));
}
