import type { SecretBox } from '../crypto/secret-box.ts';
import type { Db } from '../db/database.ts';
import { anySealed, putSealed, SEALED_COLUMNS, sealedValues } from '../db/queries/sealed-secrets.ts';

/** Re-seal every stored secret under `box`'s current key, in one transaction. Returns how many changed. */
export async function resealAll(db: Db, box: SecretBox): Promise<number> {
  return db.transaction(async (tx) => {
    let count = 0;
    for (const column of SEALED_COLUMNS) {
      for (const row of await sealedValues(tx, column)) {
        if (!row.sealed || box.keyIdOfSealed(row.sealed) === box.currentId) continue;
        await putSealed(tx, column, row.id, box.seal(box.open(row.sealed)));
        count += 1;
      }
    }
    return count;
  });
}

/** One stored secret, to prove the loaded keys can open what is stored (used by `baton doctor`). */
export async function sampleSealed(db: Db): Promise<string | null> {
  for (const column of SEALED_COLUMNS) {
    const sealed = await anySealed(db.kysely, column);
    if (sealed) return sealed;
  }
  return null;
}
