// Releases of linked repositories, the commits each brought, and which release first shipped
// each merged pull request (its merge commit among a release's commits).
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../database.ts';
import type { ReleasesTable } from '../schema/releases.ts';

export type ReleaseRow = Selectable<ReleasesTable>;

/** Rows per insert statement: PostgreSQL allows 65535 parameters, SQLite 32766; three per row. */
const CHUNK = 1000;

export const findRelease = (db: Executor, repositoryId: string, externalId: string) =>
  db.selectFrom('releases').selectAll().where('repository_id', '=', repositoryId).where('external_id', '=', externalId).executeTakeFirst();

export const insertRelease = (db: Executor, row: Insertable<ReleasesTable>) => db.insertInto('releases').values(row).execute();

export const updateReleaseRow = (db: Executor, id: string, set: Updateable<ReleasesTable>) =>
  db.updateTable('releases').set(set).where('id', '=', id).execute();

/** The repository's releases not deleted, oldest first: the order a release's predecessor is found in. */
export const liveReleases = (db: Executor, repositoryId: string) =>
  db
    .selectFrom('releases')
    .selectAll()
    .where('repository_id', '=', repositoryId)
    .where('deleted_at', 'is', null)
    .orderBy('published_at')
    .orderBy('tag')
    .execute();

/** Replaces the commits listed for a release (all of them: a range is listed whole). */
export async function replaceReleaseCommits(db: Executor, releaseId: string, repositoryId: string, shas: string[]): Promise<void> {
  await db.deleteFrom('release_commits').where('release_id', '=', releaseId).execute();
  const unique = [...new Set(shas)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = unique.slice(i, i + CHUNK).map((sha) => ({ release_id: releaseId, repository_id: repositoryId, sha }));
    await db.insertInto('release_commits').values(rows).execute();
  }
}

export const clearReleaseCommits = (db: Executor, releaseId: string) => db.deleteFrom('release_commits').where('release_id', '=', releaseId).execute();

/** Merge commits of the repository's merged pull requests that no release holds yet. */
export async function unreleasedMergeCommits(db: Executor, repositoryId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('pull_requests')
    .select('merge_commit_sha')
    .where('repository_id', '=', repositoryId)
    .where('state', '=', 'merged')
    .where('merge_commit_sha', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('release_commits')
            .select('release_commits.sha')
            .whereRef('release_commits.repository_id', '=', 'pull_requests.repository_id')
            .whereRef('release_commits.sha', '=', 'pull_requests.merge_commit_sha'),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.merge_commit_sha!);
}

/**
 * Each merged pull request of the tickets, once per release holding its merge commit (a row
 * with a null release when none does yet). Deleted releases hold no commits.
 */
export async function mergedPullRequestReleases(db: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return [];
  const rows = [];
  for (let i = 0; i < ticketIds.length; i += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('pull_requests')
        .leftJoin('release_commits', (join) =>
          join.onRef('release_commits.repository_id', '=', 'pull_requests.repository_id').onRef('release_commits.sha', '=', 'pull_requests.merge_commit_sha'),
        )
        .leftJoin('releases', 'releases.id', 'release_commits.release_id')
        .innerJoin('repositories', 'repositories.id', 'pull_requests.repository_id')
        .select([
          'pull_requests.ticket_id as ticketId',
          'pull_requests.id as pullRequestId',
          'repositories.owner as owner',
          'repositories.name as repositoryName',
          'releases.id as releaseId',
          'releases.tag as tag',
          'releases.name as name',
          'releases.url as url',
          'releases.published_at as publishedAt',
          'releases.prerelease as prerelease',
        ])
        .where('pull_requests.ticket_id', 'in', ticketIds.slice(i, i + CHUNK))
        .where('pull_requests.state', '=', 'merged')
        .execute()),
    );
  }
  return rows;
}

/** The project's releases not deleted, newest first. */
export const releasesOfProject = (db: Executor, projectId: string, limit: number) =>
  db
    .selectFrom('releases')
    .innerJoin('repositories', 'repositories.id', 'releases.repository_id')
    .selectAll('releases')
    .select(['repositories.owner as owner', 'repositories.name as repositoryName'])
    .where('repositories.project_id', '=', projectId)
    .where('releases.deleted_at', 'is', null)
    .orderBy('releases.published_at', 'desc')
    .orderBy('releases.tag', 'desc')
    .limit(limit)
    .execute();

/** Tickets of the project with a merged pull request in one of the repositories' releases. */
export const ticketsWithReleasedWork = (db: Executor, releaseIds: string[]) =>
  releaseIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('release_commits')
        .innerJoin('pull_requests', (join) =>
          join.onRef('pull_requests.repository_id', '=', 'release_commits.repository_id').onRef('pull_requests.merge_commit_sha', '=', 'release_commits.sha'),
        )
        .select('pull_requests.ticket_id')
        .distinct()
        .where('release_commits.release_id', 'in', releaseIds)
        .where('pull_requests.state', '=', 'merged')
        .where('pull_requests.ticket_id', 'is not', null)
        .execute();
