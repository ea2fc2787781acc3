// Repositories linked to a project. Listing and linking go through the caller's own credential,
// which must be for the project's provider, server and (Azure DevOps) organisation.
import type { AppContext } from '../app-context.ts';
import { newId, nowIso } from '../clock.ts';
import { type Executor, isUniqueViolation } from '../db/database.ts';
import type { CredentialRow } from '../db/queries/credentials.ts';
import type { Project } from '../db/queries/projects.ts';
import {
  deleteProjectRepository,
  findRepository,
  insertRepository,
  type RepositoryRow,
  repositoriesOfProject,
  toRepository,
} from '../db/queries/repositories.ts';
import { Conflict, fieldRefused, NotFound, ValidationFailed } from '../errors.ts';
import { findProvider, providerLabel } from '../providers/registry.ts';
import type { GitProvider, Repo } from '../providers/types.ts';
import { projectRole, requireProjectOwner } from './access.ts';
import { ownCredential } from './credentials.ts';
import { getProject } from './projects.ts';
import { toApiError } from './provider-failures.ts';
import type { User } from './users.ts';

type Deps = Pick<AppContext, 'db' | 'secrets' | 'providers'>;

const PER_PAGE = 30;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The owner every repository of the project has, when its provider fixes it by a project setting (e.g. an organisation). */
export function fixedOwner(project: Project): string | null {
  const setting = findProvider(project.provider)?.owner.fixedBySetting;
  return setting ? (project.settings[setting] ?? null) : null;
}

/** The Credential chosen does not fit the project: the sentence says why, and shows under the Credential field too. */
const credentialRefused = (sentence: string) => fieldRefused('credentialId', sentence);

/** A provider acting with `credential` inside `project`; refuses a credential for another provider, server or organisation. */
export function providerFor(deps: Pick<Deps, 'secrets' | 'providers'>, project: Project, credential: CredentialRow): GitProvider {
  if (credential.provider !== project.provider) {
    throw credentialRefused(`That credential is for ${providerLabel(credential.provider)}; this project uses ${providerLabel(project.provider)}.`);
  }
  if (credential.base_url !== project.settings.baseUrl) {
    throw credentialRefused(`That credential is for ${credential.base_url}; this project's repositories are on ${project.settings.baseUrl}.`);
  }
  const owner = fixedOwner(project);
  if (owner && !same(owner, credential.owner)) {
    const what = findProvider(project.provider)?.owner.label.toLowerCase() ?? 'owner';
    throw credentialRefused(`That credential is for ${what} ${credential.owner}; this project is in ${owner}.`);
  }
  const token = deps.secrets.open(credential.token_ciphertext);
  const credentialFields = JSON.parse(credential.fields) as Record<string, string>;
  return deps.providers.create(project.provider, { baseUrl: credential.base_url, token, settings: project.settings, credentialFields });
}

export async function listAvailable(deps: Deps, user: User, projectId: string, query: { credentialId: string; search?: string; page: number }) {
  const project = await getProject(deps.db.kysely, user, projectId);
  const credential = await ownCredential(deps.db.kysely, user, query.credentialId);
  const provider = providerFor(deps, project, credential);
  const found = await provider
    .listRepositories(credential.owner, { search: query.search, page: query.page, perPage: PER_PAGE })
    .catch((err) => toApiError(err, `Could not list the repositories of ${credential.owner}`));
  return { items: found.items.map((r) => ({ owner: r.owner, name: r.name, defaultBranch: r.defaultBranch, private: r.private })), hasMore: found.hasMore };
}

export async function linkRepository(deps: Deps, user: User, projectId: string, input: { credentialId: string; owner: string; name: string }) {
  await requireProjectOwner(deps.db.kysely, user, projectId);
  const project = await getProject(deps.db.kysely, user, projectId);
  const credential = await ownCredential(deps.db.kysely, user, input.credentialId);
  // Start work later acts with each developer's credential for this owner, so it must be the same one.
  if (!same(credential.owner, input.owner)) {
    throw fieldRefused('owner', `That credential is for ${credential.owner}; add one for ${input.owner} to link its repositories.`);
  }
  const provider = providerFor(deps, project, credential);
  const repo = await provider
    .getRepository({ owner: credential.owner, name: input.name })
    .catch((err) => toApiError(err, `Could not link ${input.owner}/${input.name}`));
  return saveLink(deps.db.kysely, project, repo, credential.id);
}

/** Records `repo` as linked to the project; `credentialId` is the credential it was linked with, if any (null: through an app installation). */
export async function saveLink(db: Executor, project: Project, repo: Repo, credentialId: string | null) {
  const existing = await repositoriesOfProject(db, project.id);
  if (existing.some((r) => same(r.owner, repo.owner) && same(r.name, repo.name)))
    throw new Conflict(`${repo.owner}/${repo.name} is already linked to this project`);
  const row: RepositoryRow = {
    id: newId(),
    project_id: project.id,
    provider: project.provider,
    owner: repo.owner,
    name: repo.name,
    external_id: repo.externalId,
    default_branch: repo.defaultBranch,
    web_url: repo.webUrl,
    credential_id: credentialId,
    reconcile_watermark: null,
    reconcile_etag: null,
    reconciled_at: null,
    releases_etag: null,
    releases_reconciled_at: null,
    created_at: nowIso(),
  };
  try {
    await insertRepository(db, row);
  } catch (err) {
    if (isUniqueViolation(err)) throw new Conflict(`${repo.owner}/${repo.name} is already linked to this project`);
    throw err;
  }
  return toRepository(row);
}

export async function listRepositories(db: Executor, user: User, projectId: string) {
  await projectRole(db, user, projectId);
  return { items: (await repositoriesOfProject(db, projectId)).map(toRepository) };
}

export async function unlinkRepository(db: Executor, user: User, projectId: string, repositoryId: string): Promise<void> {
  await requireProjectOwner(db, user, projectId);
  if (!(await deleteProjectRepository(db, projectId, repositoryId))) throw new NotFound('Repository');
}

/**
 * The repository a ticket works in: its own, else the project's only one. Throws what the
 * person has to do when there is none or the choice is ambiguous.
 */
export async function ticketRepository(db: Executor, ticket: { project_id: string; repository_id: string | null; key: string }): Promise<RepositoryRow> {
  if (ticket.repository_id) {
    const own = await findRepository(db, ticket.repository_id);
    if (own) return own;
  }
  const all = await repositoriesOfProject(db, ticket.project_id);
  if (all.length === 1) return all[0];
  if (all.length === 0)
    throw new Conflict('No repository is linked to this project yet; a project owner links one under Project settings → Repositories', {
      reason: 'no_repository',
    });
  throw new ValidationFailed(`This project has ${all.length} repositories; choose one in ${ticket.key}'s Repository field first`, {
    fields: { repositoryId: 'Repository: choose one of the project repositories.' },
    reason: 'ambiguous_repository',
  });
}
