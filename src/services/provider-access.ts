// Which stored credential a background read of a linked repository acts with: the one the
// repository was linked with, else the requesting user's own for that provider and owner.
// A token is only ever used against the base URL it was saved for.
import type { AppContext } from '../app-context.ts';
import type { GitProvider, ProviderKind, RepoRef } from '../providers/types.ts';

export interface RepositoryAccess {
  provider: GitProvider;
  repo: RepoRef;
  repositoryId: string;
  projectId: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** A provider instance for the repository, or null when no usable credential exists. */
export async function repositoryAccess(ctx: AppContext, repositoryId: string, actorId: string | null = null): Promise<RepositoryAccess | null> {
  const repo = await ctx.db.kysely
    .selectFrom('repositories')
    .innerJoin('projects', 'projects.id', 'repositories.project_id')
    .select(['repositories.id', 'repositories.owner', 'repositories.name', 'repositories.credential_id', 'repositories.project_id', 'projects.provider', 'projects.settings'])
    .where('repositories.id', '=', repositoryId)
    .executeTakeFirst();
  if (!repo) return null;
  const settings = JSON.parse(repo.settings) as Record<string, unknown> & { baseUrl?: string };
  const baseUrl = trimSlash(String(settings.baseUrl ?? ''));

  if (!repo.credential_id && !actorId) return null;
  const linkerCredential = repo.credential_id;
  const candidates = await ctx.db.kysely
    .selectFrom('git_credentials')
    .select(['id', 'user_id', 'owner', 'base_url', 'token_ciphertext'])
    .where('provider', '=', repo.provider)
    .where((eb) =>
      eb.or([
        ...(linkerCredential ? [eb('id', '=', linkerCredential)] : []),
        ...(actorId ? [eb.and([eb('user_id', '=', actorId), eb(eb.fn('lower', ['owner']), '=', repo.owner.toLowerCase())])] : []),
      ]),
    )
    .execute();
  const ordered = [...candidates.filter((c) => c.id === repo.credential_id), ...candidates.filter((c) => c.id !== repo.credential_id)];
  const credential = ordered.find((c) => trimSlash(c.base_url) === baseUrl);
  if (!credential) return null;

  const provider = ctx.providers.create(repo.provider as ProviderKind, {
    baseUrl: credential.base_url,
    token: ctx.secrets.open(credential.token_ciphertext),
    settings,
  });
  return { provider, repo: { owner: repo.owner, name: repo.name }, repositoryId: repo.id, projectId: repo.project_id };
}
