// Shared plumbing for the fake's route handlers: the request context, Bitbucket-shaped errors,
// repository access and `next`-link pagination.
import { type Fields, filter, QueryError, sortBy } from './bbql.ts';
import { errorJson, type Urls } from './shapes.ts';
import type { FakeAccount, FakeBitbucketState, FakeRepo, FakeToken } from './state.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Ctx extends Urls {
  state: FakeBitbucketState;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON, or the form fields of a form post. */
  body: Record<string, unknown>;
  token: FakeToken;
  /** Who acts: the API token's person, or the access token's bot. */
  user: FakeAccount;
  /** Path below the API root, for `next` links. */
  path: string;
  /** Changes to pull requests, for the webhook sender. */
  emit(event: string, repo: FakeRepo, pull: import('./state.ts').FakePull): void;
}

export type Handler = (ctx: Ctx) => Reply;

/** Thrown by handlers; the server answers it as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(JSON.stringify(body));
  }
}

export function fail(status: number, message: string, extra: { detail?: unknown; fields?: Record<string, string[]> } = {}): never {
  throw new HttpError(status, errorJson(message, extra));
}

const REPO_NOT_FOUND =
  'You may not have access to this repository or it no longer exists in this workspace. If you think this repository exists and you have access, make sure you are authenticated.';

/** Whether the token may reach this repository at all (an access token is bound to its workspace or repository). */
function tokenReaches(token: FakeToken, repo: FakeRepo): boolean {
  if (token.kind === 'api') return true;
  return token.workspace.toLowerCase() === repo.workspace.slug.toLowerCase() && (token.repo === null || token.repo.toLowerCase() === repo.slug.toLowerCase());
}

/** Find the repository and check the acting account's access, the way Bitbucket answers: invisible → 404, read-only writing → 403. */
export function repoFor(ctx: Ctx, level: 'read' | 'write'): FakeRepo {
  const repo = ctx.state.repo(ctx.params.workspace, ctx.params.repo_slug);
  const permission = repo && tokenReaches(ctx.token, repo) ? (ctx.token.kind === 'access' ? 'write' : ctx.state.permission(ctx.user, repo)) : null;
  if (!repo || !permission) return fail(404, REPO_NOT_FOUND);
  if (level === 'write' && permission === 'read') fail(403, 'You do not have write access to this repository.');
  return repo;
}

/** Run a BBQL-driven list step, answering a bad query the way Bitbucket does. */
export function query<T>(ctx: Ctx, items: T[], fieldsOf: (item: T) => Fields): T[] {
  try {
    return sortBy(filter(items, ctx.query.get('q'), fieldsOf), ctx.query.get('sort'), fieldsOf);
  } catch (err) {
    if (err instanceof QueryError) return fail(400, err.message);
    throw err;
  }
}

/** Slice a list by `page`/`pagelen` into Bitbucket's page object, with a `next` link when more exist. */
export function paginate<T>(ctx: Ctx, items: T[], maxPagelen: number, render: (item: T) => unknown) {
  const pagelen = Number(ctx.query.get('pagelen') ?? 10);
  if (pagelen > maxPagelen) fail(400, `Invalid pagelen: the maximum for this endpoint is ${maxPagelen}`);
  const page = Number(ctx.query.get('page') ?? 1);
  const values = items.slice((page - 1) * pagelen, page * pagelen).map(render);
  const at = (n: number) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(n));
    return `${ctx.apiUrl}${ctx.path}?${q}`;
  };
  return {
    size: items.length,
    page,
    pagelen,
    values,
    ...(page * pagelen < items.length && { next: at(page + 1) }),
    ...(page > 1 && { previous: at(page - 1) }),
  };
}
