// The one place Baton talks HTTP to Bitbucket Cloud: an Atlassian API token sent as Basic
// email:token, paths from the description's templates, JSON or form bodies, responses checked
// with zod, `next` links followed only on the same origin, and every failure turned into a
// ProviderError once, in Bitbucket's own words (a scope 403 names what is missing).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../../errors.ts';
import type { ProviderConnection } from '../types.ts';
import { errorSchema } from './schema.ts';

export const BITBUCKET_BASE_URL = 'https://api.bitbucket.org/2.0';

export interface BitbucketRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** A template of the description, e.g. `/repositories/{workspace}/{repo_slug}/pullrequests`. */
  path: string;
  params?: Record<string, string | number>;
  /** Pairs, so a parameter can repeat (`state=OPEN&state=MERGED`). */
  query?: [string, string | number][];
  json?: unknown;
  /** Form fields (POST /src takes the commit's meta data and its files this way). */
  form?: Record<string, string>;
}

export interface BitbucketResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface BitbucketClientOptions {
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a network failure. */
  retries?: number;
  retryDelayMs?: number;
}

/** A 4xx whose body names fields (`error.fields`), e.g. the reasons reviewers were refused. */
export class BitbucketFieldError extends ProviderError {
  constructor(
    message: string,
    readonly fields: Record<string, string[]>,
    status: number,
  ) {
    super('validation', message, null, status);
  }
}

/** A 403 for a missing API-token scope, with what the endpoint requires and what the token has. */
export class MissingScopes extends ProviderError {
  constructor(
    readonly required: string[],
    readonly granted: string[],
    where: string,
  ) {
    const lacking = required.filter((s) => !granted.includes(s));
    super(
      'forbidden',
      `Bitbucket API token lacks ${(lacking.length ? lacking : required).join(' and ')} on ${where}; add the scope to the token (or create one that has it)`,
      null,
      403,
    );
  }
}

// A rate limit without Retry-After: the limit counts a rolling hour, so try again in a minute.
const DEFAULT_RETRY_AFTER_MS = 60_000;

function kindFor(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'transient';
  return 'validation';
}

export function createBitbucketClient(connection: ProviderConnection & { username: string }, options: BitbucketClientOptions = {}) {
  const base = new URL(connection.baseUrl.replace(/\/+$/, ''));
  const host = base.host;
  const outbound = connection.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const authorization = `Basic ${Buffer.from(`${connection.username}:${connection.token}`).toString('base64')}`;
  // Only a hash leaves this instance, so pacing state never holds the token.
  const paceKey = `bitbucket:${createHash('sha256').update(authorization).digest('hex').slice(0, 32)}`;

  function urlOf(req: BitbucketRequest): URL {
    const path = req.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = req.params?.[name];
      if (value === undefined) throw new Error(`Bitbucket path ${req.path} needs ${name}`);
      // A file path keeps its slashes; every other parameter (a branch name included) is one segment.
      return name === 'path' ? String(value).split('/').map(encodeURIComponent).join('/') : encodeURIComponent(String(value));
    });
    const url = new URL(`${base.href}${path}`);
    for (const [key, value] of req.query ?? []) url.searchParams.append(key, String(value));
    return url;
  }

  function failure(status: number, body: unknown, headers: Headers, where: string): ProviderError {
    const parsed = errorSchema.safeParse(body);
    const error = parsed.success ? parsed.data.error : null;
    const message = error?.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`);
    if (status === 429) {
      const seconds = Number(headers.get('retry-after'));
      const retryAt = new Date(Date.now() + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_RETRY_AFTER_MS));
      return new ProviderError('rate_limited', `Bitbucket rate limit reached on ${host}: ${message}`, retryAt, status);
    }
    const detail = error?.detail;
    if (status === 403 && detail && typeof detail === 'object' && detail.required) return new MissingScopes(detail.required, detail.granted ?? [], where);
    if (status === 401) {
      return new ProviderError(
        'auth',
        `Bitbucket (${host}) rejected the Atlassian account email and API token: ${message}. Check both; access tokens and app passwords are not accepted`,
        null,
        status,
      );
    }
    if (error?.fields && Object.keys(error.fields).length > 0 && status < 500) {
      return new BitbucketFieldError(`Bitbucket rejected the request on ${where}: ${message}`, error.fields, status);
    }
    const text: Record<ProviderErrorKind, string> = {
      auth: '',
      rate_limited: '',
      forbidden: `Bitbucket refused access to ${where}: ${message}`,
      not_found: `Bitbucket found nothing at ${where} (missing, or invisible to this token): ${message}`,
      conflict: `Bitbucket reported a conflict on ${where}: ${message}`,
      transient: `Bitbucket (${host}) failed with ${status}: ${message}`,
      validation: `Bitbucket rejected the request on ${where}: ${message}`,
    };
    const kind = kindFor(status);
    return new ProviderError(kind, text[kind], null, status);
  }

  async function read(res: Response): Promise<unknown> {
    const text = await res.text();
    if (!(res.headers.get('content-type') ?? '').includes('json')) return text;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  async function send<T>(url: URL, init: { method: string; headers: Record<string, string>; body?: string }, schema: z.ZodType<T>, where: string) {
    if (init.method !== 'GET') await connection.pace?.(paceKey);
    const path = decodeURIComponent(url.pathname.slice(base.pathname.replace(/\/$/, '').length));
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        // A redirect is answered, not followed: the token must only go to the origin it was saved for.
        res = await outbound(url, {
          ...init,
          headers: { ...init.headers, authorization, accept: 'application/json' },
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        connection.onRequest?.({ method: init.method, path, status: 0 });
        if (attempt < retries) {
          await new Promise((r) => setTimeout(r, retryDelayMs * (attempt + 1) ** 2));
          continue;
        }
        const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'network error';
        throw new ProviderError('transient', `Bitbucket (${host}) did not answer ${where}: ${reason}`);
      }
      connection.onRequest?.({ method: init.method, path, status: res.status });
      if (res.status >= 500 && attempt < retries) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, retryDelayMs * (attempt + 1) ** 2));
        continue;
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        throw new ProviderError('not_found', `Bitbucket (${host}) redirected ${where}; a renamed or moved repository must be linked again`, null, res.status);
      }
      const body = await read(res);
      if (res.status >= 400) throw failure(res.status, body, res.headers, where);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ProviderError('transient', `Bitbucket (${host}) sent an unexpected response to ${where}: ${issue?.path.join('.')} ${issue?.message}`);
      }
      return { status: res.status, headers: res.headers, data: parsed.data };
    }
  }

  return {
    host,
    /** Call one operation of the description. `where` names the repository (or account) in messages. */
    request<T>(req: BitbucketRequest, schema: z.ZodType<T>, where = host): Promise<BitbucketResponse<T>> {
      const headers: Record<string, string> = {};
      let body: string | undefined;
      if (req.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(req.json);
      } else if (req.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(req.form).toString();
      }
      return send(urlOf(req), { method: req.method, headers, body }, schema, where);
    },
    /** GET a `next` link exactly as Bitbucket gave it; one pointing anywhere else is refused. */
    async follow<T>(next: string, schema: z.ZodType<T>, where = host): Promise<BitbucketResponse<T>> {
      const url = new URL(next);
      if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
        throw new ProviderError('transient', `Bitbucket (${host}) sent a next link outside its API (${url.origin}); not followed`);
      }
      return send(url, { method: 'GET', headers: {} }, schema, where);
    },
  };
}

export type BitbucketClient = ReturnType<typeof createBitbucketClient>;
