// Repository webhooks through the API, as Gitea keeps them (routers/api/v1/repo/hook.go): only
// repository admins reach these routes (reqRepoAdmin answers 403 to others), the secret is never
// shown back, and "test" sends a push event built from the default branch.
import { type Ctx, fail, type Handler, notFound, repoFor } from './context.ts';
import { repoJson, userJson } from './shapes.ts';
import type { FakeRepo } from './state.ts';
import type { FakeHook } from './webhooks.ts';

function adminRepo(ctx: Ctx): FakeRepo {
  const repo = repoFor(ctx, 'read');
  if (ctx.state.access(ctx.user.login, repo) !== 'admin') return fail(ctx, 403, 'user should be an owner or a collaborator with admin write of a repository');
  return repo;
}

const full = (repo: FakeRepo) => `${repo.owner}/${repo.name}`.toLowerCase();
const hooksOf = (ctx: Ctx, repo: FakeRepo) => ctx.hooks.hooks.filter((h) => h.id !== undefined && h.repo.toLowerCase() === full(repo));

function hookOf(ctx: Ctx): { repo: FakeRepo; hook: FakeHook } {
  const repo = adminRepo(ctx);
  const hook = hooksOf(ctx, repo).find((h) => h.id === Number(ctx.params.id));
  return hook ? { repo, hook } : notFound(ctx);
}

function hookJson(h: FakeHook) {
  return {
    id: h.id,
    type: 'gitea',
    branch_filter: '',
    config: { url: h.url, content_type: h.contentType ?? 'json', http_method: 'post' },
    events: h.events ?? [],
    authorization_header: '',
    active: h.active ?? true,
    updated_at: h.updatedAt,
    created_at: h.createdAt,
  };
}

type Config = Record<string, string | undefined>;

function createHook(ctx: Ctx) {
  const repo = adminRepo(ctx);
  const config = (ctx.body.config ?? {}) as Config;
  if (!config.url || !config.content_type) return fail(ctx, 422, 'Invalid content type');
  const now = ctx.state.tick();
  const hook: FakeHook = {
    id: ctx.state.id(),
    repo: `${repo.owner}/${repo.name}`,
    url: config.url,
    secret: config.secret ?? '',
    contentType: config.content_type,
    events: (ctx.body.events as string[]) ?? ['push'],
    // CreateHookOption.active defaults to false.
    active: (ctx.body.active as boolean) ?? false,
    createdAt: now,
    updatedAt: now,
  };
  ctx.hooks.hooks.push(hook);
  return { status: 201, body: hookJson(hook) };
}

function editHook(ctx: Ctx) {
  const { hook } = hookOf(ctx);
  const config = ctx.body.config as Config | undefined;
  if (config?.url) hook.url = config.url;
  if (config?.content_type) hook.contentType = config.content_type;
  if (config?.secret !== undefined) hook.secret = config.secret;
  if (ctx.body.events) hook.events = ctx.body.events as string[];
  if (ctx.body.active !== undefined) hook.active = ctx.body.active as boolean;
  hook.updatedAt = ctx.state.tick();
  return { status: 200, body: hookJson(hook) };
}

function testHook(ctx: Ctx) {
  const { repo, hook } = hookOf(ctx);
  const branch = repo.defaultBranch;
  const sha = repo.branches.get(branch) ?? '';
  const body = JSON.stringify({
    ref: `refs/heads/${branch}`,
    before: sha,
    after: sha,
    compare_url: '',
    commits: [{ id: sha, message: 'Test delivery', url: `${ctx.webUrl}/${repo.owner}/${repo.name}/commit/${sha}` }],
    total_commits: 1,
    repository: repoJson(ctx, repo, null),
    pusher: userJson(ctx, ctx.user),
    sender: userJson(ctx, ctx.user),
  });
  ctx.hooks.post(hook, 'push', '', body);
  return { status: 204 };
}

export const hookRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/hooks': (ctx) => ({ status: 200, body: hooksOf(ctx, adminRepo(ctx)).map(hookJson) }),
  'POST /repos/{owner}/{repo}/hooks': createHook,
  'GET /repos/{owner}/{repo}/hooks/{id}': (ctx) => ({ status: 200, body: hookJson(hookOf(ctx).hook) }),
  'PATCH /repos/{owner}/{repo}/hooks/{id}': editHook,
  'DELETE /repos/{owner}/{repo}/hooks/{id}': (ctx) => {
    const { hook } = hookOf(ctx);
    ctx.hooks.hooks.splice(ctx.hooks.hooks.indexOf(hook), 1);
    return { status: 204 };
  },
  'POST /repos/{owner}/{repo}/hooks/{id}/tests': testHook,
};
