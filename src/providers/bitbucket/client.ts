// Bitbucket Cloud's dialect of the shared provider HTTP layer (../http.ts): an Atlassian API
// token sent as Basic email:token, paths from the description's templates, JSON or form bodies,
// `next` links followed only inside the API, and Bitbucket's error bodies read once — a scope
// 403 becomes MissingScopes naming what is required and granted, a 400 naming fields becomes
// BitbucketFieldError with them.
import type { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import { createProviderHttp, type Dialect, type HttpFailure, type HttpResponse, type HttpTuning } from '../http.ts';
import type { ProviderConnection } from '../types.ts';
import { errorSchema } from './schema.ts';

export const BITBUCKET_BASE_URL = 'https://api.bitbucket.org/2.0';

export interface BitbucketRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A template of the description, e.g. `/repositories/{workspace}/{repo_slug}/pullrequests`. */
  path: string;
  params?: Record<string, string | number>;
  /** Pairs, so a parameter can repeat (`state=OPEN&state=MERGED`). */
  query?: [string, string | number][];
  json?: unknown;
  /** Form fields (POST /src takes the commit's meta data and its files this way). */
  form?: Record<string, string>;
  /** The answer is a file's raw text. */
  text?: boolean;
  schema: S;
  /** What the call is about in messages, e.g. "acme/api". */
  subject?: string;
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

function describe({ kind, message, subject, host }: HttpFailure): string {
  switch (kind) {
    case 'auth':
      return `Bitbucket (${host}) rejected the Atlassian account email and API token: ${message}. Check both; access tokens and app passwords are not accepted`;
    case 'rate_limited':
      return `Bitbucket rate limit reached on ${host}: ${message}`;
    case 'forbidden':
      return `Bitbucket refused access to ${subject}: ${message}`;
    case 'not_found':
      return `Bitbucket found nothing at ${subject} (missing, or invisible to this token): ${message}`;
    case 'conflict':
      return `Bitbucket reported a conflict on ${subject}: ${message}`;
    case 'transient':
      return `Bitbucket (${host}) failed: ${message}`;
    default:
      return `Bitbucket rejected the request on ${subject}: ${message}`;
  }
}

/** The dialect for one account: the Basic user name is the Atlassian account email. */
function bitbucketDialect(username: string): Dialect {
  return {
    kind: 'bitbucket',
    label: 'Bitbucket',
    authorization: (token) => `Basic ${Buffer.from(`${username}:${token}`).toString('base64')}`,
    // Bitbucket reports the limit and resource, not what is left: a 429 is the signal.
    rateLimitHeaders: { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', limit: 'x-ratelimit-limit' },
    errorMessage: (body, text) => {
      const parsed = errorSchema.safeParse(body);
      return (parsed.success && parsed.data.error.message) || text.slice(0, 200) || 'no details';
    },
    describe,
    error(failure, body) {
      const parsed = errorSchema.safeParse(body);
      if (!parsed.success) return null;
      const { detail, fields } = parsed.data.error;
      if (failure.status === 403 && detail && typeof detail === 'object' && detail.required)
        return new MissingScopes(detail.required, detail.granted ?? [], failure.subject);
      if (fields && Object.keys(fields).length > 0 && failure.status < 500) return new BitbucketFieldError(describe(failure), fields, failure.status);
      return null;
    },
  };
}

export function createBitbucketClient(connection: ProviderConnection & { username: string }, tuning: HttpTuning = {}) {
  const base = new URL(connection.baseUrl.replace(/\/+$/, ''));
  const http = createProviderHttp({ ...connection, baseUrl: base.href }, bitbucketDialect(connection.username), tuning);

  function urlOf(req: BitbucketRequest<z.ZodType>): URL {
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

  return {
    host: http.host,
    /** Call one operation of the description. */
    request<S extends z.ZodType>(req: BitbucketRequest<S>): Promise<HttpResponse<z.output<S>>> {
      return http.request({
        method: req.method,
        url: urlOf(req),
        route: `${req.method} ${req.path}`,
        subject: req.subject,
        body: req.json,
        form: req.form,
        text: req.text,
        schema: req.schema,
      });
    },
    /** GET a `next` link exactly as Bitbucket gave it; one pointing outside the API is refused. */
    async follow<S extends z.ZodType>(next: string, route: string, schema: S, subject?: string): Promise<HttpResponse<z.output<S>>> {
      const url = new URL(next);
      if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
        throw new ProviderError('validation', `Bitbucket (${http.host}) sent a next link outside its API (${url.origin}); not followed`);
      }
      return http.request({ method: 'GET', url, route: `GET ${route}`, subject, schema });
    },
  };
}

export type BitbucketClient = ReturnType<typeof createBitbucketClient>;
