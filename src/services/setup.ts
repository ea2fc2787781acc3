import { nowIso } from '../clock.ts';
import { randomToken, sha256 } from '../crypto/tokens.ts';
import type { Db } from '../db/database.ts';
import { adminExists } from '../db/queries/users.ts';
import { Conflict, Unauthorized } from '../errors.ts';
import { createSession } from './sessions.ts';
import { createUser, type User } from './users.ts';

// Until an admin exists, each start issues a one-time setup link; it can create the first admin
// and nothing else. Ordinary users added from the command line before that do not count: only
// an admin can run Baton, so the link must keep working until there is one.

export async function issueSetupToken(db: Db): Promise<string | null> {
  if (await adminExists(db.kysely)) return null;
  const token = randomToken('');
  await db.transaction(async (tx) => {
    await tx.deleteFrom('setup_tokens').execute();
    await tx
      .insertInto('setup_tokens')
      .values({ token_hash: sha256(token), created_at: nowIso(), used_at: null })
      .execute();
  });
  return token;
}

export async function setupNeeded(db: Db): Promise<boolean> {
  return !(await adminExists(db.kysely));
}

export async function completeSetup(
  db: Db,
  input: { token: string; email: string; name: string; password: string },
): Promise<{ user: User; token: string; csrfToken: string }> {
  return db.transaction(async (tx) => {
    if (await adminExists(tx)) throw new Conflict('Baton is already set up; sign in instead');
    const used = await tx
      .updateTable('setup_tokens')
      .set({ used_at: nowIso() })
      .where('token_hash', '=', sha256(input.token))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new Unauthorized('This setup link is invalid or was already used; restart Baton for a new one');
    const user = await createUser(tx, { email: input.email, name: input.name, password: input.password, isAdmin: true });
    const session = await createSession(tx, user.id);
    return { user, ...session };
  });
}
