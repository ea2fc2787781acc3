// Per-user git credentials: the queries, and the mapper to what the API shows (never the token).
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { ProviderKind } from '../../providers/types.ts';
import type { Executor } from '../database.ts';
import type { GitCredentialsTable } from '../schema/git-credentials.ts';

export type CredentialRow = Selectable<GitCredentialsTable>;

export function toCredential(row: CredentialRow) {
  return {
    id: row.id,
    provider: row.provider as ProviderKind,
    owner: row.owner,
    baseUrl: row.base_url,
    login: row.login,
    scopes: JSON.parse(row.scopes) as string[],
    missing: JSON.parse(row.missing) as string[],
    last4: row.token_last4,
    expiresAt: row.expires_at,
    validatedAt: row.validated_at,
    ...(JSON.parse(row.fields) as Record<string, string>),
  };
}

export type Credential = ReturnType<typeof toCredential>;

export const findCredentialById = (db: Executor, id: string) => db.selectFrom('git_credentials').selectAll().where('id', '=', id).executeTakeFirst();

/** The user's credential with that id; undefined for anybody else's. */
export const findUserCredential = (db: Executor, userId: string, id: string) =>
  db.selectFrom('git_credentials').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();

/** The user's credentials for one provider server, every owner. */
export const credentialsOnServer = (db: Executor, userId: string, provider: string, baseUrl: string) =>
  db.selectFrom('git_credentials').selectAll().where('user_id', '=', userId).where('provider', '=', provider).where('base_url', '=', baseUrl).execute();

export const credentialsOfUser = (db: Executor, userId: string) =>
  db.selectFrom('git_credentials').selectAll().where('user_id', '=', userId).orderBy('provider').orderBy('owner').execute();

export const insertCredential = (tx: Executor, row: Insertable<GitCredentialsTable>) => tx.insertInto('git_credentials').values(row).execute();

export const updateCredentialRow = (tx: Executor, id: string, set: Updateable<GitCredentialsTable>) =>
  tx.updateTable('git_credentials').set(set).where('id', '=', id).execute();

/** Whether the user had such a credential to delete. */
export async function deleteUserCredential(db: Executor, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('git_credentials').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Members of the project other than `exceptUserId` with a credential on the project's provider server, one row per credential. */
export const membersWithCredentials = (db: Executor, on: { projectId: string; exceptUserId: string; provider: string; baseUrl: string }) =>
  db
    .selectFrom('project_members')
    .innerJoin('users', 'users.id', 'project_members.user_id')
    .innerJoin('git_credentials', 'git_credentials.user_id', 'users.id')
    .select(['users.id', 'users.name', 'git_credentials.owner', 'git_credentials.login', 'git_credentials.external_user_id'])
    .where('project_members.project_id', '=', on.projectId)
    .where('users.id', '!=', on.exceptUserId)
    // A deactivated person cannot sign in to review.
    .where('users.deactivated_at', 'is', null)
    .where('git_credentials.provider', '=', on.provider)
    .where('git_credentials.base_url', '=', on.baseUrl)
    .execute();

/** Repositories linked with this credential: Baton syncs their pull requests and manages their webhooks with it. */
export const repositoriesLinkedWith = (db: Executor, credentialId: string) =>
  db
    .selectFrom('repositories')
    .innerJoin('projects', 'projects.id', 'repositories.project_id')
    .select(['repositories.owner', 'repositories.name', 'projects.key as projectKey', 'projects.name as projectName'])
    .where('repositories.credential_id', '=', credentialId)
    .orderBy('projects.key')
    .orderBy('repositories.name')
    .execute();

/**
 * Tickets whose Start work looks to be running on a repository of this provider, with what
 * tells whose credential it uses (the flow's actor, the owner, the project's server); the caller
 * parses the state, the text match only narrows the rows.
 */
export const runningStartWorkOn = (db: Executor, provider: string) =>
  db
    .selectFrom('tickets')
    .innerJoin('repositories', 'repositories.id', 'tickets.repository_id')
    .innerJoin('projects', 'projects.id', 'tickets.project_id')
    .select(['tickets.number', 'tickets.title', 'tickets.start_work', 'projects.key as projectKey', 'projects.settings', 'repositories.owner'])
    .where('repositories.provider', '=', provider)
    .where('tickets.start_work', 'like', '%"running"%')
    .orderBy('projects.key')
    .orderBy('tickets.number')
    .execute();
