// Recurring work. Every process may run a scheduler: a due schedule is claimed by moving its
// next_run_at forward with a compare-and-set on the old value, in the same transaction as the
// enqueue, so across any number of processes exactly one enqueues each period. The job's
// singleton key `schedule:<name>` also keeps a slow run from piling up behind itself.
import type { Db } from '../db/database.ts';
import type { Logger } from '../log.ts';
import { enqueue, pruneSucceeded, reapExpiredLeases } from './queue.ts';

export interface ScheduleSpec {
  name: string;
  kind: string;
  payload?: unknown;
  /** 0 removes the schedule. */
  intervalSeconds: number;
}

/**
 * Creates or updates a schedule; safe to call from every process at every start. A new schedule
 * is due at once; an existing one keeps its next run unless a shorter interval brings it closer.
 */
export async function ensureSchedule(db: Db, spec: ScheduleSpec): Promise<void> {
  const { name, kind, intervalSeconds } = spec;
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 0) throw new RangeError('intervalSeconds must be a non-negative integer');
  if (intervalSeconds === 0) {
    await db.kysely.deleteFrom('schedules').where('name', '=', name).execute();
    return;
  }
  const payload = JSON.stringify(spec.payload ?? null);
  const now = new Date();
  const soonest = new Date(now.getTime() + intervalSeconds * 1000).toISOString();
  await db.transaction(async (tx) => {
    await tx
      .insertInto('schedules')
      .values({ name, kind, payload, interval_seconds: intervalSeconds, next_run_at: now.toISOString() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    await tx
      .updateTable('schedules')
      .set((eb) => ({
        kind,
        payload,
        interval_seconds: intervalSeconds,
        next_run_at: eb.case().when('next_run_at', '>', soonest).then(soonest).else(eb.ref('next_run_at')).end(),
      }))
      .where('name', '=', name)
      .execute();
  });
}

/** The first slot on the schedule's grid after `now`: periods missed while down are skipped, not replayed. */
export function nextRunAfter(previous: string, intervalSeconds: number, now: Date): string {
  const intervalMs = intervalSeconds * 1000;
  const from = Date.parse(previous);
  const periods = Math.max(1, Math.floor((now.getTime() - from) / intervalMs) + 1);
  return new Date(from + periods * intervalMs).toISOString();
}

/** Enqueues every due schedule this process wins; returns their names. */
export async function runDueSchedules(db: Db, log: Logger, opts: { now?: Date; onEnqueue?: () => void } = {}): Promise<string[]> {
  const now = opts.now ?? new Date();
  const due = await db.kysely.selectFrom('schedules').selectAll().where('next_run_at', '<=', now.toISOString()).execute();
  const won: string[] = [];
  for (const schedule of due) {
    if (schedule.interval_seconds <= 0) continue;
    try {
      const enqueued = await db.transaction(async (tx, afterCommit) => {
        const moved = await tx
          .updateTable('schedules')
          .set({ next_run_at: nextRunAfter(schedule.next_run_at, schedule.interval_seconds, now) })
          .where('name', '=', schedule.name)
          .where('next_run_at', '=', schedule.next_run_at)
          .executeTakeFirst();
        if (moved.numUpdatedRows === 0n) return false; // another process took this period
        await enqueue(tx, { kind: schedule.kind, payload: JSON.parse(schedule.payload), singletonKey: `schedule:${schedule.name}` });
        if (opts.onEnqueue) afterCommit(opts.onEnqueue);
        return true;
      });
      if (enqueued) won.push(schedule.name);
    } catch (err) {
      log.error({ err, schedule: schedule.name }, 'schedule run failed');
    }
  }
  return won;
}

export interface SchedulerOptions {
  db: Db;
  log: Logger;
  tickMs?: number;
  /** Called after a scheduled job commits, e.g. a local worker's `wake`. */
  onEnqueue?: () => void;
  /** How often to prune old succeeded jobs and bury jobs abandoned on their last attempt. */
  housekeepingMs?: number;
}

export interface Scheduler {
  stop(): Promise<void>;
}

export function startScheduler(opts: SchedulerOptions): Scheduler {
  const { db, log } = opts;
  const tickMs = opts.tickMs ?? 1000;
  const housekeepingMs = opts.housekeepingMs ?? 60_000;
  let lastHousekeeping = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  const tick = async () => {
    await runDueSchedules(db, log, { onEnqueue: opts.onEnqueue });
    if (Date.now() - lastHousekeeping >= housekeepingMs) {
      lastHousekeeping = Date.now();
      const pruned = await pruneSucceeded(db);
      const buried = await reapExpiredLeases(db);
      if (pruned || buried) log.info({ pruned, buried }, 'job housekeeping done');
    }
  };

  // setTimeout after each tick rather than setInterval, so a slow database never stacks ticks.
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((err) => log.error({ err }, 'scheduler tick failed'))
        .finally(schedule);
    }, tickMs);
  };
  inFlight = tick()
    .catch((err) => log.error({ err }, 'scheduler tick failed'))
    .finally(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
