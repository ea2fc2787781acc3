// Per-repository issue sync settings: opt in, how, and the import's progress as people see it.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findIssueSync, type IssueSyncRow, insertIssueSync, issueSyncsOfProject, updateIssueSync } from '../../db/queries/issue-sync.ts';
import { findRepository, type RepositoryRow } from '../../db/queries/repositories.ts';
import { getPerson } from '../../db/queries/users.ts';
import { fieldRefused, NotFound } from '../../errors.ts';
import { findProvider, providerLabel } from '../../providers/registry.ts';
import { projectRole, requireProjectOwner } from '../../services/access.ts';
import type { User } from '../../services/users.ts';
import { readingAccess } from './access.ts';
import { enqueueImport } from './jobs.ts';

export interface IssueSyncInput {
  enabled: boolean;
  direction: 'both' | 'import';
  labelFilter?: string | null;
  state: 'open' | 'all';
  createIssues?: boolean;
}

async function repositoryOf(ctx: AppContext, projectId: string, repositoryId: string): Promise<RepositoryRow> {
  const repository = await findRepository(ctx.db.kysely, repositoryId);
  if (!repository || repository.project_id !== projectId) throw new NotFound('Repository');
  return repository;
}

export async function issueSyncView(ctx: AppContext, repository: RepositoryRow, row: IssueSyncRow | undefined) {
  const enabledBy = row?.enabled_by ? await getPerson(ctx.db.kysely, row.enabled_by) : null;
  const done = row?.import_done ?? 0;
  const total = row?.import_total ?? null;
  return {
    repositoryId: repository.id,
    repository: `${repository.owner}/${repository.name}`,
    enabled: row?.enabled === 1,
    direction: (row?.direction ?? 'import') as 'both' | 'import',
    labelFilter: row?.label_filter ?? null,
    state: (row?.state ?? 'open') as 'open' | 'all',
    createIssues: row?.create_issues === 1,
    enabledBy: enabledBy ? { id: enabledBy.id, name: enabledBy.name } : null,
    import: {
      status: (row?.import_status ?? 'idle') as 'idle' | 'queued' | 'running' | 'done' | 'failed',
      done,
      total,
      totalExact: row?.import_total_exact === 1,
      progress:
        total === null ? (row?.import_status === 'done' ? `${done} of ${done}` : null) : `${done} of ${row?.import_total_exact === 1 ? '' : '~'}${total}`,
      error: row?.import_error ?? null,
      startedAt: row?.import_started_at ?? null,
      finishedAt: row?.import_finished_at ?? null,
    },
    reconciledAt: row?.reconciled_at ?? null,
  };
}

export type IssueSyncView = Awaited<ReturnType<typeof issueSyncView>>;

export async function getIssueSync(ctx: AppContext, user: User, projectId: string, repositoryId: string): Promise<IssueSyncView> {
  await projectRole(ctx.db.kysely, user, projectId);
  const repository = await repositoryOf(ctx, projectId, repositoryId);
  return issueSyncView(ctx, repository, await findIssueSync(ctx.db.kysely, repositoryId));
}

export async function listIssueSyncs(ctx: AppContext, user: User, projectId: string): Promise<IssueSyncView[]> {
  await projectRole(ctx.db.kysely, user, projectId);
  const rows = new Map((await issueSyncsOfProject(ctx.db.kysely, projectId)).map((r) => [r.repository_id, r]));
  const repositories = await ctx.db.kysely
    .selectFrom('repositories')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('owner')
    .orderBy('name')
    .execute();
  return Promise.all(repositories.map((r) => issueSyncView(ctx, r, rows.get(r.id))));
}

export async function putIssueSync(ctx: AppContext, user: User, projectId: string, repositoryId: string, input: IssueSyncInput): Promise<IssueSyncView> {
  await requireProjectOwner(ctx.db.kysely, user, projectId);
  const repository = await repositoryOf(ctx, projectId, repositoryId);
  const before = await findIssueSync(ctx.db.kysely, repositoryId);
  const labelFilter = input.labelFilter?.trim() || null;
  if (input.enabled) {
    // The provider's webhook adapter reads issue events exactly where the provider has an issue tracker Baton syncs with.
    const kind = (await ctx.db.kysely.selectFrom('projects').select('provider').where('id', '=', projectId).executeTakeFirstOrThrow()).provider;
    if (!findProvider(kind)?.webhooks.adapter.issueEvent) {
      throw fieldRefused('enabled', `Issue sync is not available for ${providerLabel(kind)} repositories; leave it off.`);
    }
    const access = await readingAccess(ctx, repositoryId, user.id);
    if ('problem' in access) throw fieldRefused('enabled', `Issue sync cannot read ${repository.owner}/${repository.name}: ${access.problem}.`);
  }
  const now = nowIso();
  const sameScope = before && before.label_filter === labelFilter && before.state === input.state;
  const wasOn = before?.enabled === 1;
  // A new scope starts the import over (it is idempotent: linked issues are found, not duplicated);
  // switching on again, or saving after a failure, continues from the last committed page.
  const restart = input.enabled && !sameScope;
  const resume = input.enabled && sameScope && (!wasOn || before.import_status === 'failed' || before.import_status === 'idle');
  const importColumns = restart
    ? {
        import_status: 'queued',
        import_next_page: 1,
        import_done: 0,
        import_total: null,
        import_total_exact: 0,
        import_error: null,
        import_started_at: null,
        import_finished_at: null,
      }
    : resume
      ? { import_status: before.import_status === 'done' ? 'done' : 'queued', import_error: null }
      : {};
  const columns = {
    enabled: input.enabled ? 1 : 0,
    direction: input.direction,
    label_filter: labelFilter,
    state: input.state,
    create_issues: input.createIssues ? 1 : 0,
    ...(input.enabled && (!wasOn || restart || resume) ? { enabled_by: user.id } : {}),
    updated_at: now,
  };
  await ctx.db.transaction(async (tx, afterCommit) => {
    if (before) await updateIssueSync(tx, repositoryId, { ...columns, ...importColumns });
    else {
      await insertIssueSync(tx, {
        repository_id: repositoryId,
        project_id: projectId,
        enabled_by: user.id,
        import_status: 'idle',
        import_next_page: 1,
        import_done: 0,
        import_total: null,
        import_error: null,
        import_started_at: null,
        import_finished_at: null,
        watermark: null,
        reconciled_at: null,
        created_at: now,
        ...columns,
        ...importColumns,
      });
    }
    if (restart || resume) {
      await enqueueImport(tx, repositoryId);
      afterCommit(() => ctx.wakeWorkers());
    }
  });
  return issueSyncView(ctx, repository, await findIssueSync(ctx.db.kysely, repositoryId));
}
