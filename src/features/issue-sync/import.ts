// The import: the repository's issues, page by page, into tickets. Each page is applied in one
// transaction together with the progress it makes (next page, count), so a crash loses at most
// the page in hand and a re-run continues where the last committed page left off; issues already
// linked are found, not duplicated (one link per repository and number).
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findIssueSync, type IssueSyncRow, updateIssueSync } from '../../db/queries/issue-sync.ts';
import { ProviderError } from '../../errors.ts';
import { type IssueAccess, projectPeople, readingAccess } from './access.ts';
import { type ApplyContext, applyIssue } from './apply-issue.ts';
import { loadStatusMap } from './status-map.ts';

export const PER_PAGE = 100;

/** Why a read failed, and what a person does about it. */
export function explainReadFailure(err: ProviderError, access: IssueAccess): string {
  if (err.kind === 'forbidden' || err.kind === 'not_found') {
    return `${err.message}. Issue sync needs ${access.issues.permission} on ${access.repo.owner}/${access.repo.name}: grant it to the token (or install the app there), then save the issue sync settings again`;
  }
  if (err.kind === 'auth') return `${err.message}. Replace the token under Profile → Git credentials, then save the issue sync settings again`;
  return err.message;
}

export async function applyContext(ctx: AppContext, settings: IssueSyncRow, at: Pick<IssueAccess, 'repository' | 'project'>): Promise<ApplyContext> {
  return {
    target: {
      projectId: settings.project_id,
      repositoryId: settings.repository_id,
      repository: `${at.repository.owner}/${at.repository.name}`,
      labelFilter: settings.label_filter,
      state: settings.state as 'open' | 'all',
    },
    statusMap: await loadStatusMap(ctx.db.kysely, settings.project_id),
    people: await projectPeople(ctx, ctx.db.kysely, at.project),
  };
}

export async function runImport(ctx: AppContext, repositoryId: string): Promise<void> {
  const settings = await findIssueSync(ctx.db.kysely, repositoryId);
  if (!settings?.enabled || settings.import_status === 'done') return;
  const fail = (error: string) => updateIssueSync(ctx.db.kysely, repositoryId, { import_status: 'failed', import_error: error, updated_at: nowIso() });
  const access = await readingAccess(ctx, repositoryId, settings.enabled_by);
  if ('problem' in access) return void (await fail(access.problem));
  await updateIssueSync(ctx.db.kysely, repositoryId, {
    import_status: 'running',
    import_error: null,
    import_started_at: settings.import_started_at ?? nowIso(),
    updated_at: nowIso(),
  });
  const ac = await applyContext(ctx, settings, access);

  let page = settings.import_next_page;
  let done = settings.import_done;
  let watermark = settings.watermark;
  for (;;) {
    let listed: Awaited<ReturnType<typeof access.issues.list>>;
    try {
      listed = await access.issues.list(access.repo, { state: ac.target.state, label: ac.target.labelFilter, page, perPage: PER_PAGE });
    } catch (err) {
      // Rate limits and outages: the job runs again later, from this page.
      if (!(err instanceof ProviderError) || err.retryable) throw err;
      ctx.log.warn({ err, repositoryId, page }, 'issue import read failed');
      return void (await fail(explainReadFailure(err, access)));
    }
    done += listed.items.length;
    for (const issue of listed.items)
      if (!watermark || Date.parse(issue.updatedAt) > Date.parse(watermark)) watermark = new Date(issue.updatedAt).toISOString();
    const estimate = listed.hasMore ? done + Math.max((listed.lastPage ?? page + 1) - page, 1) * PER_PAGE : done;
    const claimed = await ctx.db.transaction(async (tx) => {
      // Only the run that still finds this page next applies it: a racing run rolls back.
      const moved = await tx
        .updateTable('issue_sync_settings')
        .set({
          import_next_page: page + 1,
          import_done: done,
          import_total: estimate,
          import_total_exact: listed.hasMore ? 0 : 1,
          watermark,
          updated_at: nowIso(),
        })
        .where('repository_id', '=', repositoryId)
        .where('import_next_page', '=', page)
        .where('enabled', '=', 1)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return false;
      for (const issue of listed.items) await applyIssue(tx, ac, issue);
      return true;
    });
    if (!claimed) return;
    if (!listed.hasMore) break;
    page++;
  }
  await updateIssueSync(ctx.db.kysely, repositoryId, { import_status: 'done', import_finished_at: nowIso(), reconciled_at: nowIso(), updated_at: nowIso() });
}
