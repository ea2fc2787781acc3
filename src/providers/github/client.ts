// The one place Baton talks HTTP to GitHub: Octokit with retries for 5xx and timeouts, the API
// version pinned, responses validated, and every failure normalised once into ProviderError.
import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/core';
import { retry } from '@octokit/plugin-retry';
import type { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { ProviderConnection } from '../types.ts';

export const GITHUB_API_VERSION = '2022-11-28';
export const GITHUB_DEFAULT_BASE_URL = 'https://api.github.com';

export interface GitHubClientOptions {
  /** Retries after a 5xx or a network failure/timeout (default 2). */
  retries?: number;
  /** Backoff unit: attempt n waits n² × this (default 1000 ms; tests use ~1). */
  retryDelayMs?: number;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
}

export interface GitHubResponse<T> {
  status: number;
  headers: Record<string, string | undefined>;
  data: T;
}

export interface GitHubClient {
  /** Host name for messages, e.g. "api.github.com" or "ghe.example.com". */
  readonly host: string;
  request<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<GitHubResponse<T>>;
  /** As `request`, but resolves null on 304 Not Modified (send `If-None-Match` in `headers`). */
  conditional<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>): Promise<GitHubResponse<T> | null>;
}

// No @octokit/plugin-throttling: it exists to wait in-process, and even told not to retry it
// spaces every write 1 s (3 s for PRs and review requests) through Bottleneck groups shared by
// the whole process. Rate limits are recognised below instead and handed to the job queue.
const RetryingOctokit = Octokit.plugin(retry);

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface HttpFailure {
  status: number;
  message: string;
  response?: { headers: Record<string, string | undefined>; data: unknown };
}

function isHttpFailure(error: unknown): error is HttpFailure {
  return error instanceof Error && typeof (error as Partial<HttpFailure>).status === 'number';
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
function githubMessage(data: unknown, fallback: string): string {
  if (typeof data !== 'object' || data === null) return typeof data === 'string' && data ? data : fallback;
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors)
    ? errors.map((e) => (typeof e === 'string' ? e : ((e as { message?: string }).message ?? (e as { code?: string; field?: string }).field ?? '')))
    : [];
  const detail = details.filter(Boolean).join('; ');
  const top = typeof message === 'string' && message ? message : fallback;
  return detail ? `${top}: ${detail}` : top;
}

/**
 * When GitHub lets us call again, or null when this is no rate limit.
 * Primary: `x-ratelimit-remaining: 0` → `x-ratelimit-reset`. Secondary: `retry-after`, else one
 * minute. https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
 */
export function rateLimitRetryAt(status: number, headers: Record<string, string | undefined>, message: string, now = Date.now()): Date | null {
  if (status !== 403 && status !== 429) return null;
  const retryAfter = Number(headers['retry-after']);
  const exhausted = headers['x-ratelimit-remaining'] === '0';
  const secondary = /secondary rate limit|abuse/i.test(message);
  if (status === 403 && !exhausted && !secondary && headers['retry-after'] === undefined) return null;
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return new Date(now + retryAfter * 1000);
  const reset = Number(headers['x-ratelimit-reset']);
  if (exhausted && reset > 0) return new Date(reset * 1000);
  return new Date(now + 60_000);
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

export function normaliseError(error: unknown, host: string, params: Record<string, unknown>): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!isHttpFailure(error) || !error.response) {
    // Network failure or timeout after the retries ran out. The cause's text names no token.
    const reason = error instanceof Error ? error.message : String(error);
    return new ProviderError('transient', `GitHub (${host}) could not be reached: ${reason}`);
  }
  const { status } = error;
  const headers = error.response.headers;
  const message = githubMessage(error.response.data, error.message);
  const where = typeof params.owner === 'string' && typeof params.repo === 'string' ? `${params.owner}/${params.repo}` : host;
  const retryAt = rateLimitRetryAt(status, headers, message);
  if (retryAt) return new ProviderError('rate_limited', `GitHub rate limit reached on ${host}: ${message}`, retryAt, status);
  if (status === 401) return new ProviderError('auth', `GitHub rejected the token for ${host}: ${message}`, null, status);
  if (status === 403) {
    const lacks = missingGrant(headers, message);
    const text = lacks ? `GitHub token lacks ${lacks} on ${where}` : `GitHub refused access to ${where}: ${message}`;
    return new ProviderError('forbidden', text, null, status);
  }
  if (status === 404) return new ProviderError('not_found', `GitHub found nothing at ${where} (missing, or invisible to this token): ${message}`, null, status);
  if (status === 409) return new ProviderError('conflict', `GitHub reported a conflict on ${where}: ${message}`, null, status);
  if (status >= 500) return new ProviderError('transient', `GitHub (${host}) failed with ${status}: ${message}`, null, status);
  return new ProviderError('validation', `GitHub rejected the request on ${where}: ${message}`, null, status);
}

