// How Baton talks HTTP to Azure DevOps REST API 7.1: paths are the templates of the official
// Swagger (reference/azure-devops), sent through the shared provider HTTP layer (../http.ts)
// with Azure DevOps' dialect.
import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../../errors.ts';
import { createProviderHttp, type Dialect, type HttpTuning } from '../http.ts';
import type { ProviderConnection } from '../types.ts';
import { ErrorBody, type RefUpdateResult } from './schema.ts';

export const API_VERSION = '7.1';
export const ZERO_ID = '0000000000000000000000000000000000000000';

const GIT = '/{organization}/{project}/_apis/git/repositories/{repositoryId}';
export const PATHS = {
  connectionData: '/{organization}/_apis/connectionData',
  repositories: '/{organization}/{project}/_apis/git/repositories',
  repository: GIT,
  refs: `${GIT}/refs`,
  pushes: `${GIT}/pushes`,
  item: `${GIT}/items`,
  pullRequests: `${GIT}/pullrequests`,
  pullRequest: `${GIT}/pullrequests/{pullRequestId}`,
  reviewer: `${GIT}/pullRequests/{pullRequestId}/reviewers/{reviewerId}`,
  subscriptions: '/{organization}/_apis/hooks/subscriptions',
  subscription: '/{organization}/_apis/hooks/subscriptions/{subscriptionId}',
  notifications: '/{organization}/_apis/hooks/subscriptions/{subscriptionId}/notifications',
  testNotifications: '/{organization}/_apis/hooks/testnotifications',
} as const;
export type AdoPath = (typeof PATHS)[keyof typeof PATHS];

// connectionData has only preview versions (it is missing from the published descriptions; the
// client libraries call it as Location / ConnectionData, resource version 1).
const PREVIEW_VERSIONS: Partial<Record<AdoPath, string>> = { [PATHS.connectionData]: '7.1-preview.1' };

export interface AdoRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
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

export type ClientTuning = HttpTuning;

const AUTH_MESSAGE = 'Azure DevOps rejected the token: it is invalid, expired or lacks a scope';

/**
 * Throttling: Retry-After on a 200 once a caller nears its limit ("delayed" requests), then
 * 429 when blocked; X-RateLimit-Remaining/Reset tell how much of the window's budget is left.
 * https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits
 */
export const azureDevOpsDialect: Dialect = {
  kind: 'ado',
  label: 'Azure DevOps',
  // Basic with an empty user name and the PAT as the password.
  authorization: (token) => `Basic ${Buffer.from(`:${token}`).toString('base64')}`,
  rateLimitHeaders: { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', limit: 'x-ratelimit-limit' },
  errorMessage(body) {
    const parsed = ErrorBody.safeParse(body);
    return (parsed.success ? parsed.data.message : 'no details').slice(0, 500);
  },
  // A bad PAT can get 203 with the HTML sign-in page instead of 401; a redirect leads to the same page.
  classify(status, headers) {
    const html = (headers.get('content-type') ?? '').includes('text/html');
    return status === 203 || (status >= 300 && status < 400) || (status < 300 && html) ? 'auth' : null;
  },
  describe({ kind, status, message, route }) {
    if (kind === 'auth') return AUTH_MESSAGE;
    if (kind === 'rate_limited') return `Azure DevOps throttled ${route}`;
    return `Azure DevOps answered ${route} with ${status}: ${message}`;
  },
};

export function createAzureDevOpsClient(connection: ProviderConnection, tuning: ClientTuning = {}) {
  const http = createProviderHttp(connection, azureDevOpsDialect, tuning);

  function url(req: AdoRequest): URL {
    const path = req.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = req.params[name];
      if (value === undefined) throw new Error(`missing path parameter ${name} for ${req.path}`);
      return encodeURIComponent(String(value));
    });
    const url = new URL(connection.baseUrl.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    url.searchParams.set('api-version', PREVIEW_VERSIONS[req.path] ?? API_VERSION);
    return url;
  }

  return {
    async request<S extends z.ZodType>(schema: S, req: AdoRequest): Promise<AdoResponse<z.output<S>>> {
      const { data, observedAt } = await http.request({ method: req.method, url: url(req), route: `${req.method} ${req.path}`, body: req.body, schema });
      return { data, observedAt };
    },
  };
}

export type AzureDevOpsClient = ReturnType<typeof createAzureDevOpsClient>;

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
