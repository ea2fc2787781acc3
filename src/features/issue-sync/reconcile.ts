// Reconciliation: the issues updated since the watermark, listed by last update, through the same
// apply path as webhooks, so whatever a lost delivery carried arrives anyway.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findIssueSync, updateIssueSync } from '../../db/queries/issue-sync.ts';
import { ProviderError } from '../../errors.ts';
import { readingAccess } from './access.ts';
import { applyIssue } from './apply-issue.ts';
import { applyContext, explainReadFailure, PER_PAGE } from './import.ts';
import { pushIfBatonKept } from './push-queue.ts';

/** Bounds one run; the next continues from the stored watermark. */
const MAX_PAGES = 10;

export interface IssueReconcileReport {
  fetched: number;
  applied: number;
  problem: string | null;
}

export async function reconcileIssues(ctx: AppContext, repositoryId: string): Promise<IssueReconcileReport> {
  const report: IssueReconcileReport = { fetched: 0, applied: 0, problem: null };
  const settings = await findIssueSync(ctx.db.kysely, repositoryId);
  // Before the import has finished, the import is what reads.
  if (!settings?.enabled || settings.import_status !== 'done') return report;
  const access = await readingAccess(ctx, repositoryId, settings.enabled_by);
  if ('problem' in access) {
    report.problem = access.problem;
    return report;
  }
  const ac = await applyContext(ctx, settings, access);
  // Linked issues are followed whatever their state or labels now; unlinked ones are filtered by applyIssue.
  let watermark = settings.watermark;
  for (let page = 1; page <= MAX_PAGES; page++) {
    let listed: Awaited<ReturnType<typeof access.issues.list>>;
    try {
      listed = await access.issues.list(access.repo, { state: 'all', updatedSince: settings.watermark, page, perPage: PER_PAGE });
    } catch (err) {
      if (!(err instanceof ProviderError) || err.retryable) throw err;
      report.problem = explainReadFailure(err, access);
      return report;
    }
    report.fetched += listed.items.length;
    for (const issue of listed.items) {
      // One transaction per issue keeps each short; the write lock is shared with webhook ingress.
      const applied = await ctx.db.transaction((tx) => applyIssue(tx, ac, issue));
      if (applied.result === 'created' || applied.result === 'updated') report.applied++;
      if ((applied.result === 'updated' || applied.result === 'unchanged') && applied.batonKept.length > 0 && settings.direction === 'both') {
        await pushIfBatonKept(ctx, applied.ticketId);
      }
      if (!watermark || Date.parse(issue.updatedAt) > Date.parse(watermark)) watermark = new Date(issue.updatedAt).toISOString();
    }
    if (!listed.hasMore) break;
  }
  await updateIssueSync(ctx.db.kysely, repositoryId, { watermark, reconciled_at: nowIso(), updated_at: nowIso() });
  return report;
}
