// Projects and their members: the queries, and the mapper from a row to the project the API shows.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ProviderSettings } from '../../providers/descriptor.ts';
import type { ProviderKind } from '../../providers/types.ts';
import type { Executor } from '../database.ts';
import type { ProjectsTable } from '../schema/projects.ts';

export type ProjectRow = Selectable<ProjectsTable>;
export type ProjectRole = 'owner' | 'member';

export interface Project {
  id: string;
  key: string;
  name: string;
  provider: ProviderKind;
  settings: ProviderSettings;
  branchPrefix: string;
  draftPullRequests: boolean;
  acceptForkPullRequests: boolean;
  role: ProjectRole;
  createdAt: string;
  updatedAt: string;
}

export const toProject = (row: ProjectRow, role: ProjectRole): Project => ({
  id: row.id,
  key: row.key,
  name: row.name,
  provider: row.provider as ProviderKind,
  settings: JSON.parse(row.settings),
  branchPrefix: row.branch_prefix,
  draftPullRequests: row.draft_pull_requests === 1,
  acceptForkPullRequests: row.accept_fork_pull_requests === 1,
  role,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function projectExists(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('projects').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export const getProjectRow = (db: Executor, id: string) => db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export const insertProject = (tx: Executor, row: Insertable<ProjectsTable>) => tx.insertInto('projects').values(row).execute();

export const updateProjectRow = (db: Executor, id: string, set: Updateable<ProjectsTable>) =>
  db.updateTable('projects').set(set).where('id', '=', id).execute();

export const memberProjectIds = async (db: Executor, userId: string) =>
  (await db.selectFrom('project_members').select('project_id').where('user_id', '=', userId).execute()).map((r) => r.project_id);

/** A page of projects by key after `cursor`: every project for an admin, else those `userId` is a member of; one row more than `limit` when there is a next page. */
export function listProjectRows(db: Executor, viewer: { userId: string; all: boolean }, page: { limit: number; cursor?: string }) {
  let q = db
    .selectFrom('projects')
    .selectAll('projects')
    .orderBy('projects.key')
    .limit(page.limit + 1);
  if (page.cursor) q = q.where('projects.key', '>', page.cursor);
  if (!viewer.all) {
    q = q.innerJoin('project_members', 'project_members.project_id', 'projects.id').where('project_members.user_id', '=', viewer.userId);
  }
  return q.execute();
}

export async function memberRole(db: Executor, projectId: string, userId: string): Promise<ProjectRole | undefined> {
  const row = await db.selectFrom('project_members').select('role').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return row?.role;
}

export async function isProjectMember(db: Executor, projectId: string, userId: string): Promise<boolean> {
  return (await memberRole(db, projectId, userId)) !== undefined;
}

/** A member who can still be given work: in the project and not deactivated. */
export async function memberState(db: Executor, projectId: string, userId: string): Promise<'active' | 'deactivated' | 'not_member'> {
  const row = await db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select('users.deactivated_at')
    .where('project_members.project_id', '=', projectId)
    .where('project_members.user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return 'not_member';
  return row.deactivated_at ? 'deactivated' : 'active';
}

export const rolesOfUser = (db: Executor, userId: string) =>
  db.selectFrom('project_members').select(['project_id', 'role']).where('user_id', '=', userId).execute();

export const membersOf = (db: Executor, projectId: string) =>
  db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .select(['users.id as userId', 'users.name', 'users.email', 'project_members.role', 'users.deactivated_at'])
    .where('project_members.project_id', '=', projectId)
    .orderBy('users.name')
    .execute();

/** Adds the member, or changes their role. */
export const putMember = (tx: Executor, projectId: string, userId: string, role: ProjectRole, at: string) =>
  tx
    .insertInto('project_members')
    .values({ project_id: projectId, user_id: userId, role, created_at: at })
    .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
    .execute();

/** Whether there was such a member to remove. */
export async function deleteMember(tx: Executor, projectId: string, userId: string): Promise<boolean> {
  const result = await tx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export const ownersOf = (tx: Executor, projectId: string) =>
  tx.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).where('role', '=', 'owner').execute();

/** Projects on the provider, each with `userId` when they are a member of it (null otherwise). */
export const projectsOnProvider = (db: Executor, provider: string, userId: string) =>
  db
    .selectFrom('projects')
    .leftJoin('project_members', (j) => j.onRef('project_members.project_id', '=', 'projects.id').on('project_members.user_id', '=', userId))
    .select(['projects.settings', 'project_members.user_id'])
    .where('projects.provider', '=', provider)
    .execute();
