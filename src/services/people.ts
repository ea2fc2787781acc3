// People: who can see whom, roles, deactivation, and each person's own name and password.
//
// Admins see and manage everyone. Anyone else sees the names of the active people they share a
// project with, and nothing of anyone else. A deactivated person keeps their row, so history and
// tickets still name them, but their sessions end at once and their API tokens are refused.
import { nowIso } from '../clock.ts';
import { hashPassword, verifyPassword } from '../crypto/passwords.ts';
import type { Db, Executor } from '../db/database.ts';
import { deleteSessionsOfUser, deleteSessionsOfUserExcept } from '../db/queries/sessions.ts';
import {
  findUserById,
  listUsers,
  lockActiveAdmins,
  peopleSharingAProject,
  setPasswordHash,
  setUserDeactivated,
  type UserRow,
  updateUserRow,
} from '../db/queries/users.ts';
import { Conflict, Forbidden, fieldRefused, NotFound } from '../errors.ts';
import { revokeAllApiTokensOf } from './api-tokens.ts';
import { toUser, type User } from './users.ts';

export type Role = 'admin' | 'member';

export interface PersonView {
  id: string;
  name: string;
  /** Shown to admins only. */
  email?: string;
  role?: Role;
  deactivatedAt?: string | null;
  createdAt?: string;
}

export function requireAdmin(user: User): void {
  if (!user.isAdmin) throw new Forbidden('Only administrators can manage people');
}

const adminView = (r: UserRow): PersonView => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.is_admin === 1 ? 'admin' : 'member',
  deactivatedAt: r.deactivated_at,
  createdAt: r.created_at,
});

/** Admins: everyone, with email, role and state. Others: names of the active people sharing a project with them. */
export async function listPeople(db: Executor, user: User): Promise<PersonView[]> {
  if (user.isAdmin) return (await listUsers(db)).map(adminView);
  return (await peopleSharingAProject(db, user.id)).map((r) => ({ id: r.id, name: r.name }));
}

async function target(db: Executor, userId: string): Promise<UserRow> {
  const row = await findUserById(db, userId);
  if (!row) throw new NotFound('User');
  return row;
}

/** Refuses a change that would leave no active administrator to manage people. */
async function keepAnAdmin(tx: Executor, row: UserRow, what: string): Promise<void> {
  const admins = await lockActiveAdmins(tx);
  if (admins.length === 1 && admins[0] === row.id) {
    throw new Conflict(`${row.name} is the only active administrator: make someone else an administrator before you ${what}`);
  }
}

export async function changeRole(db: Db, admin: User, userId: string, role: Role): Promise<PersonView> {
  requireAdmin(admin);
  return db.transaction(async (tx) => {
    const row = await target(tx, userId);
    if (role === 'member') await keepAnAdmin(tx, row, 'make them a member');
    await updateUserRow(tx, userId, { is_admin: role === 'admin' ? 1 : 0, updated_at: nowIso() });
    return adminView(await target(tx, userId));
  });
}

/** Ends the person's sessions at once and revokes their API tokens (they stay listed); history keeps their name. */
export async function deactivateUser(db: Db, admin: User, userId: string): Promise<PersonView> {
  requireAdmin(admin);
  if (userId === admin.id) throw new Conflict('You cannot deactivate yourself: ask another administrator');
  return adminView(await db.transaction((tx) => deactivateAccount(tx, userId)));
}

/** The deactivation itself, for an administrator or the server's own CLI; never leaves Baton without an active admin. */
export async function deactivateAccount(tx: Executor, userId: string): Promise<UserRow> {
  const row = await target(tx, userId);
  await keepAnAdmin(tx, row, 'deactivate them');
  if (row.deactivated_at === null) await setUserDeactivated(tx, userId, nowIso());
  await deleteSessionsOfUser(tx, userId);
  await revokeAllApiTokensOf(tx, userId);
  return target(tx, userId);
}

export async function reactivateUser(db: Db, admin: User, userId: string): Promise<PersonView> {
  requireAdmin(admin);
  await target(db.kysely, userId);
  await setUserDeactivated(db.kysely, userId, null);
  return adminView(await target(db.kysely, userId));
}

export async function renameMe(db: Executor, user: User, name: string): Promise<User> {
  await updateUserRow(db, user.id, { name, updated_at: nowIso() });
  return toUser(await target(db, user.id));
}

/** A new password for the signed-in person; every other session of theirs ends (this one stays). */
export async function changeMyPassword(db: Db, user: User, input: { currentPassword: string; newPassword: string; sessionId: string | null }): Promise<void> {
  const row = await target(db.kysely, user.id);
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
    throw fieldRefused('currentPassword', 'Current password is not the one you sign in with; type it again.');
  }
  const hash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, hash, nowIso());
    if (input.sessionId) await deleteSessionsOfUserExcept(tx, user.id, input.sessionId);
    else await deleteSessionsOfUser(tx, user.id);
  });
}
