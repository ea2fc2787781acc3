// Every column that holds a secret sealed by the secret box, read and written generically so
// that key rotation and `baton doctor` cover them all. A new secret column must be listed here,
// or `baton keys rotate` would leave it under the old key.
import type { Executor } from '../database.ts';

export const SEALED_COLUMNS = [
  { table: 'git_credentials', id: 'id', column: 'token_ciphertext' },
  { table: 'projects', id: 'id', column: 'webhook_secret_ciphertext' },
  { table: 'projects', id: 'id', column: 'previous_webhook_secret_ciphertext' },
  { table: 'github_app_installations', id: 'id', column: 'token_ciphertext' },
  { table: 'github_app_authorizations', id: 'user_id', column: 'token_ciphertext' },
  { table: 'github_app_authorizations', id: 'user_id', column: 'refresh_ciphertext' },
] as const;

export type SealedColumn = (typeof SEALED_COLUMNS)[number];

// The table and column names vary per entry, which Kysely's typed builder cannot follow: the
// casts are confined to this file.

/** Every row's id with its sealed value (null where the column is empty). */
export async function sealedValues(db: Executor, { table, id, column }: SealedColumn): Promise<Array<{ id: string; sealed: string | null }>> {
  return (await db
    .selectFrom(table)
    .select([`${id} as id`, `${column} as sealed`] as any)
    .execute()) as Array<{ id: string; sealed: string | null }>;
}

export async function putSealed(db: Executor, { table, id, column }: SealedColumn, rowId: string, sealed: string): Promise<void> {
  await (db.updateTable(table) as any)
    .set({ [column]: sealed })
    .where(id, '=', rowId)
    .execute();
}

/** One non-empty sealed value of the column, or null. */
export async function anySealed(db: Executor, { table, column }: SealedColumn): Promise<string | null> {
  const row = (await db
    .selectFrom(table)
    .select(`${column} as sealed` as any)
    .where(column as any, 'is not', null)
    .limit(1)
    .executeTakeFirst()) as { sealed: string } | undefined;
  return row?.sealed ?? null;
}
