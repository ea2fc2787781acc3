// Repository webhooks through the API, as Bitbucket Cloud keeps them: only repository admins may
// list or change them (others get 403), the secret is never shown back (`secret_set` says there
// is one), and an update without `secret` keeps the one set.
import { type Ctx, fail, type Handler, repoFor } from './context.ts';
import { repoRefJson } from './shapes.ts';
import type { FakeHook, FakeRepo } from './state.ts';

function adminRepo(ctx: Ctx): FakeRepo {
  const repo = repoFor(ctx, 'read');
  if (ctx.token.kind !== 'api' || ctx.state.permission(ctx.user, repo) !== 'admin')
    fail(403, 'You must be an administrator of this repository to manage its webhooks.');
  return repo;
}

function hookOf(ctx: Ctx): { repo: FakeRepo; hook: FakeHook } {
  const repo = adminRepo(ctx);
  const hook = repo.hooks.find((h) => h.uuid === ctx.params.uid);
  return hook ? { repo, hook } : fail(404, 'Webhook not found.');
}

function hookJson(ctx: Ctx, repo: FakeRepo, h: FakeHook) {
  return {
    type: 'webhook_subscription',
    uuid: h.uuid,
    url: h.url,
    description: h.description ?? '',
    subject_type: 'repository',
    subject: repoRefJson(ctx, repo),
    active: h.active,
    created_at: h.createdAt ?? '2024-05-01T09:00:00.000000+00:00',
    events: [...h.events],
    secret_set: h.secret !== '',
    links: { self: { href: `${ctx.apiUrl}/repositories/${repo.workspace.slug}/${repo.slug}/hooks/${encodeURIComponent(h.uuid)}` } },
  };
}

function setFields(hook: FakeHook, body: Record<string, unknown>): void {
  if (typeof body.url === 'string') hook.url = body.url;
  if (typeof body.description === 'string') hook.description = body.description;
  if (typeof body.active === 'boolean') hook.active = body.active;
  if (Array.isArray(body.events)) hook.events = new Set(body.events as string[]);
  if (body.secret !== undefined) hook.secret = (body.secret as string | null) ?? '';
}

export const hookRoutes: Record<string, Handler> = {
  'GET /repositories/{workspace}/{repo_slug}/hooks': (ctx) => {
    const repo = adminRepo(ctx);
    return { status: 200, body: { pagelen: 100, size: repo.hooks.length, page: 1, values: repo.hooks.map((h) => hookJson(ctx, repo, h)) } };
  },
  'POST /repositories/{workspace}/{repo_slug}/hooks': (ctx) => {
    const repo = adminRepo(ctx);
    if (typeof ctx.body.url !== 'string' || !Array.isArray(ctx.body.events)) fail(400, 'Bad request', { fields: { url: ['This field is required.'] } });
    const hook = ctx.state.addHook(repo, { url: ctx.body.url as string, events: ctx.body.events as string[] });
    setFields(hook, ctx.body);
    return { status: 201, body: hookJson(ctx, repo, hook) };
  },
  'GET /repositories/{workspace}/{repo_slug}/hooks/{uid}': (ctx) => {
    const { repo, hook } = hookOf(ctx);
    return { status: 200, body: hookJson(ctx, repo, hook) };
  },
  'PUT /repositories/{workspace}/{repo_slug}/hooks/{uid}': (ctx) => {
    const { repo, hook } = hookOf(ctx);
    setFields(hook, ctx.body);
    return { status: 200, body: hookJson(ctx, repo, hook) };
  },
  'DELETE /repositories/{workspace}/{repo_slug}/hooks/{uid}': (ctx) => {
    const { repo, hook } = hookOf(ctx);
    repo.hooks.splice(repo.hooks.indexOf(hook), 1);
    return { status: 204 };
  },
};
