import type { Executor } from '../db/database.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { User } from './users.ts';

export type ProjectRole = 'owner' | 'member';

/**
 * The caller's role in a project. Admins act as owners everywhere. A non-member gets the same
 * 404 as for a project that does not exist, so project ids and keys do not leak.
 */
export async function projectRole(db: Executor, user: User, projectId: string): Promise<ProjectRole> {
  const project = await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new NotFound('Project');
  if (user.isAdmin) return 'owner';
  const member = await db.selectFrom('project_members').select('role').where('project_id', '=', projectId).where('user_id', '=', user.id).executeTakeFirst();
  if (!member) throw new NotFound('Project');
  return member.role;
}

export async function requireProjectOwner(db: Executor, user: User, projectId: string): Promise<void> {
  if ((await projectRole(db, user, projectId)) !== 'owner') throw new Forbidden('Only project owners can do this');
}
