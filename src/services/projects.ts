import type { Selectable } from 'kysely';
import { newId, nowIso } from '../clock.ts';
import { type Db, type Executor, isUniqueViolation } from '../db/database.ts';
import type { ProjectsTable } from '../db/schema/projects.ts';
import { Conflict, NotFound, ValidationFailed } from '../errors.ts';
import type { ProviderSettings } from '../providers/descriptor.ts';
import { requireProvider } from '../providers/registry.ts';
import { parseProviderSettings, resolveBaseUrl } from '../providers/settings.ts';
import type { ProviderKind } from '../providers/types.ts';
import { type ProjectRole, projectRole, requireProjectOwner } from './access.ts';
import type { User } from './users.ts';

export interface Project {
  id: string;
  key: string;
  name: string;
  provider: ProviderKind;
  settings: ProviderSettings;
  branchPrefix: string;
  draftPullRequests: boolean;
  role: ProjectRole;
  createdAt: string;
  updatedAt: string;
}

type ProjectRow = Selectable<ProjectsTable>;

export const toProject = (row: ProjectRow, role: ProjectRole): Project => ({
  id: row.id,
  key: row.key,
  name: row.name,
  provider: row.provider as ProviderKind,
  settings: JSON.parse(row.settings),
  branchPrefix: row.branch_prefix,
  draftPullRequests: row.draft_pull_requests === 1,
  role,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ProjectDeps {
  db: Db;
  allowedProviderHosts: string[];
}

function settingsFor(deps: ProjectDeps, provider: ProviderKind, input: unknown): ProviderSettings {
  const d = requireProvider(provider);
  const settings = parseProviderSettings(d, input);
  return { ...settings, baseUrl: resolveBaseUrl(d, settings.baseUrl, deps.allowedProviderHosts, 'settings.baseUrl') };
}

export async function createProject(
  deps: ProjectDeps,
  user: User,
  input: { key: string; name: string; provider: ProviderKind; settings?: unknown; branchPrefix?: string; draftPullRequests?: boolean },
): Promise<Project> {
  const settings = settingsFor(deps, input.provider, input.settings);
  const now = nowIso();
  const row: ProjectRow = {
    id: newId(),
    key: input.key,
    name: input.name,
    provider: input.provider,
    settings: JSON.stringify(settings),
    branch_prefix: input.branchPrefix ?? 'feature',
    draft_pull_requests: input.draftPullRequests ? 1 : 0,
    ticket_counter: 0,
    webhook_secret_ciphertext: null,
    webhook_secret_created_at: null,
    previous_webhook_secret_ciphertext: null,
    previous_webhook_secret_expires_at: null,
    rejected_deliveries: 0,
    last_rejected_at: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await deps.db.transaction(async (tx) => {
      await tx.insertInto('projects').values(row).execute();
      await tx.insertInto('project_members').values({ project_id: row.id, user_id: user.id, role: 'owner', created_at: now }).execute();
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`A project with key ${input.key} already exists`, { field: 'key' });
    throw err;
  }
  return toProject(row, 'owner');
}

export async function getProject(db: Executor, user: User, projectId: string): Promise<Project> {
  const role = await projectRole(db, user, projectId);
  const row = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirstOrThrow();
  return toProject(row, role);
}

export async function listProjects(db: Executor, user: User, page: { limit: number; cursor?: string }) {
  let q = db
    .selectFrom('projects')
    .selectAll('projects')
    .orderBy('projects.key')
    .limit(page.limit + 1);
  if (page.cursor) q = q.where('projects.key', '>', page.cursor);
  if (!user.isAdmin) {
    q = q.innerJoin('project_members', 'project_members.project_id', 'projects.id').where('project_members.user_id', '=', user.id);
  }
  const rows = await q.execute();
  const roles = await db.selectFrom('project_members').select(['project_id', 'role']).where('user_id', '=', user.id).execute();
  const roleOf = new Map(roles.map((r) => [r.project_id, r.role]));
  const items = rows.slice(0, page.limit).map((r) => toProject(r, user.isAdmin ? 'owner' : (roleOf.get(r.id) ?? 'member')));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.key : null };
}

export async function updateProject(
  deps: ProjectDeps,
  user: User,
  projectId: string,
  patch: { name?: string; settings?: unknown; branchPrefix?: string; draftPullRequests?: boolean },
): Promise<Project> {
  await requireProjectOwner(deps.db.kysely, user, projectId);
  const current = await getProject(deps.db.kysely, user, projectId);
  const update: Partial<ProjectRow> = { updated_at: nowIso() };
  if (patch.name !== undefined) update.name = patch.name;
  if (patch.settings !== undefined) update.settings = JSON.stringify(settingsFor(deps, current.provider, patch.settings));
  if (patch.branchPrefix !== undefined) update.branch_prefix = patch.branchPrefix;
  if (patch.draftPullRequests !== undefined) update.draft_pull_requests = patch.draftPullRequests ? 1 : 0;
  await deps.db.kysely.updateTable('projects').set(update).where('id', '=', projectId).execute();
  return getProject(deps.db.kysely, user, projectId);
}

export async function listMembers(db: Executor, user: User, projectId: string) {
  await projectRole(db, user, projectId);
  const rows = await db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select(['users.id as userId', 'users.name', 'users.email', 'project_members.role'])
    .where('project_members.project_id', '=', projectId)
    .orderBy('users.name')
    .execute();
  return rows;
}

export async function setMember(db: Db, user: User, projectId: string, input: { userId: string; role: ProjectRole }) {
  await requireProjectOwner(db.kysely, user, projectId);
  const target = await db.kysely.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst();
  if (!target) throw new ValidationFailed('No user with that id', { fields: { userId: 'unknown user' } });
  await db.transaction(async (tx) => {
    await tx
      .insertInto('project_members')
      .values({ project_id: projectId, user_id: input.userId, role: input.role, created_at: nowIso() })
      .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role: input.role }))
      .execute();
    await assertOwnerRemains(tx, projectId);
  });
  return (await listMembers(db.kysely, user, projectId)).find((m) => m.userId === input.userId)!;
}

export async function removeMember(db: Db, user: User, projectId: string, userId: string): Promise<void> {
  await requireProjectOwner(db.kysely, user, projectId);
  await db.transaction(async (tx) => {
    const result = await tx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new NotFound('Member');
    await assertOwnerRemains(tx, projectId);
  });
}

async function assertOwnerRemains(tx: Executor, projectId: string): Promise<void> {
  const owners = await tx.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).where('role', '=', 'owner').execute();
  if (owners.length === 0) throw new Conflict('A project needs at least one owner');
}
