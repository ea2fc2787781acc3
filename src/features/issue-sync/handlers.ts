import type { AppContext } from '../../app-context.ts';
import { enabledIssueSyncs } from '../../db/queries/issue-sync.ts';
import type { ScheduleSpec } from '../../jobs/scheduler.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { runImport } from './import.ts';
import { enqueueIssueReconcile, IMPORT_JOB, PUSH_JOB, pushPayload, RECONCILE_ALL_JOB, RECONCILE_JOB, repositoryPayload } from './jobs.ts';
import { pushTicket } from './push.ts';
import { reconcileIssues } from './reconcile.ts';

export function issueSyncHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    async [IMPORT_JOB](payload) {
      await runImport(ctx, repositoryPayload.parse(payload).repositoryId);
    },
    async [RECONCILE_JOB](payload) {
      const { repositoryId } = repositoryPayload.parse(payload);
      const report = await reconcileIssues(ctx, repositoryId);
      if (report.problem) ctx.log.warn({ repositoryId, problem: report.problem }, 'issue reconciliation incomplete');
    },
    async [RECONCILE_ALL_JOB]() {
      const repositories = await enabledIssueSyncs(ctx.db.kysely);
      await ctx.db.transaction(async (tx, afterCommit) => {
        afterCommit(() => ctx.wakeWorkers());
        for (const { repository_id } of repositories) await enqueueIssueReconcile(tx, repository_id);
      });
    },
    async [PUSH_JOB](payload) {
      const { ticketId, actorId } = pushPayload.parse(payload);
      const problem = await pushTicket(ctx, ticketId, actorId);
      if (problem) ctx.log.warn({ ticketId, problem }, 'ticket change not written to its issue');
    },
  };
}

/** Issue reconciliation runs alongside PR reconciliation, on the same period (0 removes it). */
export function issueSyncSchedules(ctx: AppContext): ScheduleSpec[] {
  return [{ name: 'issue-reconcile', kind: RECONCILE_ALL_JOB, intervalSeconds: ctx.config.reconciliationPeriodSeconds }];
}
