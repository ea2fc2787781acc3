// Git repositories linked to projects.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../database.ts';
import type { RepositoriesTable } from '../schema/repositories.ts';

export type RepositoryRow = Selectable<RepositoriesTable>;

export const toRepository = (r: RepositoryRow) => ({
  id: r.id,
  owner: r.owner,
  name: r.name,
  defaultBranch: r.default_branch,
  webUrl: r.web_url,
  credentialId: r.credential_id,
});

export const findRepository = (db: Executor, id: string) => db.selectFrom('repositories').selectAll().where('id', '=', id).executeTakeFirst();

export const getRepository = (db: Executor, id: string) => db.selectFrom('repositories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

export async function isRepositoryOfProject(db: Executor, id: string, projectId: string): Promise<boolean> {
  const row = await db.selectFrom('repositories').select('id').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return row !== undefined;
}

export const repositoriesOfProject = (db: Executor, projectId: string) =>
  db.selectFrom('repositories').selectAll().where('project_id', '=', projectId).orderBy('owner').orderBy('name').execute();

/** Ids of the project's repositories, or of every linked repository when `projectId` is null. */
export const repositoryIds = (db: Executor, projectId: string | null) =>
  db
    .selectFrom('repositories')
    .select('id')
    .$if(projectId !== null, (q) => q.where('project_id', '=', projectId!))
    .execute();

export const insertRepository = (db: Executor, row: Insertable<RepositoriesTable>) => db.insertInto('repositories').values(row).execute();

export const updateRepositoryRow = (db: Executor, id: string, set: Updateable<RepositoriesTable>) =>
  db.updateTable('repositories').set(set).where('id', '=', id).execute();

/** Whether the project had that repository to unlink. */
export async function deleteProjectRepository(db: Executor, projectId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('repositories').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What applying pull-request events needs to know about a linked repository. */
export interface LinkedRepository {
  id: string;
  projectId: string;
  projectKey: string;
  owner: string;
  name: string;
  externalId: string;
  /** The project lets PRs from forks link themselves and tick criteria (`trustsPullRequest`). */
  acceptsForkPullRequests: boolean;
}

/** Linked repositories by id or by project, with their project's key, oldest link first. */
export async function linkedRepositories(db: Executor, by: { ids?: string[]; projectIds?: string[] }): Promise<LinkedRepository[]> {
  if (!by.ids?.length && !by.projectIds?.length) return [];
  const rows = await db
    .selectFrom('repositories')
    .innerJoin('projects', 'projects.id', 'repositories.project_id')
    .select([
      'repositories.id',
      'repositories.project_id',
      'repositories.owner',
      'repositories.name',
      'repositories.external_id',
      'projects.key',
      'projects.accept_fork_pull_requests',
    ])
    .$if(!!by.ids?.length, (q) => q.where('repositories.id', 'in', by.ids!))
    .$if(!!by.projectIds?.length, (q) => q.where('repositories.project_id', 'in', by.projectIds!))
    .orderBy('repositories.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    projectKey: r.key,
    owner: r.owner,
    name: r.name,
    externalId: r.external_id,
    acceptsForkPullRequests: r.accept_fork_pull_requests === 1,
  }));
}
