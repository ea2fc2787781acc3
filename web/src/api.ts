// The REST client: one fetch wrapper that adds the CSRF header, turns error bodies into
// ApiError and reports an expired session once, to whoever registered for it.

export type Provider = 'github' | 'ado' | 'bitbucket' | 'gitea';
export type Status = 'backlog' | 'ready' | 'in_progress' | 'in_review' | 'done';
export type PrState = 'open' | 'draft' | 'merged' | 'closed';
export type Role = 'owner' | 'member';

export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}
export interface UserRef {
  id: string;
  name: string;
}
export interface User {
  id: string;
  name: string;
  email: string;
}
export interface ProjectSettings {
  baseUrl?: string;
  organization?: string;
  project?: string;
}
export interface Project {
  id: string;
  key: string;
  name: string;
  provider: Provider;
  settings: ProjectSettings;
  branchPrefix: string;
  draftPullRequests: boolean;
  role: Role | null;
  createdAt: string;
  updatedAt: string;
}
export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}
export interface PullRequestRef {
  number: number;
  url: string;
  state: PrState;
}
export interface TicketSummary {
  id: string;
  key: string;
  number: number;
  title: string;
  status: Status;
  assignee: UserRef | null;
  reviewer: UserRef | null;
  pullRequests: PullRequestRef[];
  updatedAt: string;
}
export interface Criterion {
  id?: string;
  text: string;
  done: boolean;
}
export type HistoryCause = 'user' | 'pr_event' | 'sync' | 'start_work';
export interface HistoryEntry {
  at: string;
  from: Status | null;
  to: Status;
  cause: HistoryCause;
  actor: UserRef | null;
  detail: string | null;
}
export type StepName = 'branch' | 'spec' | 'pull_request' | 'reviewer';
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export interface StartWork {
  status: 'running' | 'succeeded' | 'failed';
  steps: { name: StepName; status: StepStatus; error: string | null; detail: string | null }[];
  error: string | null;
}
export interface TicketPullRequest extends PullRequestRef {
  title: string;
  syncedAt: string | null;
}
export interface Ticket {
  id: string;
  key: string;
  number: number;
  projectId: string;
  title: string;
  spec: string;
  status: Status;
  assignee: UserRef | null;
  reviewer: UserRef | null;
  repositoryId: string | null;
  acceptanceCriteria: (Criterion & { id: string })[];
  history: HistoryEntry[];
  branch: string | null;
  startWork: StartWork | null;
  pullRequests: TicketPullRequest[];
  prsSyncedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface Credential {
  id: string;
  provider: Provider;
  owner: string;
  baseUrl: string | null;
  login: string;
  scopes: string[];
  missing: string[];
  last4: string;
  expiresAt: string | null;
  validatedAt: string | null;
}
export interface Repository {
  id: string;
  owner: string;
  name: string;
  defaultBranch: string;
  webUrl: string;
  credentialId: string | null;
}
export interface AvailableRepository {
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
}
export interface WebhookInfo {
  url: string;
  createdAt: string | null;
  previousAcceptedUntil: string | null;
  setup: { contentType: string; events: string[]; steps: string[] };
  secret?: string;
}
export type Outcome = 'applied' | 'ignored' | 'duplicate' | 'rejected' | 'failed' | 'pending';
export interface Delivery {
  id: string;
  receivedAt: string;
  provider: Provider;
  event: string;
  action: string | null;
  deliveryId: string;
  verified: boolean;
  outcome: Outcome;
  error: string | null;
  /** Later copies of the same delivery (same provider delivery id) that were not applied again. */
  duplicates?: number;
  lastDuplicateAt?: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Per-field messages of a validation error, keyed by field path ("settings.organization"). */
  get fields(): Record<string, string> {
    const f = this.details.fields;
    return f && typeof f === 'object' ? (f as Record<string, string>) : {};
  }
}

let onUnauthorized: (() => void) | null = null;

/** Called on any 401 except from calls that opt out (the session probe, the login itself). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

export interface RequestOptions {
  body?: unknown;
  /** Don't treat a 401 as an expired session (login form, first probe). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie('baton_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Baton could not be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
    const error = new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? (res.status >= 500 ? 'Something went wrong on the server. Try again in a moment.' : `Request failed (${res.status})`),
      e?.details ?? {},
    );
    if (res.status === 401 && !options.quiet401) onUnauthorized?.();
    throw error;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, o?: RequestOptions) => request<T>('GET', path, o),
  post: <T>(path: string, body?: unknown, o?: RequestOptions) => request<T>('POST', path, { ...o, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, o?: RequestOptions) => request<T>('PATCH', path, { ...o, body }),
  del: <T>(path: string, o?: RequestOptions) => request<T>('DELETE', path, o),
};

export function qs(params: Record<string, string | number | null | undefined>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, String(v));
  const out = s.toString();
  return out ? `?${out}` : '';
}

export function enc(segment: string): string {
  return encodeURIComponent(segment);
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
