import { newId, nowIso } from '../clock.ts';
import { hashPassword } from '../crypto/passwords.ts';
import { type Db, type Executor, isUniqueViolation } from '../db/database.ts';
import { deleteSessionsOfUser } from '../db/queries/sessions.ts';
import { findUserByEmail, insertUser, setPasswordHash, type UserRow } from '../db/queries/users.ts';
import { Conflict } from '../errors.ts';

export interface User {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}

export const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, name: row.name, isAdmin: row.is_admin === 1 });

/** `password` in clear (hashed here), or `passwordHash` already hashed (outside a transaction), or neither: no password yet. */
export async function createUser(
  db: Executor,
  input: { email: string; name: string; password?: string | null; passwordHash?: string; isAdmin: boolean },
): Promise<User> {
  const now = nowIso();
  const row: UserRow = {
    id: newId(),
    email: input.email.toLowerCase(),
    name: input.name,
    password_hash: input.passwordHash ?? (input.password ? await hashPassword(input.password) : null),
    is_admin: input.isAdmin ? 1 : 0,
    deactivated_at: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertUser(db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`A user with email ${row.email} already exists`, { field: 'email' });
    throw err;
  }
  return toUser(row);
}

/** A new password, e.g. for a user added without one. Their sessions end: a reset also locks out whoever held the old one. */
export async function setPassword(db: Db, email: string, password: string): Promise<User | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const row = await findUserByEmail(tx, email);
    if (!row) return null;
    await setPasswordHash(tx, row.id, passwordHash, nowIso());
    await deleteSessionsOfUser(tx, row.id);
    return toUser(row);
  });
}
