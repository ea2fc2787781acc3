// Repository webhooks the way GitHub keeps and sends them: created, edited and deleted through
// the REST routes, pinged on request, each delivery signed with the hook's secret
// (X-Hub-Signature-256) and logged with the answer it got, as the deliveries route reports it.
import { createHmac, randomUUID } from 'node:crypto';
import { type Ctx, canSee, fail, type Handler, notFound } from './context.ts';
import type { FakeRepo } from './state.ts';

export interface FakeHookDelivery {
  id: number;
  guid: string;
  deliveredAt: string;
  event: string;
  action: string | null;
  /** The receiver's HTTP status; 0 when it could not be reached. */
  statusCode: number;
  status: string;
}

export interface FakeHook {
  id: number;
  url: string;
  secret: string;
  contentType: string;
  events: string[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  deliveries: FakeHookDelivery[];
}

const ACCEPTED_SCOPES = 'admin:repo_hook, read:repo_hook, repo, write:repo_hook';
const CLASSIC_SCOPES = { read: ['admin:repo_hook', 'read:repo_hook', 'write:repo_hook', 'repo'], write: ['admin:repo_hook', 'write:repo_hook', 'repo'] };

/**
 * Webhooks belong to repository admins (owner, or organisation member here). GitHub answers 404
 * to others and to classic tokens without a hook scope; a fine-grained token without the
 * "Webhooks" permission gets a 403 naming it.
 */
function hookRepo(ctx: Ctx, level: 'read' | 'write'): FakeRepo {
  const repo = ctx.state.repo(ctx.params.owner, ctx.params.repo);
  if (!repo || !canSee(ctx, repo)) return notFound();
  const owner = ctx.state.account(repo.owner)!;
  const login = ctx.user.login.toLowerCase();
  const admin = owner.login.toLowerCase() === login || owner.members.has(login);
  const { token } = ctx;
  if (token.kind === 'classic') {
    if (!admin || !CLASSIC_SCOPES[level].some((s) => token.scopes.includes(s)))
      return fail(404, 'Not Found', {}, { 'x-accepted-oauth-scopes': ACCEPTED_SCOPES });
    return repo;
  }
  // App tokens (installation, user-to-server) carry the App's permissions.
  const granted = token.kind === 'fine-grained' ? token.permissions.repository_hooks : ctx.state.app?.permissions.repository_hooks;
  if (!granted || (level === 'write' && granted !== 'write')) {
    return fail(403, 'Resource not accessible by personal access token', {}, { 'x-accepted-github-permissions': `repository_hooks=${level}` });
  }
  if (!admin) return notFound();
  return repo;
}

function hookOf(ctx: Ctx, level: 'read' | 'write'): { repo: FakeRepo; hook: FakeHook } {
  const repo = hookRepo(ctx, level);
  const hook = repo.hooks.find((h) => h.id === Number(ctx.params.hook_id));
  return hook ? { repo, hook } : notFound();
}

function hookJson(ctx: Ctx, repo: FakeRepo, h: FakeHook) {
  const url = `${ctx.apiUrl}/repos/${repo.owner}/${repo.name}/hooks/${h.id}`;
  const last = h.deliveries.at(-1);
  return {
    type: 'Repository',
    id: h.id,
    name: 'web',
    active: h.active,
    events: h.events,
    // GitHub never returns the secret, only that there is one.
    config: { url: h.url, content_type: h.contentType, insecure_ssl: '0', ...(h.secret ? { secret: '********' } : {}) },
    updated_at: h.updatedAt,
    created_at: h.createdAt,
    url,
    test_url: `${url}/test`,
    ping_url: `${url}/pings`,
    deliveries_url: `${url}/deliveries`,
    last_response: last
      ? { code: last.statusCode || null, status: last.statusCode ? 'active' : 'misconfigured', message: last.status }
      : { code: null, status: 'unused', message: null },
  };
}

type HookConfig = { url?: string; content_type?: string; secret?: string };

function createHook(ctx: Ctx) {
  const repo = hookRepo(ctx, 'write');
  const config = (ctx.body.config ?? {}) as HookConfig;
  if (!config.url) return fail(422, 'Validation Failed', { errors: [{ resource: 'Hook', code: 'custom', message: 'Config must contain URL for webhooks' }] });
  if (repo.hooks.some((h) => h.url === config.url && h.events.some((e) => ((ctx.body.events as string[]) ?? ['push']).includes(e)))) {
    return fail(422, 'Validation Failed', { errors: [{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }] });
  }
  const now = ctx.state.tick();
  const hook: FakeHook = {
    id: ctx.state.id(),
    url: config.url,
    secret: config.secret ?? '',
    contentType: config.content_type ?? 'form',
    events: (ctx.body.events as string[]) ?? ['push'],
    active: (ctx.body.active as boolean) ?? true,
    createdAt: now,
    updatedAt: now,
    deliveries: [],
  };
  repo.hooks.push(hook);
  // GitHub pings every new hook.
  ctx.hooks.send(repo, hook, 'ping', pingBody(ctx, repo, hook));
  return { status: 201, body: hookJson(ctx, repo, hook) };
}

function updateHook(ctx: Ctx) {
  const { repo, hook } = hookOf(ctx, 'write');
  const config = ctx.body.config as HookConfig | undefined;
  if (config) {
    if (!config.url) return fail(422, 'Validation Failed', { errors: [{ resource: 'Hook', code: 'custom', message: 'Config must contain URL for webhooks' }] });
    hook.url = config.url;
    hook.contentType = config.content_type ?? hook.contentType;
    // An edit without a secret keeps the one set.
    if (config.secret !== undefined) hook.secret = config.secret;
  }
  if (ctx.body.events) hook.events = ctx.body.events as string[];
  if (ctx.body.active !== undefined) hook.active = ctx.body.active as boolean;
  hook.updatedAt = ctx.state.tick();
  return { status: 200, body: hookJson(ctx, repo, hook) };
}

function pingBody(ctx: Ctx, repo: FakeRepo, hook: FakeHook) {
  return {
    zen: 'Keep it logically awesome.',
    hook_id: hook.id,
    hook: hookJson(ctx, repo, hook),
    repository: { id: repo.id, full_name: `${repo.owner}/${repo.name}` },
  };
}

export const hookRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/hooks': (ctx) => {
    const repo = hookRepo(ctx, 'read');
    return { status: 200, body: repo.hooks.map((h) => hookJson(ctx, repo, h)) };
  },
  'POST /repos/{owner}/{repo}/hooks': createHook,
  'GET /repos/{owner}/{repo}/hooks/{hook_id}': (ctx) => {
    const { repo, hook } = hookOf(ctx, 'read');
    return { status: 200, body: hookJson(ctx, repo, hook) };
  },
  'PATCH /repos/{owner}/{repo}/hooks/{hook_id}': updateHook,
  'DELETE /repos/{owner}/{repo}/hooks/{hook_id}': (ctx) => {
    const { repo, hook } = hookOf(ctx, 'write');
    repo.hooks.splice(repo.hooks.indexOf(hook), 1);
    return { status: 204 };
  },
  'POST /repos/{owner}/{repo}/hooks/{hook_id}/pings': (ctx) => {
    const { repo, hook } = hookOf(ctx, 'read');
    ctx.hooks.send(repo, hook, 'ping', pingBody(ctx, repo, hook));
    return { status: 204 };
  },
  'GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries': (ctx) => {
    const { hook } = hookOf(ctx, 'read');
    const body = [...hook.deliveries].reverse().map((d) => ({
      id: d.id,
      guid: d.guid,
      delivered_at: d.deliveredAt,
      redelivery: false,
      duration: 0.01,
      status: d.status,
      status_code: d.statusCode,
      event: d.event,
      action: d.action,
      installation_id: null,
      repository_id: Number(ctx.state.repo(ctx.params.owner, ctx.params.repo)?.id ?? 0),
    }));
    return { status: 200, body };
  },
};

