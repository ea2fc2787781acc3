import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { PROJECT_KEY } from '../../domain/keys.ts';
import { providerKind } from '../../providers/registry.ts';
import { createProject, getProject, listMembers, listProjects, removeMember, setMember, updateProject } from '../../services/projects.ts';
import type { Api } from '../api.ts';
import { pageOf, pageQuery } from './paging.ts';

export const projectParams = z.strictObject({ projectId: z.uuid('must be a project id') });
// Checked by the provider's own settings schema, which labels them as its form does.
const settings = z.record(z.string(), z.unknown()).meta({ title: 'Provider settings' });
const projectName = z.string().trim().min(1).max(100).meta({ title: 'Name' });
const draftPullRequests = z.boolean().meta({ title: 'Open pull requests as drafts' });
const acceptForkPullRequests = z.boolean().meta({ title: 'Let pull requests from forks link to tickets and tick acceptance criteria' });
const branchPrefix = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'may hold letters, digits, ".", "_" and "-" only, starting with a letter or digit, at most 40 of them')
  .refine(
    (p) => !p.includes('..') && !p.endsWith('.lock') && !p.endsWith('.'),
    'must not contain ".." or end in "." or ".lock" (git refuses such branch names)',
  )
  .meta({ title: 'Branch prefix' });

const role = z.enum(['owner', 'member']).meta({ id: 'Role' });
const project = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    provider: z.string(),
    settings: z
      .object({ baseUrl: z.string() })
      .catchall(z.string())
      .describe("The provider's settings (GET /api/providers lists the fields), with the base URL filled in"),
    branchPrefix: z.string(),
    draftPullRequests: z.boolean(),
    acceptForkPullRequests: z
      .boolean()
      .describe('PRs from forks may link themselves to tickets by a key and tick acceptance criteria; off by default, as anybody can fork'),
    role: role.describe('Your role; admins count as owners everywhere'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Project' });
const member = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    email: z.string(),
    role,
    deactivated: z.boolean().describe('The person can no longer sign in; history keeps them, but they take no new work'),
  })
  .meta({ id: 'Member' });

export function projectRoutes(api: Api, ctx: AppContext): void {
  const deps = { db: ctx.db, allowedProviderHosts: ctx.config.allowedProviderHosts };

  api.route(
    {
      method: 'GET',
      url: '/api/projects',
      summary: 'Projects you belong to',
      tag: 'projects',
      query: pageQuery(z.string().max(20)),
      response: pageOf(project),
    },
    async ({ user, query }) => listProjects(ctx.db.kysely, user, query),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects',
      summary: 'Create a project; you become its owner',
      tag: 'projects',
      status: 201,
      response: project,
      body: z.strictObject({
        key: z.string().regex(PROJECT_KEY, 'must be 2-10 capitals and digits, starting with a letter (e.g. PAY)').meta({ title: 'Key' }),
        name: projectName,
        provider: providerKind.meta({ title: 'Git provider' }),
        settings: settings.optional(),
        branchPrefix: branchPrefix.optional(),
        draftPullRequests: draftPullRequests.optional(),
        acceptForkPullRequests: acceptForkPullRequests.optional(),
      }),
    },
    async ({ user, body }) => createProject(deps, user, body),
  );

  api.route(
    { method: 'GET', url: '/api/projects/:projectId', summary: 'One project', tag: 'projects', params: projectParams, response: project },
    async ({ user, params }) => getProject(ctx.db.kysely, user, params.projectId),
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/projects/:projectId',
      summary: 'Change a project (owners)',
      tag: 'projects',
      params: projectParams,
      response: project,
      body: z.strictObject({
        name: projectName.optional(),
        settings: settings.optional(),
        branchPrefix: branchPrefix.optional(),
        draftPullRequests: draftPullRequests.optional(),
        acceptForkPullRequests: acceptForkPullRequests.optional(),
      }),
    },
    async ({ user, params, body }) => updateProject(deps, user, params.projectId, body),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/members',
      summary: 'Project members',
      tag: 'projects',
      params: projectParams,
      response: z.object({ items: z.array(member) }),
    },
    async ({ user, params }) => ({
      items: await listMembers(ctx.db.kysely, user, params.projectId),
    }),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/members',
      summary: 'Add a member or change their role (owners)',
      tag: 'projects',
      params: projectParams,
      response: member,
      body: z.strictObject({ userId: z.uuid().meta({ title: 'Person' }), role: z.enum(['owner', 'member']).meta({ title: 'Role' }) }),
    },
    async ({ user, params, body }) => setMember(ctx.db, user, params.projectId, body),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/projects/:projectId/members/:userId',
      summary: 'Remove a member (owners)',
      tag: 'projects',
      status: 204,
      params: z.strictObject({ projectId: z.uuid(), userId: z.uuid() }),
    },
    async ({ user, params }) => removeMember(ctx.db, user, params.projectId, params.userId),
  );
}
