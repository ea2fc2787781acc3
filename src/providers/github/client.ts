// How Baton talks HTTP to GitHub: routes of GitHub's REST description expanded by Octokit's
// `endpoint`, sent through the shared provider HTTP layer (../http.ts) with GitHub's dialect.
//
// Octokit adds value here by knowing GitHub's routes: `endpoint` expands the route templates as
// the official description writes them ("GET /repos/{owner}/{repo}/pulls") and puts each
// parameter in the path, the query or the body as GitHub expects. Its request, retry and error
// layers would duplicate what the shared layer does for every provider (and differently), so
// they are not used. No @octokit/plugin-throttling either: it exists to wait in-process and
// spaces every write 1–3 s through Bottleneck groups shared by the whole process; rate limits
// are handed to the job queue instead, and writes are spaced by the shared pacer.
import { endpoint } from '@octokit/endpoint';
import type { z } from 'zod';
import { createProviderHttp, type Dialect, type HttpResponse, type HttpTuning, rateLimitRetryAt as retryAtFor } from '../http.ts';
import type { ProviderConnection } from '../types.ts';

export const GITHUB_API_VERSION = '2022-11-28';
export const GITHUB_DEFAULT_BASE_URL = 'https://api.github.com';

export type GitHubResponse<T> = HttpResponse<T>;

export interface GitHubClient {
  /** Host name for messages, e.g. "api.github.com" or "ghe.example.com". */
  readonly host: string;
  request<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<GitHubResponse<T>>;
  /** As `request`, but resolves null on 304 Not Modified (send `If-None-Match` in `headers`). */
  conditional<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<GitHubResponse<T> | null>;
}

/** "contents=write,metadata=read; pull_requests=write" → "Contents: write and Metadata: read or Pull requests: write" */
export function permissionLabel(accepted: string): string {
  return accepted
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((p) => p.trim().split('='))
        .filter(([name]) => name)
        .map(([name, level]) => `${name[0].toUpperCase()}${name.slice(1).replace(/_/g, ' ')}: ${level ?? 'read'}`)
        .join(' and '),
    )
    .filter(Boolean)
    .join(' or ');
}

/** GitHub's own words: the top message plus any per-field messages. */
function githubMessage(data: unknown, text: string): string {
  if (typeof data !== 'object' || data === null) return text.trim().slice(0, 500) || 'no details';
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors.map((e) => (typeof e === 'string' ? e : ((e as { message?: string }).message ?? (e as { code?: string; field?: string }).field ?? '')))
    : [];
  const detail = details.filter(Boolean).join('; ');
  const top = typeof message === 'string' && message ? message : 'no details';
  return detail ? `${top}: ${detail}` : top;
}

/**
 * What the token lacks, when a 403 is about the token. Both accepted-headers are sent on other
 * 403s too (SSO, branch protection, missing role), so each is trusted only when it applies.
 */
function missingGrant(headers: Record<string, string | undefined>, message: string): string | null {
  const permission = headers['x-accepted-github-permissions'];
  // "Resource not accessible by personal access token" (or "by integration" for apps).
  if (permission && /not accessible by/i.test(message)) return permissionLabel(permission);
  const accepted = (headers['x-accepted-oauth-scopes'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const granted = (headers['x-oauth-scopes'] ?? '').split(',').map((s) => s.trim());
  if (accepted.length > 0 && !accepted.some((scope) => granted.includes(scope))) return `the ${accepted.join(' or ')} scope`;
  return null;
}

// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
export const githubDialect: Dialect = {
  kind: 'github',
  label: 'GitHub',
  authorization: (token) => `Bearer ${token}`,
  rateLimitHeaders: { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', limit: 'x-ratelimit-limit' },
  // Secondary limits come as a 403 whose only sign may be the message.
  rateLimitedByMessage: (message) => /secondary rate limit|abuse/i.test(message),
  errorMessage: githubMessage,
  describe({ kind, status, headers, message, route, subject, host }) {
    if (status >= 300 && status < 400) return `GitHub (${host}) redirected ${route} with ${status}; a renamed or moved repository must be linked again`;
    switch (kind) {
      case 'rate_limited':
        return `GitHub rate limit reached on ${host}: ${message}`;
      case 'auth':
        return `GitHub rejected the token for ${host}: ${message}`;
      case 'forbidden': {
        const lacks = missingGrant(headers, message);
        return lacks ? `GitHub token lacks ${lacks} on ${subject}` : `GitHub refused access to ${subject}: ${message}`;
      }
      case 'not_found':
        return `GitHub found nothing at ${subject} (missing, or invisible to this token): ${message}`;
      case 'conflict':
        return `GitHub reported a conflict on ${subject}: ${message}`;
      case 'transient':
        return `GitHub (${host}) failed with ${status}: ${message}`;
      default:
        return `GitHub rejected the request on ${subject}: ${message}`;
    }
  },
};

/**
 * When GitHub lets us call again, or null when this is no rate limit. Primary:
 * `x-ratelimit-remaining: 0` → `x-ratelimit-reset`. Secondary: `retry-after`, else one minute.
 */
export function rateLimitRetryAt(status: number, headers: Record<string, string | undefined>, message: string, now = Date.now()): Date | null {
  return retryAtFor(githubDialect, status, headers, message, now);
}

export function createGitHubClient(connection: ProviderConnection, tuning: HttpTuning = {}): GitHubClient {
  const baseUrl = (connection.baseUrl || GITHUB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const http = createProviderHttp({ ...connection, baseUrl }, githubDialect, tuning);

  function toRequest<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>) {
    const headers = { 'user-agent': 'baton', 'x-github-api-version': GITHUB_API_VERSION, ...(params.headers as Record<string, string> | undefined) };
    const { method, url, headers: sent, body } = endpoint(route, { ...params, baseUrl, headers });
    const subject = typeof params.owner === 'string' && typeof params.repo === 'string' ? `${params.owner}/${params.repo}` : undefined;
    return {
      method: method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url,
      route,
      subject,
      headers: sent as Record<string, string>,
      // `endpoint` gives a PUT or PATCH without parameters an empty string: send no body then.
      body: body === '' ? undefined : body,
      schema,
    };
  }

  return {
    host: http.host,
    request: (route, params, schema) => http.request(toRequest(route, params, schema)),
    conditional: (route, params, schema) => http.conditional(toRequest(route, params, schema)),
  };
}
