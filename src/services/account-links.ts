// One-time account links: invitations (a new account) and password resets (a new password).
//
// An admin creates one and sees its link once; only the hash of its token is stored. The token
// travels in the link's fragment (`#…`), so it never reaches a server log or a Referer header;
// the page it opens sends it in a request body. A link works once, until it expires or is revoked.
import { newId, nowIso } from '../clock.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { randomToken, sha256 } from '../crypto/tokens.ts';
import { type Db, type Executor, isUniqueViolation } from '../db/database.ts';
import {
  type AccountLinkKind,
  type AccountLinkRow,
  claimAccountLink,
  findAccountLink,
  insertAccountLink,
  openInvitations,
  revokeAccountLink,
  revokeResetLinksOf,
  setAccountLinkUser,
} from '../db/queries/account-links.ts';
import { deleteSessionsOfUser } from '../db/queries/sessions.ts';
import { findUserByEmail, findUserById, setPasswordHash } from '../db/queries/users.ts';
import { AppError, Conflict, NotFound } from '../errors.ts';
import { type Role, requireAdmin } from './people.ts';
import { createUser, type User } from './users.ts';

export const INVITATION_DAYS = 7;
export const RESET_HOURS = 24;

const PAGE: Record<AccountLinkKind, string> = { invitation: 'invite', password_reset: 'reset-password' };

/** A link that cannot be used (any reason: unknown, used, revoked, expired); says what to do. */
class UnusableLink extends AppError {
  constructor(kind: AccountLinkKind) {
    const what = kind === 'invitation' ? 'invitation' : 'password reset link';
    super('link_unusable', 410, `This ${what} cannot be used: it was already used, revoked or has expired. Ask an administrator for a new one.`);
  }
}

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  invitedBy: string | null;
  expired: boolean;
}

const invitationView = (r: AccountLinkRow & { created_by_name?: string | null }, now = nowIso()): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.is_admin === 1 ? 'admin' : 'member',
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  invitedBy: r.created_by_name ?? null,
  expired: r.expires_at <= now,
});

async function issue(db: Executor, publicUrl: string, row: Omit<AccountLinkRow, 'id' | 'token_hash' | 'created_at' | 'used_at' | 'revoked_at'>) {
  const token = randomToken('');
  const stored: AccountLinkRow = { ...row, id: newId(), token_hash: sha256(token), created_at: nowIso(), used_at: null, revoked_at: null };
  await insertAccountLink(db, stored);
  return { row: stored, link: `${publicUrl}/${PAGE[row.kind as AccountLinkKind]}#${token}` };
}

export async function createInvitation(db: Db, admin: User, input: { email: string; role: Role }, publicUrl: string) {
  requireAdmin(admin);
  const email = input.email.toLowerCase();
  if (await findUserByEmail(db.kysely, email)) throw new Conflict(`${email} already has an account`, { field: 'email' });
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString();
  const { row, link } = await issue(db.kysely, publicUrl, {
    kind: 'invitation',
    email,
    user_id: null,
    is_admin: input.role === 'admin' ? 1 : 0,
    created_by: admin.id,
    expires_at: expiresAt,
  });
  return { ...invitationView({ ...row, created_by_name: admin.name }), link };
}

export async function listInvitations(db: Executor, admin: User): Promise<InvitationView[]> {
  requireAdmin(admin);
  const now = nowIso();
  return (await openInvitations(db)).map((r) => invitationView(r, now));
}

export async function revokeInvitation(db: Executor, admin: User, id: string): Promise<void> {
  requireAdmin(admin);
  if (!(await revokeAccountLink(db, 'invitation', id, nowIso()))) throw new NotFound('Open invitation');
}

async function usable(db: Executor, kind: AccountLinkKind, token: string): Promise<AccountLinkRow> {
  const row = await findAccountLink(db, kind, sha256(token));
  if (!row || row.used_at || row.revoked_at || row.expires_at <= nowIso()) throw new UnusableLink(kind);
  return row;
}

/** What the invitation page shows before the invitee signs up. */
export async function inspectInvitation(db: Executor, token: string): Promise<{ email: string; expiresAt: string }> {
  const row = await usable(db, 'invitation', token);
  return { email: row.email, expiresAt: row.expires_at };
}

/** Creates the invitee's account with the name and password they chose; the link is spent. */
export async function acceptInvitation(db: Db, input: { token: string; name: string; password: string }): Promise<User> {
  const row = await usable(db.kysely, 'invitation', input.token);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      if (!(await claimAccountLink(tx, row.id, nowIso()))) throw new UnusableLink('invitation');
      const user = await createUser(tx, { email: row.email, name: input.name, passwordHash, isAdmin: row.is_admin === 1 });
      await setAccountLinkUser(tx, row.id, user.id);
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`${row.email} already has an account: sign in instead`);
    throw err;
  }
}

/** A one-time link for `userId` to choose a new password; earlier unused ones stop working. */
export async function createResetLink(db: Db, admin: User, userId: string, publicUrl: string): Promise<{ link: string; expiresAt: string }> {
  requireAdmin(admin);
  const user = await findUserById(db.kysely, userId);
  if (!user) throw new NotFound('User');
  if (user.deactivated_at) throw new Conflict(`${user.name} is deactivated: reactivate them first`);
  const expiresAt = new Date(Date.now() + RESET_HOURS * 3_600_000).toISOString();
  return db.transaction(async (tx) => {
    await revokeResetLinksOf(tx, userId, nowIso());
    const { link } = await issue(tx, publicUrl, {
      kind: 'password_reset',
      email: user.email,
      user_id: userId,
      is_admin: 0,
      created_by: admin.id,
      expires_at: expiresAt,
    });
    return { link, expiresAt };
  });
}

/** Sets the new password and ends every session of the person; they sign in with it next. */
export async function useResetLink(db: Db, input: { token: string; password: string }): Promise<{ email: string }> {
  const row = await usable(db.kysely, 'password_reset', input.token);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = row.user_id ? await findUserById(tx, row.user_id) : undefined;
    if (!user || user.deactivated_at || !(await claimAccountLink(tx, row.id, nowIso()))) throw new UnusableLink('password_reset');
    await setPasswordHash(tx, user.id, passwordHash, nowIso());
    await deleteSessionsOfUser(tx, user.id);
    return { email: user.email };
  });
}
