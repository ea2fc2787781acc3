// The GitHub App's rows: installations (with the cached installation token), the repositories
// each reaches, people's authorisations and the single-use states of install/authorise links.
import type { Executor } from '../../../db/database.ts';
import type { GitHubAppAuthorizationsTable, GitHubAppInstallationsTable } from '../../../db/schema/github-app.ts';

export type InstallationRow = GitHubAppInstallationsTable;
export type AuthorizationRow = GitHubAppAuthorizationsTable;

export const findInstallation = (db: Executor, id: string) => db.selectFrom('github_app_installations').selectAll().where('id', '=', id).executeTakeFirst();

/** Records (or revives) an installation as GitHub describes it now. */
export async function upsertInstallation(
  db: Executor,
  row: { id: string; account: string; repositorySelection: string; suspendedAt: string | null; at: string },
) {
  await db
    .insertInto('github_app_installations')
    .values({
      id: row.id,
      account: row.account,
      repository_selection: row.repositorySelection,
      suspended_at: row.suspendedAt,
      deleted_at: null,
      token_ciphertext: null,
      token_expires_at: null,
      refreshing_until: null,
      created_at: row.at,
      updated_at: row.at,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        account: row.account,
        repository_selection: row.repositorySelection,
        suspended_at: row.suspendedAt,
        deleted_at: null,
        updated_at: row.at,
      }),
    )
    .execute();
}

export async function updateInstallation(db: Executor, id: string, change: Partial<Omit<InstallationRow, 'id'>>) {
  await db.updateTable('github_app_installations').set(change).where('id', '=', id).execute();
}

/** Replaces the repositories an installation reaches (those it still reaches keep when the App's webhook last spoke of them). */
export async function replaceInstallationRepositories(db: Executor, installationId: string, repos: Array<{ externalId: string; owner: string; name: string }>) {
  const gone = db.deleteFrom('github_app_repositories').where('installation_id', '=', installationId);
  const keep = repos.map((r) => r.externalId);
  await (keep.length ? gone.where('external_id', 'not in', keep) : gone).execute();
  await addInstallationRepositories(db, installationId, repos);
}

export async function addInstallationRepositories(db: Executor, installationId: string, repos: Array<{ externalId: string; owner: string; name: string }>) {
  if (repos.length === 0) return;
  await db
    .insertInto('github_app_repositories')
    .values(repos.map((r) => ({ installation_id: installationId, external_id: r.externalId, owner: r.owner, name: r.name })))
    .onConflict((oc) =>
      oc.columns(['installation_id', 'external_id']).doUpdateSet((eb) => ({ owner: eb.ref('excluded.owner'), name: eb.ref('excluded.name') })),
    )
    .execute();
}

export async function removeInstallationRepositories(db: Executor, installationId: string, externalIds: string[]) {
  if (externalIds.length === 0) return;
  await db.deleteFrom('github_app_repositories').where('installation_id', '=', installationId).where('external_id', 'in', externalIds).execute();
}

/** The installation that reaches owner/name (by repository id when known), whatever its state. */
export async function installationOfRepository(db: Executor, repo: { owner: string; name: string; externalId?: string | null }) {
  const base = db
    .selectFrom('github_app_repositories as r')
    .innerJoin('github_app_installations as i', 'i.id', 'r.installation_id')
    .selectAll('i')
    .orderBy('i.updated_at', 'desc');
  const byId = repo.externalId ? await base.where('r.external_id', '=', repo.externalId).executeTakeFirst() : undefined;
  if (byId) return byId;
  // Stored names are GitHub's spelling; people type any case.
  return base
    .where((eb) => eb.and([eb(eb.fn('lower', ['r.owner']), '=', repo.owner.toLowerCase()), eb(eb.fn('lower', ['r.name']), '=', repo.name.toLowerCase())]))
    .executeTakeFirst();
}

/**
 * The App's webhook brought a verified delivery about the repository: remember when, for the
 * Webhooks card. A cheap keyed update; an older delivery arriving late changes nothing.
 */
export async function noteAppDelivery(db: Executor, installationId: string, externalId: string, at: string) {
  await db
    .updateTable('github_app_repositories')
    .set({ last_delivery_at: at })
    .where('installation_id', '=', installationId)
    .where('external_id', '=', externalId)
    .where((eb) => eb.or([eb('last_delivery_at', 'is', null), eb('last_delivery_at', '<', at)]))
    .execute();
}

