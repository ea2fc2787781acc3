import type { AppContext } from '../../app-context.ts';
import { repositoryIds } from '../../db/queries/repositories.ts';
import type { ScheduleSpec } from '../../jobs/scheduler.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { listReleaseCommits } from './commits.ts';
import { enqueueReleaseReconcile, LIST_RELEASE_COMMITS_JOB, RECONCILE_ALL_RELEASES_JOB, RECONCILE_RELEASES_JOB, repositoryPayload } from './jobs.ts';
import { reconcileReleases } from './reconcile.ts';

export function releaseHandlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    async [RECONCILE_ALL_RELEASES_JOB]() {
      await enqueueReleaseReconciles(ctx, null);
    },
    async [RECONCILE_RELEASES_JOB](payload) {
      const { repositoryId } = repositoryPayload.parse(payload);
      const report = await reconcileReleases(ctx, repositoryId);
      if (report.problems.length) ctx.log.warn({ repositoryId, problems: report.problems }, 'release reconciliation incomplete');
      else ctx.log.debug({ repositoryId, changed: report.changed, notModified: report.notModified }, 'releases reconciled');
    },
    async [LIST_RELEASE_COMMITS_JOB](payload) {
      const { repositoryId } = repositoryPayload.parse(payload);
      const report = await listReleaseCommits(ctx, repositoryId);
      if (report.problems.length) ctx.log.warn({ repositoryId, problems: report.problems }, 'release commits incomplete');
    },
  };
}

/** One release reconciliation per linked repository of the project (all projects when null). */
export async function enqueueReleaseReconciles(ctx: AppContext, projectId: string | null): Promise<number> {
  const repos = await repositoryIds(ctx.db.kysely, projectId);
  if (repos.length === 0) return 0;
  await ctx.db.transaction(async (tx, afterCommit) => {
    afterCommit(() => ctx.wakeWorkers());
    for (const { id } of repos) await enqueueReleaseReconcile(tx, id);
  });
  return repos.length;
}

/** Releases are reconciled with pull requests: the same period (`reconciliationPeriodSeconds`; 0 removes it). */
export function releaseSchedules(ctx: AppContext): ScheduleSpec[] {
  return [{ name: 'release-reconcile', kind: RECONCILE_ALL_RELEASES_JOB, intervalSeconds: ctx.config.reconciliationPeriodSeconds }];
}
