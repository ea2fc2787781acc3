// A small fetch client for the Azure DevOps REST API 7.1. Paths are the templates of the
// official Swagger (reference/azure-devops), responses are zod-checked, and every failure is
// normalised here, once, into a ProviderError.
import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../../errors.ts';
import type { ProviderConnection } from '../types.ts';
import { ErrorBody, type RefUpdateResult } from './schema.ts';

export const API_VERSION = '7.1';
export const ZERO_ID = '0000000000000000000000000000000000000000';

const GIT = '/{organization}/{project}/_apis/git/repositories/{repositoryId}';
export const PATHS = {
  profile: '/_apis/profile/profiles/{id}',
  identities: '/{organization}/_apis/identities',
  repositories: '/{organization}/{project}/_apis/git/repositories',
  repository: GIT,
  refs: `${GIT}/refs`,
  pushes: `${GIT}/pushes`,
  item: `${GIT}/items`,
  pullRequests: `${GIT}/pullrequests`,
  pullRequest: `${GIT}/pullrequests/{pullRequestId}`,
  reviewer: `${GIT}/pullRequests/{pullRequestId}/reviewers/{reviewerId}`,
} as const;
export type AdoPath = (typeof PATHS)[keyof typeof PATHS];

export interface AdoRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  path: AdoPath;
  params: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface AdoResponse<T> {
  data: T;
  /** The service's clock when it answered (its Date header), ISO 8601. */
  observedAt: string;
}

/** Knobs for tests and operators; the defaults suit production. */
export interface ClientTuning {
  /** Per attempt. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a timeout. */
  retries?: number;
  /** The longest Baton blocks to honour Retry-After; beyond it the call fails as rate_limited. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const AUTH_MESSAGE = 'Azure DevOps rejected the token: it is invalid, expired or lacks a scope';
// Below this share of the window's budget, pace calls instead of running into a 429.
const LOW_BUDGET_SHARE = 0.1;
const MAX_PACING_MS = 1000;

export class AzureDevOpsClient {
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Earliest time the next call may go out (Retry-After, pacing). */
  private notBefore = 0;

  constructor(
    private readonly connection: Pick<ProviderConnection, 'baseUrl' | 'token' | 'fetch' | 'onRequest'>,
    tuning: ClientTuning = {},
  ) {
    this.fetch = connection.fetch ?? fetch;
    this.timeoutMs = tuning.timeoutMs ?? 30_000;
    this.retries = tuning.retries ?? 2;
    this.maxWaitMs = tuning.maxWaitMs ?? 10_000;
    this.sleep = tuning.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = tuning.now ?? Date.now;
  }

