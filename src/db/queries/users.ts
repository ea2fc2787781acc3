import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { UsersTable } from '../schema/users.ts';

export type UserRow = Selectable<UsersTable>;

export const findUserById = (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Executor, email: string) => db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const countUsers = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const listUsers = (db: Executor) => db.selectFrom('users').selectAll().orderBy('name').execute();

export const insertUser = (db: Executor, row: UserRow) => db.insertInto('users').values(row).execute();
