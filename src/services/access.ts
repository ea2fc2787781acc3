import type { Executor } from '../db/database.ts';
import { memberRole, type ProjectRole, projectExists } from '../db/queries/projects.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { User } from './users.ts';

/**
 * The caller's role in a project. Admins act as owners everywhere. A non-member gets the same
 * 404 as for a project that does not exist, so project ids and keys do not leak.
 */
export async function projectRole(db: Executor, user: User, projectId: string): Promise<ProjectRole> {
  if (!(await projectExists(db, projectId))) throw new NotFound('Project');
  if (user.isAdmin) return 'owner';
  const role = await memberRole(db, projectId, user.id);
  if (!role) throw new NotFound('Project');
  return role;
}

export async function requireProjectOwner(db: Executor, user: User, projectId: string): Promise<void> {
  if ((await projectRole(db, user, projectId)) !== 'owner') throw new Forbidden('Only project owners can do this');
}