/** The repository as an installation reaches it, with the installation's state and the App webhook's last delivery about it. */
export async function appReachOf(db: Executor, repo: { owner: string; name: string; externalId?: string | null }) {
  const base = db
    .selectFrom('github_app_repositories as r')
    .innerJoin('github_app_installations as i', 'i.id', 'r.installation_id')
    .select(['i.id', 'i.account', 'i.deleted_at', 'i.suspended_at', 'r.last_delivery_at'])
    .orderBy('i.updated_at', 'desc');
  const byId = repo.externalId ? await base.where('r.external_id', '=', repo.externalId).executeTakeFirst() : undefined;
  if (byId) return byId;
  return base
    .where((eb) => eb.and([eb(eb.fn('lower', ['r.owner']), '=', repo.owner.toLowerCase()), eb(eb.fn('lower', ['r.name']), '=', repo.name.toLowerCase())]))
    .executeTakeFirst();
}

export const installationRepositoryNames = (db: Executor, installationId: string) =>
  db
    .selectFrom('github_app_repositories')
    .select(['owner', 'name', 'external_id'])
    .where('installation_id', '=', installationId)
    .orderBy('owner')
    .orderBy('name')
    .execute();

/**
 * Takes the refresh lease of an installation's token when nobody holds it (or theirs ran out):
 * true for the one caller, across processes, that should refresh now.
 */
export async function claimInstallationRefresh(db: Executor, id: string, now: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('github_app_installations')
    .set({ refreshing_until: now + leaseMs })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('refreshing_until', 'is', null), eb('refreshing_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The same lease for a person's user-to-server token. */
export async function claimAuthorizationRefresh(db: Executor, userId: string, now: number, leaseMs: number): Promise<boolean> {
  const result = await db
    .updateTable('github_app_authorizations')
    .set({ refreshing_until: now + leaseMs })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('refreshing_until', 'is', null), eb('refreshing_until', '<', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export const findAuthorization = (db: Executor, userId: string) =>
  db.selectFrom('github_app_authorizations').selectAll().where('user_id', '=', userId).executeTakeFirst();

export async function saveAuthorization(db: Executor, row: AuthorizationRow) {
  const { user_id, ...rest } = row;
  await db
    .insertInto('github_app_authorizations')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(rest))
    .execute();
}

export async function updateAuthorization(db: Executor, userId: string, change: Partial<Omit<AuthorizationRow, 'user_id'>>) {
  await db.updateTable('github_app_authorizations').set(change).where('user_id', '=', userId).execute();
}

export const authorizationsOfGitHubUser = (db: Executor, githubUserId: string) =>
  db.selectFrom('github_app_authorizations').select('user_id').where('github_user_id', '=', githubUserId).execute();

/** People of a project (other than `exceptUserId`) with a usable authorisation, and their GitHub login. */
export const authorizedMembers = (db: Executor, projectId: string, exceptUserId: string) =>
  db
    .selectFrom('project_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('github_app_authorizations as a', 'a.user_id', 'm.user_id')
    .select(['u.id', 'u.name', 'a.login', 'a.github_user_id'])
    .where('m.project_id', '=', projectId)
    .where('m.user_id', '!=', exceptUserId)
    .where('a.revoked_at', 'is', null)
    // A deactivated person cannot sign in to review.
    .where('u.deactivated_at', 'is', null)
    .execute();

export async function insertState(db: Executor, row: { id: string; sessionId: string; userId: string; projectId: string | null; expiresAt: string }) {
  await db
    .insertInto('github_app_states')
    .values({ id: row.id, session_id: row.sessionId, user_id: row.userId, project_id: row.projectId, expires_at: row.expiresAt })
    .execute();
}

export const findState = (db: Executor, id: string) => db.selectFrom('github_app_states').selectAll().where('id', '=', id).executeTakeFirst();

/** Deletes the state; true for the one caller that deleted it (a state is used once). */
export async function consumeState(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('github_app_states').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function deleteExpiredStates(db: Executor, nowIso: string) {
  await db.deleteFrom('github_app_states').where('expires_at', '<', nowIso).execute();
}

/** Repositories linked to GitHub projects whose id or owner/name is one of `repos`, with the project's settings (its server). */
export async function linkedGitHubRepositories(db: Executor, repos: Array<{ externalId: string | null; owner: string; name: string }>) {
  if (repos.length === 0) return [];
  return db
    .selectFrom('repositories as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select(['r.id', 'r.project_id', 'r.owner', 'r.name', 'p.settings'])
    .where('r.provider', '=', 'github')
    .where((eb) =>
      eb.or(
        repos.map((repo) =>
          eb.or([
            ...(repo.externalId ? [eb('r.external_id', '=', repo.externalId)] : []),
            eb.and([eb(eb.fn('lower', ['r.owner']), '=', repo.owner.toLowerCase()), eb(eb.fn('lower', ['r.name']), '=', repo.name.toLowerCase())]),
          ]),
        ),
      ),
    )
    .execute();
}

/** Marks stored deliveries as applied (events applied while they were received). */
export async function markDeliveriesApplied(db: Executor, ids: string[], note: string | null) {
  if (ids.length === 0) return;
  await db.updateTable('webhook_deliveries').set({ outcome: 'applied', error: note }).where('id', 'in', ids).execute();
}
