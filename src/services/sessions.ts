import { verifyPassword } from '../crypto/passwords.ts';
import { randomToken, sha256 } from '../crypto/tokens.ts';
import type { Db, Executor } from '../db/database.ts';
import { findUserByEmail, findUserById } from '../db/queries/users.ts';
import { TooManyRequests, Unauthorized } from '../errors.ts';
import { forgiveAttempt, takeAttempt } from './login-throttle.ts';
import { toUser, type User } from './users.ts';

export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;

export interface IssuedSession {
  token: string;
  csrfToken: string;
  user: User;
}

/** A fresh session; the previous one (if any) is ended, so the id always rotates at login. */
export async function createSession(db: Executor, userId: string, previousToken?: string): Promise<Omit<IssuedSession, 'user'>> {
  if (previousToken) await endSession(db, previousToken);
  const token = randomToken('');
  const csrfToken = randomToken('');
  const now = new Date();
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
    })
    .execute();
  return { token, csrfToken };
}

export async function login(db: Db, input: { email: string; password: string; address: string; previousToken?: string }): Promise<IssuedSession> {
  const keys = [
    { kind: 'account' as const, value: input.email },
    { kind: 'address' as const, value: input.address },
  ];
  // Counted before the password is checked, so concurrent guesses cannot all slip through.
  const wait = await db.transaction((tx) => takeAttempt(tx, keys));
  if (wait > 0) throw new TooManyRequests(`Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minutes.`, wait);

  const row = await findUserByEmail(db.kysely, input.email);
  if (!(await verifyPassword(input.password, row?.password_hash ?? null)) || !row) throw new Unauthorized('Email or password is incorrect');
  // Said only after the right password, so it tells nothing to someone guessing.
  if (row.deactivated_at) throw new Unauthorized('This account has been deactivated; ask an administrator of your Baton');
  return db.transaction(async (tx) => {
    await forgiveAttempt(tx, keys);
    const session = await createSession(tx, row.id, input.previousToken);
    return { ...session, user: toUser(row) };
  });
}

export interface ResolvedSession {
  user: User;
  csrfToken: string;
}

/** The session's user, or null when unknown, idle too long or past its absolute expiry. */
export async function resolveSession(db: Executor, token: string, now = new Date()): Promise<ResolvedSession | null> {
  const id = sha256(token);
  const session = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!session) return null;
  const idleExpired = now.getTime() - Date.parse(session.last_seen_at) > SESSION_IDLE_MS;
  if (idleExpired || Date.parse(session.expires_at) <= now.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  // Touch at most once a minute: a read should not become a write on every request.
  if (now.getTime() - Date.parse(session.last_seen_at) > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
  }
  const user = await findUserById(db, session.user_id);
  return user && !user.deactivated_at ? { user: toUser(user), csrfToken: session.csrf_token } : null;
}

export async function endSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}
