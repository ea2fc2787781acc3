import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { linkRepository, listAvailable, listRepositories, unlinkRepository } from '../../services/repositories.ts';
import type { User } from '../../services/users.ts';
import type { Api } from '../api.ts';
import { projectParams } from './projects.ts';

const repository = z
  .object({
    id: z.uuid(),
    owner: z.string(),
    name: z.string(),
    defaultBranch: z.string(),
    webUrl: z.string(),
    credentialId: z.uuid().nullable(),
  })
  .meta({ id: 'Repository' });

/** Hooks features attach to linking and unlinking (e.g. setting up the provider's webhook); they never fail the request. */
export interface RepositoryHooks {
  linked?(ctx: AppContext, user: User, repository: { id: string; projectId: string; credentialId: string | null }): Promise<void>;
  unlinked?(ctx: AppContext, repositoryId: string): Promise<void>;
}

export function repositoryRoutes(api: Api, ctx: AppContext, hooks: RepositoryHooks = {}): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/repositories/available',
      tag: 'repositories',
      params: projectParams,
      summary: "Repositories your credential's owner has, to link one (30 a page)",
      query: z.strictObject({
        credentialId: z.uuid('must be one of your credential ids'),
        search: z.string().trim().max(100).optional(),
        page: z.coerce.number().int().min(1).max(1000).default(1),
      }),
      response: z.object({
        items: z.array(z.object({ owner: z.string(), name: z.string(), defaultBranch: z.string(), private: z.boolean() }).meta({ id: 'AvailableRepository' })),
        hasMore: z.boolean(),
      }),
    },
    async ({ user, params, query }) => listAvailable(ctx, user, params.projectId, query),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/repositories',
      summary: 'Link a repository (owners)',
      tag: 'repositories',
      status: 201,
      params: projectParams,
      body: z.strictObject({
        credentialId: z.uuid().meta({ title: 'Credential' }),
        owner: z.string().trim().min(1).max(200).meta({ title: 'Repository owner' }),
        name: z.string().trim().min(1).max(200).meta({ title: 'Repository name' }),
      }),
      response: repository,
    },
    async ({ user, params, body }) => {
      const linked = await linkRepository(ctx, user, params.projectId, body);
      await hooks.linked?.(ctx, user, { id: linked.id, projectId: params.projectId, credentialId: linked.credentialId });
      return linked;
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/repositories',
      summary: 'Linked repositories',
      tag: 'repositories',
      params: projectParams,
      response: z.object({ items: z.array(repository) }),
    },
    async ({ user, params }) => listRepositories(ctx.db.kysely, user, params.projectId),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/projects/:projectId/repositories/:repositoryId',
      summary: 'Unlink a repository (owners)',
      tag: 'repositories',
      status: 204,
      params: z.strictObject({ projectId: z.uuid(), repositoryId: z.uuid() }),
    },
    async ({ user, params }) => {
      await unlinkRepository(ctx.db.kysely, user, params.projectId, params.repositoryId);
      await hooks.unlinked?.(ctx, params.repositoryId);
    },
  );
}
