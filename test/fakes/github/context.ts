// Shared plumbing for the fake's route handlers: the request context, GitHub-shaped errors,
// token checks and Link-header pagination.
import type { HookSender } from './hooks.ts';
import type { FakeAccount, FakeGitHubState, FakeRepo, FakeToken, FinePermission, Level } from './state.ts';

const DOCS = 'https://docs.github.com/rest';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  state: FakeGitHubState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  token: FakeToken;
  user: FakeAccount;
  /** e.g. http://127.0.0.1:1234/api/v3 */
  apiUrl: string;
  /** e.g. http://127.0.0.1:1234 */
  webUrl: string;
  /** Path below the API root, for Link headers. */
  path: string;
  /** Sends webhook deliveries (pings, events) to the hooks of a repository. */
  hooks: HookSender;
}

export type Handler = (ctx: Ctx) => Reply;

/** Thrown by handlers; the server answers it as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

export function fail(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): never {
  throw new HttpError(status, { message, ...extra, documentation_url: DOCS, status: String(status) }, headers);
}

export const notFound = (): never => fail(404, 'Not Found');

/** GitHub's 422 shape: "Validation Failed" with per-field errors, or a bare message. */
export function unprocessable(message: string, errors?: Record<string, unknown>[]): never {
  return errors ? fail(422, message, { errors }) : fail(422, message);
}

const rank: Record<Level, number> = { read: 1, write: 2 };

/**
 * Whether an App token reaches the repository: an installation token where its installation
 * covers it, a user-to-server token where the person has access and some installation covers it.
 */
function appReaches(ctx: Pick<Ctx, 'state' | 'token' | 'user'>, repo: FakeRepo): boolean {
  const { token, state } = ctx;
  const app = state.app;
  if (!app || (token.kind !== 'installation' && token.kind !== 'user-to-server')) return false;
  if (token.kind === 'installation') {
    const installation = app.installations.get(token.installationId);
    return installation !== undefined && app.covers(installation, repo);
  }
  return state.hasAccess(ctx.user.login, repo) && [...app.installations.values()].some((i) => app.covers(i, repo));
}

/** Whether the token may see the repository at all (GitHub answers 404 otherwise). */
export function canSee(ctx: Pick<Ctx, 'state' | 'token' | 'user'>, repo: FakeRepo): boolean {
  const { token } = ctx;
  if (token.kind === 'app') return false;
  if (!repo.private) return true;
  if (token.kind === 'installation' || token.kind === 'user-to-server') return appReaches(ctx, repo);
  if (!ctx.state.hasAccess(ctx.user.login, repo)) return false;
  if (token.kind === 'classic') return token.scopes.includes('repo');
  const ownerOk = !token.owner || token.owner.toLowerCase() === repo.owner.toLowerCase();
  return ownerOk && token.permissions.metadata !== undefined;
}

/**
 * Find the repository and check the token for one permission, the way GitHub does:
 * invisible → 404; classic token without `repo` writing → 404; fine-grained token lacking the
 * permission → 403 naming it in X-Accepted-GitHub-Permissions.
 */
export function repoFor(ctx: Ctx, permission: FinePermission, level: Level): FakeRepo {
  const repo = ctx.state.repo(ctx.params.owner, ctx.params.repo);
  if (!repo || !canSee(ctx, repo)) return notFound();
  const { token } = ctx;
  if (token.kind === 'classic') {
    const scoped = token.scopes.includes('repo') || (!repo.private && token.scopes.includes('public_repo'));
    if (level === 'write' && !scoped) return fail(404, 'Not Found', {}, { 'x-accepted-oauth-scopes': 'repo' });
    return repo;
  }
  if (token.kind === 'installation' || token.kind === 'user-to-server') {
    const granted = ctx.state.app?.permissions[permission];
    if (level === 'write' && !appReaches(ctx, repo)) return notFound();
    if (!granted || rank[granted] < rank[level]) {
      return fail(403, 'Resource not accessible by integration', {}, { 'x-accepted-github-permissions': `${permission}=${level}` });
    }
    return repo;
  }
  if (token.kind === 'app') return notFound();
  const ownerOk = !token.owner || token.owner.toLowerCase() === repo.owner.toLowerCase();
  const granted = ownerOk ? token.permissions[permission] : undefined;
  const publicRead = !repo.private && level === 'read';
  if (!publicRead && (!granted || rank[granted] < rank[level])) {
    return fail(403, 'Resource not accessible by personal access token', {}, { 'x-accepted-github-permissions': `${permission}=${level}` });
  }
  return repo;
}

/** Slice a list by `page`/`per_page` and build GitHub's Link header. */
export function paginate<T>(ctx: Ctx, items: T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(ctx.query.get('per_page') ?? 30), 100);
  const page = Math.max(Number(ctx.query.get('page') ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('per_page', String(perPage));
    q.set('page', String(n));
    return `<${ctx.apiUrl}${ctx.path}?${q}>; rel="${rel}"`;
  };
  const rels = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: rels.length ? { link: rels.join(', ') } : {} };
}
