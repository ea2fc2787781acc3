// Release reconciliation, run with PR reconciliation: webhooks get lost, so each linked
// repository's releases are listed (conditionally: an idle repository costs a 304) and stored
// through the same path as webhooks.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { liveReleases } from '../../db/queries/releases.ts';
import { getRepository, updateRepositoryRow } from '../../db/queries/repositories.ts';
import { ProviderError } from '../../errors.ts';
import { repositoryAccess } from '../../services/provider-access.ts';
import { enqueueReleaseCommits } from './jobs.ts';
import { deleteRelease, upsertRelease } from './store.ts';

export interface ReleaseReconcileReport {
  notModified: boolean;
  changed: number;
  problems: string[];
}

export async function reconcileReleases(ctx: AppContext, repositoryId: string): Promise<ReleaseReconcileReport> {
  const report: ReleaseReconcileReport = { notModified: false, changed: 0, problems: [] };
  const access = await repositoryAccess(ctx, repositoryId, null);
  if ('problem' in access) {
    report.problems.push(access.problem);
    return report;
  }
  const capability = access.provider.releases;
  if (!capability) return report;
  const row = await getRepository(ctx.db.kysely, repositoryId);

  let listing: Awaited<ReturnType<typeof capability.list>>;
  try {
    listing = await capability.list(access.repo, row.releases_etag);
  } catch (err) {
    if (!(err instanceof ProviderError) || err.retryable) throw err;
    ctx.log.warn({ err, repositoryId, kind: err.kind }, 'releases could not be listed');
    report.problems.push(`${access.repo.owner}/${access.repo.name}: ${err.message}`);
    return report;
  }
  if (listing.notModified) {
    report.notModified = true;
    await updateRepositoryRow(ctx.db.kysely, repositoryId, { releases_reconciled_at: nowIso() });
    return report;
  }

  const { releases, etag } = listing;
  await ctx.db.transaction(async (tx, afterCommit) => {
    report.changed = 0;
    for (const release of releases) if ((await upsertRelease(tx, repositoryId, release)) !== 'unchanged') report.changed++;
    // A listing may stop at its newest releases: only those as recent as its oldest are known gone.
    const listed = new Set(releases.map((r) => r.externalId));
    const oldest = releases.reduce<string | null>((min, r) => {
      const at = new Date(Date.parse(r.publishedAt)).toISOString();
      return min === null || at < min ? at : min;
    }, null);
    for (const stored of await liveReleases(tx, repositoryId)) {
      if (listed.has(stored.external_id) || (oldest !== null && stored.published_at < oldest)) continue;
      if ((await deleteRelease(tx, repositoryId, stored.external_id)) !== 'unchanged') report.changed++;
    }
    await updateRepositoryRow(tx, repositoryId, { releases_etag: etag, releases_reconciled_at: nowIso() });
    // Also after no change: a range left unlisted by a failed run is listed now.
    await enqueueReleaseCommits(tx, repositoryId);
    afterCommit(() => ctx.wakeWorkers());
  });
  return report;
}