/** Sends deliveries to hooks and logs each answer; `idle()` waits for those in flight. */
export class HookSender {
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1;

  /** Deliver `event` to one hook (pings go to inactive hooks too, as on GitHub). */
  send(repo: FakeRepo, hook: FakeHook, event: string, payload: Record<string, unknown>): void {
    const body = JSON.stringify(payload);
    const guid = randomUUID();
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': guid,
      'x-github-hook-id': String(hook.id),
      'x-github-hook-installation-target-type': 'repository',
      'x-github-hook-installation-target-id': String(repo.id),
      ...(hook.secret ? { 'x-hub-signature-256': `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}` } : {}),
    };
    const delivery: FakeHookDelivery = {
      id: this.nextId++,
      guid,
      deliveredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      event,
      action: typeof payload.action === 'string' ? payload.action : null,
      statusCode: 0,
      status: 'pending',
    };
    hook.deliveries.push(delivery);
    const done = fetch(hook.url, { method: 'POST', headers, body })
      .then(async (res) => {
        await res.body?.cancel();
        delivery.statusCode = res.status;
        delivery.status = res.ok ? 'OK' : `Invalid HTTP Response: ${res.status}`;
      })
      .catch(() => {
        delivery.status = 'failed to connect to host';
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Deliver `event` to every active hook of the repository that subscribes to it. */
  emit(repo: FakeRepo, event: string, payload: Record<string, unknown>): void {
    for (const hook of repo.hooks) if (hook.active && (hook.events.includes(event) || hook.events.includes('*'))) this.send(repo, hook, event, payload);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
