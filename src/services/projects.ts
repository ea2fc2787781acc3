import { newId, nowIso } from '../clock.ts';
import { type Db, type Executor, isUniqueViolation } from '../db/database.ts';
import {
  deleteMember,
  getProjectRow,
  insertProject,
  listProjectRows,
  membersOf,
  ownersOf,
  type Project,
  type ProjectRole,
  type ProjectRow,
  putMember,
  rolesOfUser,
  toProject,
  updateProjectRow,
} from '../db/queries/projects.ts';
import { findUserById } from '../db/queries/users.ts';
import { Conflict, fieldRefused, NotFound } from '../errors.ts';
import type { ProviderSettings } from '../providers/descriptor.ts';
import { requireProvider } from '../providers/registry.ts';
import { parseProviderSettings, resolveBaseUrl } from '../providers/settings.ts';
import type { ProviderKind } from '../providers/types.ts';
import { projectRole, requireProjectOwner } from './access.ts';
import type { User } from './users.ts';

export interface ProjectDeps {
  db: Db;
  allowedProviderHosts: string[];
}

async function settingsFor(deps: ProjectDeps, provider: ProviderKind, input: unknown): Promise<ProviderSettings> {
  const d = requireProvider(provider);
  const settings = parseProviderSettings(d, input);
  return { ...settings, baseUrl: await resolveBaseUrl(d, settings.baseUrl, deps.allowedProviderHosts, 'settings.baseUrl') };
}

export async function createProject(
  deps: ProjectDeps,
  user: User,
  input: {
    key: string;
    name: string;
    provider: ProviderKind;
    settings?: unknown;
    branchPrefix?: string;
    draftPullRequests?: boolean;
    acceptForkPullRequests?: boolean;
  },
): Promise<Project> {
  const settings = await settingsFor(deps, input.provider, input.settings);
  const now = nowIso();
  const row: ProjectRow = {
    id: newId(),
    key: input.key,
    name: input.name,
    provider: input.provider,
    settings: JSON.stringify(settings),
    branch_prefix: input.branchPrefix ?? 'feature',
    draft_pull_requests: input.draftPullRequests ? 1 : 0,
    automation_rules: null,
    accept_fork_pull_requests: input.acceptForkPullRequests ? 1 : 0,
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
      await insertProject(tx, row);
      await putMember(tx, row.id, user.id, 'owner', now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      const taken = `Key ${input.key} is used by another project already; choose another key.`;
      throw new Conflict(taken, { field: 'key', fields: { key: taken } });
    }
    throw err;
  }
  return toProject(row, 'owner');
}

export async function getProject(db: Executor, user: User, projectId: string): Promise<Project> {
  const role = await projectRole(db, user, projectId);
  return toProject(await getProjectRow(db, projectId), role);
}

export async function listProjects(db: Executor, user: User, page: { limit: number; cursor?: string }) {
  const rows = await listProjectRows(db, { userId: user.id, all: user.isAdmin }, page);
  const roles = await rolesOfUser(db, user.id);
  const roleOf = new Map(roles.map((r) => [r.project_id, r.role]));
  const items = rows.slice(0, page.limit).map((r) => toProject(r, user.isAdmin ? 'owner' : (roleOf.get(r.id) ?? 'member')));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.key : null };
}

export async function updateProject(
  deps: ProjectDeps,
  user: User,
  projectId: string,
  patch: { name?: string; settings?: unknown; branchPrefix?: string; draftPullRequests?: boolean; acceptForkPullRequests?: boolean },
): Promise<Project> {
  await requireProjectOwner(deps.db.kysely, user, projectId);
  const current = await getProject(deps.db.kysely, user, projectId);
  const update: Partial<ProjectRow> = { updated_at: nowIso() };
  if (patch.name !== undefined) update.name = patch.name;
  if (patch.settings !== undefined) update.settings = JSON.stringify(await settingsFor(deps, current.provider, patch.settings));
  if (patch.branchPrefix !== undefined) update.branch_prefix = patch.branchPrefix;
  if (patch.draftPullRequests !== undefined) update.draft_pull_requests = patch.draftPullRequests ? 1 : 0;
  if (patch.acceptForkPullRequests !== undefined) update.accept_fork_pull_requests = patch.acceptForkPullRequests ? 1 : 0;
  await updateProjectRow(deps.db.kysely, projectId, update);
  return getProject(deps.db.kysely, user, projectId);
}

export async function listMembers(db: Executor, user: User, projectId: string) {
  await projectRole(db, user, projectId);
  return (await membersOf(db, projectId)).map(({ deactivated_at, ...m }) => ({ ...m, deactivated: deactivated_at !== null }));
}

export async function setMember(db: Db, user: User, projectId: string, input: { userId: string; role: ProjectRole }) {
  await requireProjectOwner(db.kysely, user, projectId);
  const person = await findUserById(db.kysely, input.userId);
  if (!person) throw fieldRefused('userId', 'Person must be someone with a Baton account; choose someone from the list.');
  if (person.deactivated_at) throw fieldRefused('userId', `${person.name} is deactivated: an administrator can reactivate them on the Team page first.`);
  await db.transaction(async (tx) => {
    await putMember(tx, projectId, input.userId, input.role, nowIso());
    await assertOwnerRemains(tx, projectId);
  });
  return (await listMembers(db.kysely, user, projectId)).find((m) => m.userId === input.userId)!;
}

export async function removeMember(db: Db, user: User, projectId: string, userId: string): Promise<void> {
  await requireProjectOwner(db.kysely, user, projectId);
  await db.transaction(async (tx) => {
    if (!(await deleteMember(tx, projectId, userId))) throw new NotFound('Member');
    await assertOwnerRemains(tx, projectId);
  });
}

async function assertOwnerRemains(tx: Executor, projectId: string): Promise<void> {
  if ((await ownersOf(tx, projectId)).length === 0) throw new Conflict('A project needs at least one owner: make another member an owner first.');
}
