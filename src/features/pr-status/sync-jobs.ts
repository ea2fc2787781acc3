import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { ScheduleSpec } from '../../jobs/scheduler.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { reconcileRepository, syncTicket } from './sync.ts';
import { enqueueReconcile, RECONCILE_ALL_JOB, RECONCILE_REPOSITORY_JOB, SYNC_TICKET_JOB } from './sync-queue.ts';

const actorId = z.string().nullable().default(null);
const ticketPayload = z.object({ ticketId: z.string().min(1), actorId });
const repositoryPayload = z.object({ repositoryId: z.string().min(1), actorId });

export function prSyncHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    async [SYNC_TICKET_JOB](payload) {
      const { ticketId, actorId } = ticketPayload.parse(payload);
      const report = await syncTicket(ctx, ticketId, actorId);
      if (report.problems.length) ctx.log.warn({ ticketId, problems: report.problems }, 'ticket PR sync incomplete');
    },
    async [RECONCILE_REPOSITORY_JOB](payload) {
      const { repositoryId, actorId } = repositoryPayload.parse(payload);
      const report = await reconcileRepository(ctx, repositoryId, actorId);
      if (report.problems.length) ctx.log.warn({ repositoryId, problems: report.problems }, 'repository reconciliation incomplete');
      else ctx.log.debug({ repositoryId, fetched: report.fetched, notModified: report.notModified }, 'repository reconciled');
    },
    async [RECONCILE_ALL_JOB]() {
      await enqueueReconcile(ctx.db, () => ctx.wakeWorkers(), null, null);
    },
  };
}

/** Reconciliation every `reconciliationPeriodSeconds`; 0 removes the schedule. */
export function prSyncSchedules(ctx: AppContext): ScheduleSpec[] {
  return [{ name: 'pr-reconcile', kind: RECONCILE_ALL_JOB, intervalSeconds: ctx.config.reconciliationPeriodSeconds }];
}
