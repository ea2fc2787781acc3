// Which token a background read of a linked repository acts with: a token broker's (an installed
// app's, whose budget is meant for this), else the stored credential the repository was linked
// with, else the requesting user's own for that provider and owner. The
// same checks as linking apply (provider, server, organisation), so a token only ever goes to
// the server it was saved for.
import type { AppContext } from '../app-context.ts';
import { type CredentialRow, findCredentialById } from '../db/queries/credentials.ts';
import { getProjectRow, toProject } from '../db/queries/projects.ts';
import { findRepository } from '../db/queries/repositories.ts';
import { ValidationFailed } from '../errors.ts';
import type { GitProvider, RepoRef } from '../providers/types.ts';
import { credentialFor } from './credentials.ts';
import { providerFor } from './repositories.ts';
import { brokersOf } from './token-brokers.ts';

export interface RepositoryAccess {
  provider: GitProvider;
  repo: RepoRef;
  repositoryId: string;
  projectId: string;
}

/** A provider instance for the repository, or why there is none (no usable credential, the app was removed, ...). */
export async function repositoryAccess(ctx: AppContext, repositoryId: string, actorId: string | null = null): Promise<RepositoryAccess | { problem: string }> {
  const repo = await findRepository(ctx.db.kysely, repositoryId);
  if (!repo) return { problem: `repository ${repositoryId} is no longer linked` };
  const project = toProject(await getProjectRow(ctx.db.kysely, repo.project_id), 'member');
  const where = { repo: { owner: repo.owner, name: repo.name }, repositoryId: repo.id, projectId: repo.project_id };

  const reasons: string[] = [];
  for (const broker of brokersOf(ctx)) {
    const found = await broker.background(ctx, project, repo);
    if (typeof found === 'string') reasons.push(found);
    else if (found) return { provider: found, ...where };
  }

  const candidates: CredentialRow[] = [];
  if (repo.credential_id) {
    const linker = await findCredentialById(ctx.db.kysely, repo.credential_id);
    if (linker) candidates.push(linker);
  }
  if (actorId) {
    const own = await credentialFor(ctx.db.kysely, actorId, project.provider, repo.owner, project.settings.baseUrl);
    if (own) candidates.push(own);
  }
  for (const credential of candidates) {
    try {
      const provider = providerFor({ secrets: ctx.secrets, providers: ctx.providers }, project, credential);
      return { provider, ...where };
    } catch (err) {
      // A credential for another server or organisation than the project's now: try the next.
      if (!(err instanceof ValidationFailed)) throw err;
    }
  }
  return { problem: `${reasons.length ? `${reasons.join('; ')}; and ` : ''}no credential to read ${repo.owner}/${repo.name}` };
}
