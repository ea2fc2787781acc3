// How Baton talks HTTP to a Gitea or Forgejo server: path templates of the vendored description
// filled in here, sent through the shared provider HTTP layer (../http.ts) with Gitea's dialect —
// `Authorization: token`, Gitea's error bodies, and the token-scope 403 named in its own words.
import type { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import { createProviderHttp, type Dialect, type HttpResponse, type HttpTuning } from '../http.ts';
import type { ProviderConnection } from '../types.ts';

export interface GiteaRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A template of the description, e.g. `/repos/{owner}/{repo}/contents/{filepath}`. */
  path: string;
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export type GiteaResponse<T> = HttpResponse<T>;

// Parameters Gitea routes as `*`: they span segments, so their slashes stay slashes.
const WILDCARDS = new Set(['filepath', 'head']);

/** Gitea's words: `{ message }`, or a binding failure's list of `{ fieldNames, message }`. */
export function giteaMessage(body: unknown, text: string): string {
  if (Array.isArray(body)) {
    return body.map((e) => `${((e as { fieldNames?: string[] }).fieldNames ?? []).join(', ')} ${(e as { message?: string }).message ?? ''}`.trim()).join('; ');
  }
  const message = (body as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message ? message : text.trim().slice(0, 500) || 'no details';
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

/** The scopes a failed call shows the token lacks; empty for any other failure. */
export const scopesLacking = (error: unknown): string[] => (error instanceof MissingScopes ? error.scopes : []);

export const giteaDialect: Dialect = {
  kind: 'gitea',
  label: 'Gitea',
  authorization: (token) => `token ${token}`,
  // Gitea has no API rate limit of its own; a proxy in front of it (Codeberg) may send these.
  rateLimitHeaders: { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', limit: 'x-ratelimit-limit' },
  errorMessage: giteaMessage,
  describe({ kind, status, message, route, subject, host }) {
    if (status >= 300 && status < 400) return `Gitea (${host}) redirected ${route} with ${status}; check that the base URL is the API root, ending in /api/v1`;
    switch (kind) {
      case 'rate_limited':
        return `Gitea (${host}) asked Baton to slow down: ${message}`;
      case 'auth':
        // A token Gitea does not know fails authentication itself, as "user does not exist [uid: 0, …]".
        return `Gitea (${host}) rejected the token: it is unknown, revoked or expired`;
      case 'forbidden':
        return `Gitea refused ${route} on ${subject}: ${message}`;
      case 'not_found':
        return `Gitea found nothing at ${route} on ${subject} (missing, or invisible to this token): ${message}`;
      case 'transient':
        return `Gitea (${host}) failed with ${status}: ${message}`;
      default:
        return `Gitea answered ${route} on ${subject} with ${status}: ${message}`;
    }
  },
  error: ({ status, message, host }) => {
    const scopes = status === 403 ? missingScopes(message) : [];
    return scopes.length ? new MissingScopes(scopes, host) : null;
  },
};

export function createGiteaClient(connection: ProviderConnection, tuning: HttpTuning = {}) {
  const baseUrl = connection.baseUrl.replace(/\/+$/, '');
  const http = createProviderHttp({ ...connection, baseUrl }, giteaDialect, tuning);
  return {
    host: http.host,
    request<S extends z.ZodType>(schema: S, req: GiteaRequest): Promise<GiteaResponse<z.output<S>>> {
      const path = req.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = String(req.params?.[name] ?? '');
        return WILDCARDS.has(name) ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
      });
      const url = new URL(baseUrl + path);
      for (const [key, value] of Object.entries(req.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
      const { owner, repo } = req.params ?? {};
      const subject = owner !== undefined && repo !== undefined ? `${owner}/${repo}` : undefined;
      return http.request({ method: req.method, url, route: `${req.method} ${req.path}`, subject, body: req.body, schema });
    },
  };
}

export type GiteaClient = ReturnType<typeof createGiteaClient>;
