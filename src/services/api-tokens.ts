import type { Selectable } from 'kysely';
import { newId, nowIso } from '../clock.ts';
import { randomToken, sha256 } from '../crypto/tokens.ts';
import type { Executor } from '../db/database.ts';
import { findUserById } from '../db/queries/users.ts';
import type { ApiTokensTable } from '../db/schema/api-tokens.ts';
import { NotFound } from '../errors.ts';
import { toUser, type User } from './users.ts';

export const API_TOKEN_PREFIX = 'baton_';

export interface ApiTokenInfo {
  id: string;
  name: string;
  last4: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** Refused from then on; null: never expires. */
  expiresAt: string | null;
}

/** `expiresAt`: ISO 8601, or null for a token that never expires (the default). */
export async function createApiToken(
  db: Executor,
  userId: string,
  name: string,
  expiresAt: string | null = null,
): Promise<{ token: string; info: ApiTokenInfo }> {
  const token = randomToken(API_TOKEN_PREFIX);
  const row = {
    id: newId(),
    user_id: userId,
    name,
    token_hash: sha256(token),
    last4: token.slice(-4),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
    expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, info: toInfo(row) };
}

/** The token's user; null for an unknown, revoked or expired token. */
export async function resolveApiToken(db: Executor, token: string, now = new Date()): Promise<User | null> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row || (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime())) return null;
  const user = await findUserById(db, row.user_id);
  if (!user || user.deactivated_at) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return toUser(user);
}

export async function listApiTokens(db: Executor, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
  return rows.map(toInfo);
}

function toInfo(r: Selectable<ApiTokensTable>): ApiTokenInfo {
  return { id: r.id, name: r.name, last4: r.last4, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, expiresAt: r.expires_at };
}

/** Revokes every live token of the user (deactivation): reactivating them does not bring old tokens back. */
export const revokeAllApiTokensOf = (db: Executor, userId: string) =>
  db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();

export async function revokeApiToken(db: Executor, userId: string, id: string): Promise<void> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new NotFound('API token');
}
