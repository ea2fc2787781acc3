import type { SecretBox } from '../crypto/secret-box.ts';
import type { Db } from '../db/database.ts';

// Every column that holds a sealed secret. A new secret column must be listed here, or
// `baton keys rotate` would leave it under the old key.
const SEALED_COLUMNS = [
  { table: 'git_credentials', id: 'id', column: 'token_ciphertext' },
  { table: 'projects', id: 'id', column: 'webhook_secret_ciphertext' },
  { table: 'projects', id: 'id', column: 'previous_webhook_secret_ciphertext' },
] as const;

/** Re-seal every stored secret under `box`'s current key, in one transaction. Returns how many changed. */
export async function resealAll(db: Db, box: SecretBox): Promise<number> {
  return db.transaction(async (tx) => {
    let count = 0;
    for (const { table, id, column } of SEALED_COLUMNS) {
      const rows = (await tx
        .selectFrom(table)
        .select([`${id} as id`, `${column} as sealed`] as any)
        .execute()) as Array<{ id: string; sealed: string | null }>;
      for (const row of rows) {
        if (!row.sealed || box.keyIdOfSealed(row.sealed) === box.currentId) continue;
        await (tx.updateTable(table) as any)
          .set({ [column]: box.seal(box.open(row.sealed)) })
          .where(id, '=', row.id)
          .execute();
        count += 1;
      }
    }
    return count;
  });
}

/** One stored secret, to prove the loaded keys can open what is stored (used by `baton doctor`). */
export async function sampleSealed(db: Db): Promise<string | null> {
  for (const { table, column } of SEALED_COLUMNS) {
    const row = (await db.kysely
      .selectFrom(table)
      .select(`${column} as sealed` as any)
      .where(column as any, 'is not', null)
      .limit(1)
      .executeTakeFirst()) as { sealed: string } | undefined;
    if (row) return row.sealed;
  }
  return null;
}
