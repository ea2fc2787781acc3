import type { Selectable, Updateable } from 'kysely';
import { nowIso } from '../../clock.ts';
import { type Executor, engineOf } from '../database.ts';
import type { UsersTable } from '../schema/users.ts';

export type UserRow = Selectable<UsersTable>;

export const findUserById = (db: Executor, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Executor, email: string) => db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const adminExists = async (db: Executor) =>
  (await db.selectFrom('users').select('id').where('is_admin', '=', 1).limit(1).executeTakeFirst()) !== undefined;

export const listUsers = (db: Executor) => db.selectFrom('users').selectAll().orderBy('name').execute();

export const insertUser = (db: Executor, row: UserRow) => db.insertInto('users').values(row).execute();

export const updateUserRow = (db: Executor, id: string, set: Updateable<UsersTable>) => db.updateTable('users').set(set).where('id', '=', id).execute();

/** `at`: when the person was deactivated; null lets them sign in again. */
export const setUserDeactivated = (db: Executor, id: string, at: string | null) =>
  db.updateTable('users').set({ deactivated_at: at, updated_at: nowIso() }).where('id', '=', id).execute();

/**
 * The active administrators' ids. On PostgreSQL their rows stay locked until the transaction
 * ends, so two demotions or deactivations at once cannot each see the other admin still there
 * and leave none (SQLite transactions already run one at a time).
 */
export async function lockActiveAdmins(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('is_admin', '=', 1)
    .where('deactivated_at', 'is', null)
    .$if(engineOf(db) === 'postgres', (q) => q.forUpdate())
    .execute();
  return rows.map((r) => r.id);
}

/** The active people who share at least one project with `userId` (themselves included), by name. */
export const peopleSharingAProject = (db: Executor, userId: string) =>
  db
    .selectFrom('users')
    .select(['users.id', 'users.name'])
    .where('users.deactivated_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('project_members as theirs')
          .innerJoin('project_members as mine', 'mine.project_id', 'theirs.project_id')
          .select('theirs.user_id')
          .whereRef('theirs.user_id', '=', 'users.id')
          .where('mine.user_id', '=', userId),
      ),
    )
    .orderBy('users.name')
    .execute();

export type Person = { id: string; name: string } | null;

/** Looks up the named people at once; the returned function answers null for no id or an unknown one. */
export async function personLookup(db: Executor, ids: Array<string | null>): Promise<(id: string | null) => Person> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const rows = wanted.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute() : [];
  const people = new Map(rows.map((r) => [r.id, r]));
  return (id) => (id ? (people.get(id) ?? null) : null);
}

export const getPerson = async (db: Executor, id: string) => {
  const row = await db.selectFrom('users').select(['id', 'name', 'deactivated_at']).where('id', '=', id).executeTakeFirstOrThrow();
  return { id: row.id, name: row.name, deactivated: row.deactivated_at !== null };
};

export const setPasswordHash = (tx: Executor, id: string, passwordHash: string, at: string) =>
  tx.updateTable('users').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
