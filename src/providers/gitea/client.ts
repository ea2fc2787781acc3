// The one place Baton talks HTTP to a Gitea or Forgejo server: `Authorization: token`, paths
// from the description's templates, responses validated, failures turned into ProviderErrors
// once, in Gitea's own words (a missing token scope is named).
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../../errors.ts';
import type { ProviderConnection } from '../types.ts';

export interface GiteaRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** A template of the description, e.g. `/repos/{owner}/{repo}/contents/{filepath}`. */
  path: string;
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface GiteaResponse<T> {
  data: T;
  headers: Headers;
}

export interface GiteaClientOptions {
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a network failure. */
  retries?: number;
  retryDelayMs?: number;
}

// Parameters Gitea routes as `*`: they span segments, so their slashes stay slashes.
const WILDCARDS = new Set(['filepath', 'head']);

/** Gitea's words: `{ message }`, or a binding failure's list of `{ fieldNames, message }`. */
export function giteaMessage(body: unknown): string {
  if (Array.isArray(body)) {
    return body.map((e) => `${((e as { fieldNames?: string[] }).fieldNames ?? []).join(', ')} ${(e as { message?: string }).message ?? ''}`.trim()).join('; ');
  }
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

/**
 * The scopes a 403 says the token lacks. Gitea has no scopes header; its token-scope middleware
 * answers "token does not have at least one of required scope(s): [write:repository]".
 */
export function missingScopes(message: string): string[] {
  const listed = /required scope\(s\): \[([^\]]*)\]/.exec(message);
  return listed ? listed[1].split(/[\s,]+/).filter(Boolean) : [];
}

/** A 403 from the token-scope check, with the scopes named. */
export class MissingScopes extends ProviderError {
  constructor(
    readonly scopes: string[],
    host: string,
  ) {
    super('forbidden', `Gitea token lacks the ${scopes.join(' and ')} scope on ${host}; add it to the token (or create one that has it)`, null, 403);
  }
}

function kindOf(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  return 'validation';
}

function retryAfter(value: string | null, now = Date.now()): Date {
  const seconds = Number(value);
  if (value && Number.isFinite(seconds)) return new Date(now + seconds * 1000);
  const at = Date.parse(value ?? '');
  return Number.isNaN(at) ? new Date(now + 60_000) : new Date(at);
}

export class GiteaClient {
  readonly host: string;
  private readonly base: string;
  private readonly fetch: typeof fetch;
  private readonly paceKey: string;

  constructor(
    private readonly connection: ProviderConnection,
    private readonly options: GiteaClientOptions = {},
  ) {
    this.base = connection.baseUrl.replace(/\/+$/, '');
    this.host = new URL(this.base).host;
    this.fetch = connection.fetch ?? fetch;
    this.paceKey = `gitea:${createHash('sha256').update(connection.token).digest('hex').slice(0, 32)}`;
  }

  async request<S extends z.ZodType>(schema: S, req: GiteaRequest): Promise<GiteaResponse<z.output<S>>> {
    const path = req.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = String(req.params?.[name] ?? '');
      return WILDCARDS.has(name) ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
    });
    const url = new URL(this.base + path);
    for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const where = `${req.method} ${req.path}`;
    // Accounted below the API root, as the description names paths.
    const accounted = url.pathname.slice(new URL(this.base).pathname.replace(/\/$/, '').length);
    if (req.method !== 'GET') await this.connection.pace?.(this.paceKey);
    const retries = this.options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetch(url, {
          method: req.method,
          headers: {
            authorization: `token ${this.connection.token}`,
            accept: 'application/json',
            ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (err) {
        this.connection.onRequest?.({ method: req.method, path: accounted, status: 0 });
        if (attempt < retries) {
          await new Promise((r) => setTimeout(r, (this.options.retryDelayMs ?? 500) * (attempt + 1)));
          continue;
        }
        throw new ProviderError('transient', `Gitea (${this.host}) could not be reached: ${(err as Error).message}`);
      }
      this.connection.onRequest?.({ method: req.method, path: accounted, status: res.status });
      if (res.status >= 500 && attempt < retries) {
        await res.body?.cancel();
        await new Promise((r) => setTimeout(r, (this.options.retryDelayMs ?? 500) * (attempt + 1)));
        continue;
      }
      return this.read(schema, res, where);
    }
  }

  private async read<S extends z.ZodType>(schema: S, res: Response, where: string): Promise<GiteaResponse<z.output<S>>> {
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.status >= 300 && res.status < 400) {
      throw new ProviderError(
        'not_found',
        `Gitea (${this.host}) redirected ${where}; check that the base URL is the API root, ending in /api/v1`,
        null,
        res.status,
      );
    }
    if (res.status >= 400) {
      const message = giteaMessage(json) || `HTTP ${res.status}`;
      const kind = kindOf(res.status);
      const scopes = res.status === 403 ? missingScopes(message) : [];
      if (scopes.length > 0) throw new MissingScopes(scopes, this.host);
      // A token Gitea does not know fails authentication itself, as "user does not exist [uid: 0, …]".
      const text =
        kind === 'auth'
          ? `Gitea (${this.host}) rejected the token: it is unknown, revoked or expired`
          : `Gitea answered ${where} with ${res.status}: ${message}`;
      throw new ProviderError(kind, text, kind === 'rate_limited' ? retryAfter(res.headers.get('retry-after')) : null, res.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError('transient', `Gitea (${this.host}) sent an unexpected response to ${where}: ${issue?.path.join('.')} ${issue?.message}`);
    }
    return { data: parsed.data, headers: res.headers };
  }
}