function apiPath(url: string, base: URL): string {
  const { pathname } = new URL(url);
  const root = base.pathname.replace(/\/$/, '');
  return decodeURIComponent(root && pathname.startsWith(root) ? pathname.slice(root.length) : pathname);
}

export function createGitHubClient(connection: ProviderConnection, options: GitHubClientOptions = {}): GitHubClient {
  const base = new URL(connection.baseUrl || GITHUB_DEFAULT_BASE_URL);
  const host = base.host;
  const outbound = connection.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Only a hash leaves this instance, so pacing state never holds the token.
  const paceKey = `github:${createHash('sha256').update(connection.token).digest('hex').slice(0, 32)}`;

  const instrumented: typeof fetch = async (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') await connection.pace?.(paceKey);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const path = apiPath(String(input instanceof Request ? input.url : input), base);
    try {
      const response = await outbound(input, { ...init, signal });
      connection.onRequest?.({ method, path, status: response.status });
      return response;
    } catch (error) {
      connection.onRequest?.({ method, path, status: 0 });
      throw error;
    }
  };

  const octokit = new RetryingOctokit({
    auth: connection.token,
    baseUrl: base.href.replace(/\/$/, ''),
    userAgent: 'baton',
    log: silent,
    // A redirect is answered, not followed: the token must only go to the origin it was saved for.
    request: { fetch: instrumented, redirect: 'manual' },
    retry: {
      retries: options.retries ?? 2,
      retryAfterBaseValue: options.retryDelayMs ?? 1000,
      // Retry only what may succeed unchanged: 5xx and network failures (reported as 500).
      doNotRetry: [400, 401, 403, 404, 409, 410, 422, 429, 451],
    },
  });

  async function send<T>(route: string, params: Record<string, unknown>, schema: z.ZodType<T>, allowNotModified: boolean) {
    let response: Awaited<ReturnType<typeof octokit.request>>;
    try {
      const headers = { 'x-github-api-version': GITHUB_API_VERSION, ...(params.headers as Record<string, string> | undefined) };
      response = await octokit.request(route, { ...params, headers });
    } catch (error) {
      if (allowNotModified && isHttpFailure(error) && error.status === 304) return null;
      throw normaliseError(error, host, params);
    }
    if (response.status >= 300) {
      throw new ProviderError(
        'not_found',
        `GitHub (${host}) redirected ${route} with ${response.status}; a renamed or moved repository must be linked again`,
        null,
        response.status,
      );
    }
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      throw new ProviderError(
        'transient',
        `GitHub (${host}) sent an unexpected response to ${route}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    }
    return { status: response.status, headers: response.headers as Record<string, string | undefined>, data: parsed.data };
  }

  return {
    host,
    request: async (route, params, schema) => (await send(route, params, schema, false))!,
    conditional: (route, params, schema) => send(route, params, schema, true),
  };
}
