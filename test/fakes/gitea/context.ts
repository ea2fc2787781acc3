// Shared plumbing for the fake's route handlers: the request context, Gitea-shaped errors,
// repository access checks and Link/X-Total-Count pagination.

import type { FakeAccount, FakeGiteaState, FakePull, FakeRepo, FakeToken } from './state.ts';
import type { HookSender } from './webhooks.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx {
  state: FakeGiteaState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  token: FakeToken;
  user: FakeAccount;
  /** e.g. http://127.0.0.1:1234/api/v1 */
  apiUrl: string;
  /** e.g. http://127.0.0.1:1234 */
  webUrl: string;
  /** Path below the API root, for Link headers. */
  path: string;
  /** Pull-request changes the handler made, for webhooks: action and the PR. */
  events: PullEvent[];
  /** The server's webhooks and their sender. */
  hooks: HookSender;
}

export interface PullEvent {
  repo: FakeRepo;
  pull: FakePull;
  action: string;
  /** The Gitea event type (X-Gitea-Event-Type), e.g. "pull_request", "pull_request_review_request". */
  type: string;
  extra?: Record<string, unknown>;
}

export type Handler = (ctx: Ctx) => Reply;

/** Thrown by handlers; the server answers it as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${status}`);
  }
}

/** Gitea's APIError: `{ message, url }`, the url pointing at the server's API docs. */
export function fail(ctx: Pick<Ctx, 'webUrl'>, status: number, message: string): never {
  throw new HttpError(status, { message, url: `${ctx.webUrl}/api/swagger` });
}

export const notFound = (ctx: Pick<Ctx, 'webUrl'>): never => {
  throw new HttpError(404, { errors: null, message: "The target couldn't be found.", url: `${ctx.webUrl}/api/swagger` });
};

/** A binding failure: Gitea answers 422 with the list of field errors, not an object. */
export function bindingError(fieldNames: string[], classification: string, message: string): never {
  throw new HttpError(422, [{ fieldNames, classification, message }]);
}

/** The repository in the path, checked the way Gitea does: invisible → 404, too little access → 403. */
export function repoFor(ctx: Ctx, need: 'read' | 'write'): FakeRepo {
  const repo = ctx.state.repo(ctx.params.owner, ctx.params.repo);
  if (!repo || !ctx.state.canRead(ctx.user.login, repo)) return notFound(ctx);
  const limited = ctx.token.repositories;
  if (limited && !limited.includes(`${repo.owner}/${repo.name}`.toLowerCase())) return notFound(ctx);
  if (need === 'write' && ctx.state.access(ctx.user.login, repo) === null) {
    return fail(ctx, 403, 'user should have a permission to write to a repo');
  }
  return repo;
}

export function pullFor(ctx: Ctx, repo: FakeRepo): FakePull {
  const pull = repo.pulls.find((p) => p.number === Number(ctx.params.index));
  return pull ?? notFound(ctx);
}

/** Slice a list by `page`/`limit` and build Gitea's Link and X-Total-Count headers. */
export function paginate<T>(ctx: Ctx, items: T[]): { items: T[]; headers: Record<string, string> } {
  // setting.API.DefaultPagingNum = 30, MaxResponseItems = 50.
  const limit = Math.min(Math.max(Number(ctx.query.get('limit') ?? 30) || 30, 1), 50);
  const page = Math.max(Number(ctx.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(Math.ceil(items.length / limit), 1);
  const link = (n: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('limit', String(limit));
    q.set('page', String(n));
    return `<${ctx.apiUrl}${ctx.path}?${q}>; rel="${rel}"`;
  };
  const rels = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
  const headers: Record<string, string> = { 'x-total-count': String(items.length), 'access-control-expose-headers': 'X-Total-Count, Link' };
  if (rels.length) headers.link = rels.join(',');
  return { items: items.slice((page - 1) * limit, page * limit), headers };
}
