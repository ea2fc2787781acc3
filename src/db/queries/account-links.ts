// One-time account links (invitations and password resets): stored by token hash, used once.
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { AccountLinksTable } from '../schema/account-links.ts';

export type AccountLinkKind = 'invitation' | 'password_reset';
export type AccountLinkRow = Selectable<AccountLinksTable>;

export const insertAccountLink = (db: Executor, row: Insertable<AccountLinksTable>) => db.insertInto('account_links').values(row).execute();

export const findAccountLink = (db: Executor, kind: AccountLinkKind, tokenHash: string) =>
  db.selectFrom('account_links').selectAll().where('kind', '=', kind).where('token_hash', '=', tokenHash).executeTakeFirst();

/** Invitations not yet accepted nor revoked, newest first, with who sent them. */
export const openInvitations = (db: Executor) =>
  db
    .selectFrom('account_links')
    .leftJoin('users as sender', 'sender.id', 'account_links.created_by')
    .selectAll('account_links')
    .select('sender.name as created_by_name')
    .where('account_links.kind', '=', 'invitation')
    .where('account_links.used_at', 'is', null)
    .where('account_links.revoked_at', 'is', null)
    .orderBy('account_links.created_at', 'desc')
    .execute();

export async function revokeAccountLink(db: Executor, kind: AccountLinkKind, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('account_links')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Uses the link if it is still usable at `at` (not used, revoked or expired): one statement, so of
 * two people opening the same link at once exactly one gets true.
 */
export async function claimAccountLink(tx: Executor, id: string, at: string): Promise<boolean> {
  const result = await tx
    .updateTable('account_links')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export const setAccountLinkUser = (tx: Executor, id: string, userId: string) =>
  tx.updateTable('account_links').set({ user_id: userId }).where('id', '=', id).execute();

/** Earlier unused reset links of the user stop working when a new one is made. */
export const revokeResetLinksOf = (tx: Executor, userId: string, at: string) =>
  tx
    .updateTable('account_links')
    .set({ revoked_at: at })
    .where('kind', '=', 'password_reset')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
