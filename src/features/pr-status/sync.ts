// Pull-request reads from the provider, fed through the same apply path as webhooks: "Sync PR
// status" for one ticket, and reconciliation of a linked repository.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { oldestOpenNumber, pullRequestRefsOfTicket } from '../../db/queries/pull-requests.ts';
import { getRepository, updateRepositoryRow } from '../../db/queries/repositories.ts';
import { updateTicketRow } from '../../db/queries/tickets.ts';
import { ProviderError } from '../../errors.ts';
import type { PullRequest } from '../../providers/types.ts';
import { type RepositoryAccess, repositoryAccess } from '../../services/provider-access.ts';
import { applyPullRequest } from './pull-requests.ts';

const PER_PAGE = 50;
/** Bounds one run; the next run continues from the stored watermark. */
const MAX_PAGES = 10;

export interface SyncReport {
  fetched: number;
  /** Repositories that could not be read, with why (no credential, token rejected, ...). */
  problems: string[];
}

/** Fetches each of the ticket's PRs now and stores when that happened. */
export async function syncTicket(ctx: AppContext, ticketId: string, actorId: string | null): Promise<SyncReport> {
  const prs = await pullRequestRefsOfTicket(ctx.db.kysely, ticketId);
  const report: SyncReport = { fetched: 0, problems: [] };
  for (const repositoryId of [...new Set(prs.map((p) => p.repository_id))]) {
    const access = await repositoryAccess(ctx, repositoryId, actorId);
    if ('problem' in access) {
      report.problems.push(access.problem);
      continue;
    }
    for (const { number } of prs.filter((p) => p.repository_id === repositoryId)) {
      const fresh = await readOrSkip(ctx, access, () => access.provider.getPullRequest(access.repo, number), report);
      if (!fresh) continue;
      await apply(ctx, access, [fresh], actorId, actorId ? 'Sync PR status' : 'a refresh of the ticket');
      report.fetched++;
    }
  }
  await updateTicketRow(ctx.db.kysely, ticketId, { prs_synced_at: nowIso() });
  return report;
}

export interface ReconcileReport extends SyncReport {
  notModified: boolean;
}

/**
 * Lists the repository's PRs and applies what changed. Where the provider lists by last update
 * (GitHub, Gitea, Bitbucket), it stops at the stored watermark; with conditional requests
 * (GitHub) an unchanged first page is a free 304, and where the provider filters by the
 * watermark itself (Bitbucket) only PRs updated since are listed. Otherwise (Azure DevOps lists
 * newest-created first, no ETag) it reads back far enough to cover every PR Baton still holds as
 * open or draft, plus the newest page.
 */
export async function reconcileRepository(ctx: AppContext, repositoryId: string, actorId: string | null = null): Promise<ReconcileReport> {
  const report: ReconcileReport = { fetched: 0, problems: [], notModified: false };
  const access = await repositoryAccess(ctx, repositoryId, actorId);
  if ('problem' in access) {
    report.problems.push(access.problem);
    return report;
  }
  const row = await getRepository(ctx.db.kysely, repositoryId);
  const { listsByUpdate: byUpdate, conditionalListing, updatedSinceListing } = access.provider.capabilities;
  const watermark = byUpdate ? row.reconcile_watermark : null;
  const oldestOpen = byUpdate ? null : await oldestOpenNumber(ctx.db.kysely, repositoryId);
  let newest = row.reconcile_watermark;
  let etag: string | null = null;

  for (let page = 1; page <= MAX_PAGES; page++) {
    const listed = await readOrSkip(
      ctx,
      access,
      () =>
        access.provider.listPullRequests(access.repo, {
          page,
          perPage: PER_PAGE,
          etag: page === 1 && conditionalListing ? row.reconcile_etag : null,
          updatedSince: updatedSinceListing ? watermark : null,
        }),
      report,
    );
    if (!listed) return report;
    if (listed.notModified) {
      report.notModified = true;
      break;
    }
    if (page === 1) etag = listed.etag;
    // Equal to the watermark is kept: another PR may have been updated in the same second.
    const fresh = watermark ? listed.page.items.filter((pr) => Date.parse(pr.updatedAt) >= Date.parse(watermark)) : listed.page.items;
    await apply(ctx, access, fresh, actorId, 'reconciliation');
    report.fetched += fresh.length;
    for (const pr of fresh) if (!newest || Date.parse(pr.updatedAt) > Date.parse(newest)) newest = new Date(pr.updatedAt).toISOString();
    const last = listed.page.items.at(-1);
    if (!listed.page.hasMore || !last) break;
    if (fresh.length < listed.page.items.length) break; // reached the watermark
    if (!byUpdate && (oldestOpen === null || last.number <= oldestOpen)) break;
  }

  await updateRepositoryRow(ctx.db.kysely, repositoryId, {
    reconciled_at: nowIso(),
    ...(report.notModified ? {} : { reconcile_watermark: newest, reconcile_etag: etag }),
  });
  return report;
}

async function apply(ctx: AppContext, access: RepositoryAccess, prs: PullRequest[], actorId: string | null, via: string): Promise<void> {
  // One transaction per PR keeps each short; the write lock is shared with webhook ingress.
  for (const pullRequest of prs) {
    await ctx.db.transaction((tx) => applyPullRequest(tx, { repositoryId: access.repositoryId, pullRequest, cause: 'sync', actorId, via }));
  }
}

/**
 * Runs a provider read. Rate limits and transient failures are thrown, so the job is
 * rescheduled; anything a retry cannot fix (token rejected, PR gone) is reported and skipped.
 */
async function readOrSkip<T>(ctx: AppContext, access: RepositoryAccess, read: () => Promise<T>, report: SyncReport): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof ProviderError) || err.retryable) throw err;
    ctx.log.warn({ err, repositoryId: access.repositoryId, kind: err.kind }, 'pull request read failed');
    report.problems.push(`${access.repo.owner}/${access.repo.name}: ${err.message}`);
    return null;
  }
}