  async request<S extends z.ZodType>(schema: S, req: AdoRequest): Promise<AdoResponse<z.output<S>>> {
    const url = this.url(req);
    const where = `${req.method} ${req.path}`;
    const init: RequestInit = {
      method: req.method,
      headers: {
        // Basic with an empty user name and the PAT as the password.
        authorization: `Basic ${Buffer.from(`:${this.connection.token}`).toString('base64')}`,
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      // A redirect only ever leads to a sign-in page; never follow it with the credential.
      redirect: 'manual',
    };
    for (let attempt = 0; ; attempt++) {
      await this.waitForTurn();
      let res: Response;
      try {
        res = await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (err) {
        this.connection.onRequest?.({ method: req.method, path: url.pathname, status: 0 });
        if (attempt < this.retries) {
          await this.sleep(backoff(attempt));
          continue;
        }
        const timedOut = (err as Error).name === 'TimeoutError';
        throw new ProviderError('transient', `Azure DevOps did not answer ${where}: ${timedOut ? 'timed out' : 'network error'}`);
      }
      this.connection.onRequest?.({ method: req.method, path: url.pathname, status: res.status });
      this.notePacing(res.headers);
      if (res.status >= 500 && attempt < this.retries) {
        await res.body?.cancel();
        await this.sleep(backoff(attempt));
        continue;
      }
      return this.read(schema, res, where);
    }
  }

  private url(req: AdoRequest): URL {
    const path = req.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = req.params[name];
      if (value === undefined) throw new Error(`missing path parameter ${name} for ${req.path}`);
      return encodeURIComponent(String(value));
    });
    const url = new URL(originFor(this.connection.baseUrl, req.path) + path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    url.searchParams.set('api-version', API_VERSION);
    return url;
  }

  private async read<S extends z.ZodType>(schema: S, res: Response, where: string): Promise<AdoResponse<z.output<S>>> {
    const { status } = res;
    const html = (res.headers.get('content-type') ?? '').includes('text/html');
    // A bad PAT can get 203 with the HTML sign-in page instead of 401; a redirect means the same.
    if (status === 401 || status === 203 || (status >= 300 && status < 400) || (status < 300 && html)) {
      await res.body?.cancel();
      throw new ProviderError('auth', AUTH_MESSAGE, null, status);
    }
    if (status === 429) {
      await res.body?.cancel();
      throw new ProviderError('rate_limited', `Azure DevOps throttled ${where}`, this.retryAt(res.headers), status);
    }
    const text = await res.text();
    if (status >= 400) throw new ProviderError(kindFor(status), `Azure DevOps answered ${where} with ${status}: ${errorMessage(text)}`, null, status);
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ProviderError('validation', `Azure DevOps answered ${where} with a body that is not JSON`, null, status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError(
        'validation',
        `Azure DevOps answered ${where} with an unexpected body at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        null,
        status,
      );
    }
    const date = Date.parse(res.headers.get('date') ?? '');
    return { data: parsed.data, observedAt: new Date(Number.isNaN(date) ? this.now() : date).toISOString() };
  }

  private async waitForTurn(): Promise<void> {
    const wait = this.notBefore - this.now();
    if (wait <= 0) return;
    if (wait > this.maxWaitMs) {
      throw new ProviderError('rate_limited', 'Azure DevOps asked Baton to slow down', new Date(this.notBefore));
    }
    await this.sleep(wait);
    this.notBefore = 0;
  }

  /**
   * Azure DevOps sends Retry-After on a 200 once a caller nears its limit ("delayed" requests),
   * then 429 when blocked; X-RateLimit-Remaining/Reset tell how much budget the window has left.
   * https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits
   */
  private notePacing(headers: Headers): void {
    const now = this.now();
    const retryAfter = retryAfterMs(headers.get('retry-after'), now);
    if (retryAfter !== null) this.notBefore = Math.max(this.notBefore, now + retryAfter);
    const remaining = numberHeader(headers, 'x-ratelimit-remaining');
    const reset = numberHeader(headers, 'x-ratelimit-reset');
    const limit = numberHeader(headers, 'x-ratelimit-limit');
    if (remaining === null || reset === null) return;
    if (remaining > (limit ?? 100) * LOW_BUDGET_SHARE) return;
    // Spread what is left of the window over the time until it resets.
    const spread = (reset * 1000 - now) / (remaining + 1);
    this.notBefore = Math.max(this.notBefore, now + Math.min(Math.max(spread, 0), MAX_PACING_MS));
  }

  private retryAt(headers: Headers): Date {
    const now = this.now();
    const retryAfter = retryAfterMs(headers.get('retry-after'), now);
    if (retryAfter !== null) return new Date(now + retryAfter);
    const reset = numberHeader(headers, 'x-ratelimit-reset');
    return new Date(reset !== null ? reset * 1000 : now + 60_000);
  }
}

/** A ref update inside a 200 can still have failed; each item says so in `success`/`updateStatus`. */
export function assertRefsUpdated(results: RefUpdateResult[]): void {
  for (const result of results) {
    const status = result.updateStatus ?? (result.success === false ? 'failed' : 'succeeded');
    // succeededNonExistentRef and succeededCorruptRef are successes too.
    if (result.success !== false && status.startsWith('succeeded')) continue;
    const kind: ProviderErrorKind = ['staleOldObjectId', 'refNameConflict', 'locked'].includes(status)
      ? 'conflict'
      : status.endsWith('PermissionRequired')
        ? 'forbidden'
        : 'validation';
    const detail = result.customMessage ? `: ${result.customMessage}` : '';
    throw new ProviderError(kind, `Azure DevOps did not update ${result.name} (${status})${detail}`);
  }
}

/**
 * Profile and identities live on other hosts of the same service (app.vssps.visualstudio.com,
 * vssps.dev.azure.com); any other base URL (a proxy, a test server) serves them all.
 */
function originFor(baseUrl: string, path: AdoPath): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (!isAzureDevOpsServices(base)) return base;
  if (path === PATHS.profile) return PROFILE_ORIGIN;
  if (path === PATHS.identities) return IDENTITY_ORIGIN;
  return base;
}

export const PROFILE_ORIGIN = 'https://app.vssps.visualstudio.com';
export const IDENTITY_ORIGIN = 'https://vssps.dev.azure.com';

/** The cloud service itself, as opposed to a proxy or a test server in front of it. */
export function isAzureDevOpsServices(baseUrl: string): boolean {
  return new URL(baseUrl).hostname === 'dev.azure.com';
}

function kindFor(status: number): ProviderErrorKind {
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'transient';
  return 'validation';
}

function errorMessage(text: string): string {
  let parsed: ReturnType<typeof ErrorBody.safeParse> | null = null;
  try {
    parsed = ErrorBody.safeParse(JSON.parse(text));
  } catch {
    // Not JSON: fall through to a generic message.
  }
  return (parsed?.success ? parsed.data.message : 'no details').slice(0, 500);
}

function backoff(attempt: number): number {
  return 250 * 2 ** attempt;
}

function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(at - now, 0);
}

function numberHeader(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  return value === null || value.trim() === '' || Number.isNaN(Number(value)) ? null : Number(value);
}
