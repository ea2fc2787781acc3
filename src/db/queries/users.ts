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
