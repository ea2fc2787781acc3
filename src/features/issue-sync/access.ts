// Which token issue sync acts with. Reads (import, reconciliation): an installed app's token where
// a token broker has one for the repository, else the personal credential of whoever enabled the
// sync. Writes (Baton → issue tracker): the acting person's own, so the tracker shows who did it.
import type { AppContext } from '../../app-context.ts';
import type { Executor } from '../../db/database.ts';
import { membersWithCredentials } from '../../db/queries/credentials.ts';
import { getProjectRow, type Project, toProject } from '../../db/queries/projects.ts';
import { findRepository, type RepositoryRow } from '../../db/queries/repositories.ts';
import { getPerson } from '../../db/queries/users.ts';
import type { IssueCapability } from '../../providers/issues.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { GitProvider, RepoRef } from '../../providers/types.ts';
import { credentialFor } from '../../services/credentials.ts';
import { providerFor } from '../../services/repositories.ts';
import { brokersOf } from '../../services/token-brokers.ts';

export interface IssueAccess {
  issues: IssueCapability;
  repo: RepoRef;
  repository: RepositoryRow;
  project: Project;
}

const issuesOf = (provider: GitProvider, project: Project): IssueCapability | string =>
  provider.issues ?? `${providerLabel(project.provider)} has no issue tracker Baton can sync with`;

async function load(ctx: AppContext, repositoryId: string): Promise<{ repository: RepositoryRow; project: Project } | string> {
  const repository = await findRepository(ctx.db.kysely, repositoryId);
  if (!repository) return `repository ${repositoryId} is no longer linked`;
  return { repository, project: toProject(await getProjectRow(ctx.db.kysely, repository.project_id), 'member') };
}

/** The issue capability reading the repository in the background, or why there is none. */
export async function readingAccess(ctx: AppContext, repositoryId: string, enabledBy: string | null): Promise<IssueAccess | { problem: string }> {
  const loaded = await load(ctx, repositoryId);
  if (typeof loaded === 'string') return { problem: loaded };
  const { repository, project } = loaded;
  const repo = { owner: repository.owner, name: repository.name };
  const reasons: string[] = [];
  for (const broker of brokersOf(ctx)) {
    const found = await broker.background(ctx, project, repository);
    if (typeof found === 'string') reasons.push(found);
    else if (found) {
      const issues = issuesOf(found, project);
      if (typeof issues === 'string') return { problem: issues };
      return { issues, repo, repository, project };
    }
  }
  const name = providerLabel(project.provider);
  if (!enabledBy)
    return {
      problem: `${[...reasons, `nobody who enabled issue sync can read ${repo.owner}/${repo.name}`].join('; ')}: enable it again with your own ${name} credential`,
    };
  const credential = await credentialFor(ctx.db.kysely, enabledBy, project.provider, repository.owner, project.settings.baseUrl);
  if (!credential) {
    const person = await getPerson(ctx.db.kysely, enabledBy);
    return {
      problem: `${[...reasons, `${person.name}, who enabled issue sync, has no ${name} credential for ${repository.owner}`].join('; ')}: add one under Profile → Git credentials, or enable the sync again as someone who has one`,
    };
  }
  const issues = issuesOf(providerFor(ctx, project, credential), project);
  if (typeof issues === 'string') return { problem: issues };
  return { issues, repo, repository, project };
}

/** The issue capability acting as the person (their credential, else a broker's token of theirs), or why there is none. */
export async function actingAccess(ctx: AppContext, userId: string, repositoryId: string): Promise<IssueAccess | { problem: string }> {
  const loaded = await load(ctx, repositoryId);
  if (typeof loaded === 'string') return { problem: loaded };
  const { repository, project } = loaded;
  const repo = { owner: repository.owner, name: repository.name };
  const credential = await credentialFor(ctx.db.kysely, userId, project.provider, repository.owner, project.settings.baseUrl);
  let provider: GitProvider | null = credential ? providerFor(ctx, project, credential) : null;
  for (const broker of brokersOf(ctx)) {
    if (provider) break;
    provider = (await broker.acting(ctx, userId, project, repository))?.provider ?? null;
  }
  if (!provider) {
    const person = await getPerson(ctx.db.kysely, userId);
    return {
      problem: `${person.name} has no ${providerLabel(project.provider)} credential for ${repository.owner}, so the change was not written to ${repo.owner}/${repo.name}`,
    };
  }
  const issues = issuesOf(provider, project);
  if (typeof issues === 'string') return { problem: issues };
  return { issues, repo, repository, project };
}

export interface People {
  /** The Baton person of a login (any case), or undefined. */
  byLogin(login: string): { userId: string; name: string } | undefined;
  /** A person's login, or undefined when Baton does not know their account. */
  loginOf(userId: string): string | undefined;
}

/**
 * Project members and their accounts on the provider, from their credentials for the project's
 * server and from token brokers (people who authorised an app).
 */
export async function projectPeople(ctx: AppContext, db: Executor, project: Project): Promise<People> {
  const withCredentials = await membersWithCredentials(db, {
    projectId: project.id,
    exceptUserId: '',
    provider: project.provider,
    baseUrl: project.settings.baseUrl,
  });
  const brokered = (await Promise.all(brokersOf(ctx).map((b) => b.members(ctx, project, '')))).flat();
  const byLogin = new Map<string, { userId: string; name: string }>();
  const loginOf = new Map<string, string>();
  for (const p of [...withCredentials.map((c) => ({ userId: c.id, name: c.name, login: c.login })), ...brokered]) {
    if (!byLogin.has(p.login.toLowerCase())) byLogin.set(p.login.toLowerCase(), { userId: p.userId, name: p.name });
    if (!loginOf.has(p.userId)) loginOf.set(p.userId, p.login);
  }
  return { byLogin: (login) => byLogin.get(login.toLowerCase()), loginOf: (id) => loginOf.get(id) };
}
