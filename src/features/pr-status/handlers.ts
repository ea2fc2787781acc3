import type { AppContext } from '../../app-context.ts';
import { isoIn } from '../../clock.ts';
import { pendingSince } from '../../db/queries/webhooks.ts';
import type { ScheduleSpec } from '../../jobs/scheduler.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import {
  APPLY_DELIVERIES_JOB,
  applyDeliveriesPayload,
  DROP_BODIES_JOB,
  RECONCILE_ALL_JOB,
  RECONCILE_REPOSITORY_JOB,
  reconcileRepositoryPayload,
  SWEEP_DELIVERIES_JOB,
  SYNC_TICKET_JOB,
  syncTicketPayload,
} from './jobs.ts';
import { reconcileRepository, syncTicket } from './sync.ts';
import { enqueueReconcile } from './sync-queue.ts';
import { type ApplyOptions, applyDeliveries } from './webhooks/apply-deliveries.ts';
import { dropExpiredBodies } from './webhooks/retention.ts';

// A job whose worker died keeps its lease (a minute) before another worker may run it. The sweep
// applies deliveries left pending that long, so a crash delays PR status by seconds, not a
// minute; applying is claimed per delivery, so racing the late job is harmless.
const SWEEP_EVERY_SECONDS = 5;
const PENDING_FOR_MS = 5_000;
const SWEEP_BATCH = 200;
// Longer than every retry of an apply job (10 attempts, backoff doubling from 2 s: ~17 minutes).
// A delivery still pending then has lost its job (it died on its last attempt, say): the sweep's
// attempt is its last, so it is settled — applied, or failed with its reason for a person to
// replay — instead of retried every few seconds for ever, crowding newer stuck ones out.
const ABANDONED_AFTER_MS = 3_600_000;
const DROP_BODIES_EVERY_SECONDS = 3600;

export function prStatusHandlers(ctx: AppContext): Record<string, JobHandler> {
  const apply = async (ids: string[], options: ApplyOptions = {}) => {
    const outcomes = await applyDeliveries(ctx, ids, options);
    const failed = [...outcomes].filter(([, o]) => o === 'failed').map(([id]) => id);
    if (failed.length) ctx.log.warn({ deliveryIds: failed }, 'webhook deliveries failed to apply');
    return outcomes.size;
  };
  return {
    async [SYNC_TICKET_JOB](payload) {
      const { ticketId, actorId } = syncTicketPayload.parse(payload);
      const report = await syncTicket(ctx, ticketId, actorId);
      if (report.problems.length) ctx.log.warn({ ticketId, problems: report.problems }, 'ticket PR sync incomplete');
    },
    async [RECONCILE_REPOSITORY_JOB](payload) {
      const { repositoryId, actorId } = reconcileRepositoryPayload.parse(payload);
      const report = await reconcileRepository(ctx, repositoryId, actorId);
      if (report.problems.length) ctx.log.warn({ repositoryId, problems: report.problems }, 'repository reconciliation incomplete');
      else ctx.log.debug({ repositoryId, fetched: report.fetched, notModified: report.notModified }, 'repository reconciled');
    },
    async [RECONCILE_ALL_JOB]() {
      await enqueueReconcile(ctx.db, () => ctx.wakeWorkers(), null, null);
    },
    async [APPLY_DELIVERIES_JOB](payload, job) {
      // The job's last attempt settles every delivery: what still cannot be applied is failed.
      await apply(applyDeliveriesPayload.parse(payload).deliveryIds, { lastAttempt: job.attempt >= job.maxAttempts });
    },
    async [SWEEP_DELIVERIES_JOB]() {
      const abandoned = await pendingSince(ctx.db.kysely, isoIn(-ABANDONED_AFTER_MS), SWEEP_BATCH);
      if (abandoned.length) ctx.log.info({ settled: await apply(abandoned, { lastAttempt: true }) }, 'abandoned webhook deliveries settled');
      const stuck = await pendingSince(ctx.db.kysely, isoIn(-PENDING_FOR_MS), SWEEP_BATCH);
      try {
        const applied = stuck.length ? await apply(stuck) : 0;
        if (applied > 0) ctx.log.info({ applied }, 'stuck webhook deliveries applied');
      } catch (err) {
        // The others were applied; the one that failed is left to its own job's retries.
        ctx.log.warn({ err }, 'a stuck webhook delivery could not be applied yet');
      }
    },
    async [DROP_BODIES_JOB]() {
      if (ctx.config.deliveryRetentionDays === 0) return;
      const dropped = await dropExpiredBodies(ctx.db, ctx.config.deliveryRetentionDays);
      if (dropped > 0) ctx.log.info({ dropped, retentionDays: ctx.config.deliveryRetentionDays }, 'webhook delivery bodies past retention dropped');
    },
  };
}

/**
 * Reconciliation every `reconciliationPeriodSeconds` (0 removes the schedule), the sweep for stuck
 * deliveries, and hourly dropping of delivery bodies past retention (retention 0 removes it).
 */
export function prStatusSchedules(ctx: AppContext): ScheduleSpec[] {
  return [
    { name: 'pr-reconcile', kind: RECONCILE_ALL_JOB, intervalSeconds: ctx.config.reconciliationPeriodSeconds },
    { name: 'webhook-sweep', kind: SWEEP_DELIVERIES_JOB, intervalSeconds: SWEEP_EVERY_SECONDS },
    { name: 'webhook-retention', kind: DROP_BODIES_JOB, intervalSeconds: ctx.config.deliveryRetentionDays === 0 ? 0 : DROP_BODIES_EVERY_SECONDS },
  ];
}
