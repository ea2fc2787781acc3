import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { UsersTable } from '../schema/users.ts';

export type UserRow = Selectable<UsersTable>;

export const findUserById = (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Executor, email: string) => db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const adminExists = async (db: Executor) =>
  (await db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst()) !== undefined;

export const listUsers = (db: Executor) => db.selectFrom('users').selectAll().orderBy('name').execute();

export const insertUser = (db: Executor, row: UserRow) => db.insertInto('users').values(row).execute();

export type Person = { id: string; name: string } | null;

/** Looks up the named people at once; the returned function answers null for no id or an unknown one. */
export async function personLookup(db: Executor, ids: Array<string | null>): Promise<(id: string | null) => Person> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const rows = wanted.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute() : [];
  const people = new Map(rows.map((r) => [r.id, r]));
  return (id) => (id ? (people.get(id) ?? null) : null);
}

export const getPerson = (db: Executor, id: string) => db.selectFrom('users').select(['id', 'name']).where('id', '=', id).executeTakeFirstOrThrow();

export const setPasswordHash = (tx: Executor, id: string, passwordHash: string, at: string) =>
  tx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
