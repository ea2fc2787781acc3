// The one HTTP layer every provider talks through: per-attempt timeout, retries with backoff on
// 5xx and network failures, rate limits (Retry-After, reset headers) handed back as a typed
// error with the retry time, redirects never followed with the token, call accounting, the
// shared write pacer, zod parsing of the fields read, and every failure turned into a
// ProviderError once, never carrying the token. A provider supplies only its dialect: its auth
// header, how to read its error messages and its rate-limit headers.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../errors.ts';
import { OutboundRefused } from './outbound.ts';
import type { ProviderConnection } from './types.ts';

export interface Dialect {
  /** Pacing keys start with it, so two providers never share a slot. */
  kind: string;
  /** The provider's name in messages. */
  label: string;
  /** The Authorization header value for a token. */
  authorization(token: string): string;
  /** Names of the headers carrying the rate-limit budget (`reset` in epoch seconds). */
  rateLimitHeaders: { remaining: string; reset: string; limit: string };
  /** Whether a 403 is a rate limit by its wording alone (GitHub's secondary limits say so only in the message). */
  rateLimitedByMessage?(message: string): boolean;
  /** The provider's own words from an error answer (parsed JSON, or null, and the raw text). */
  errorMessage(body: unknown, text: string): string;
  /** A kind for answers their status does not classify (e.g. a sign-in page served with 203); null for the usual reading. */
  classify?(status: number, headers: Headers): ProviderErrorKind | null;
  /** A person's sentence for a failed answer. */
  describe(failure: HttpFailure): string;
  /**
   * The provider's own error for a failed answer, carrying what its body says beyond words (the
   * scopes a 403 names, the fields a 400 refuses); null (or absent) for the usual ProviderError.
   */
  error?(failure: HttpFailure, body: unknown): ProviderError | null;
}

export interface HttpFailure {
  kind: ProviderErrorKind;
  status: number;
  headers: Record<string, string | undefined>;
  /** The provider's own words (Dialect.errorMessage). */
  message: string;
  /** Method and path template, e.g. "GET /repos/{owner}/{repo}". */
  route: string;
  /** What the call was about, e.g. "acme/api"; the host when the caller named nothing. */
  subject: string;
  host: string;
}

/** Knobs for tests and operators; the defaults suit production. */
export interface HttpTuning {
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Extra attempts after a 5xx or a network failure/timeout (default 2). */
  retries?: number;
  /** Backoff unit: retry n waits unit × 2ⁿ⁻¹ (default 250 ms: 250 ms, then 500 ms). */
  retryDelayMs?: number;
  /** The longest a call waits in-process for a provider that asked to slow down; beyond it the call fails as rate_limited (default 10 s). */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface HttpRequest<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string | URL;
  /** Method and path template, for messages: never holds values. */
  route: string;
  subject?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as application/x-www-form-urlencoded instead (e.g. a commit made by uploading files). */
  form?: Record<string, string>;
  /** The answer is text, not JSON (e.g. a file's raw content): `schema` checks the string. */
  text?: boolean;
  schema: S;
}

export interface HttpResponse<T> {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string | undefined>;
  data: T;
  /** The provider's clock when it answered (its Date header), ISO 8601. */
  observedAt: string;
}

// Below this share of the window's budget, calls are spread out instead of running into a 429.
const LOW_BUDGET_SHARE = 0.1;
const MAX_PACING_MS = 1000;

export function createProviderHttp(connection: ProviderConnection, dialect: Dialect, tuning: HttpTuning = {}) {
  const outbound = connection.fetch ?? fetch;
  const base = new URL(connection.baseUrl);
  const root = base.pathname.replace(/\/+$/, '');
  const timeoutMs = tuning.timeoutMs ?? 30_000;
  const retries = tuning.retries ?? 2;
  const unit = tuning.retryDelayMs ?? 250;
  const maxWaitMs = tuning.maxWaitMs ?? 10_000;
  const sleep = tuning.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = tuning.now ?? Date.now;
  // Only a hash leaves this instance, so pacing state never holds the token.
  const tokenHash = createHash('sha256').update(connection.token).digest('hex');
  const paceKey = `${dialect.kind}:${tokenHash.slice(0, 32)}`;
  const credential = tokenHash.slice(0, 12);
  /** Earliest time the next call may go out (a Retry-After on a success, a low budget). */
  let notBefore = 0;

  async function waitForTurn(): Promise<void> {
    const wait = notBefore - now();
    if (wait <= 0) return;
    if (wait > maxWaitMs) throw new ProviderError('rate_limited', `${dialect.label} asked Baton to slow down`, new Date(notBefore));
    await sleep(wait);
    notBefore = 0;
  }

  function notePacing(headers: Headers): void {
    const at = now();
    const retryAfter = retryAfterMs(headers.get('retry-after'), at);
    if (retryAfter !== null) notBefore = Math.max(notBefore, at + retryAfter);
    const { remaining, reset, limit } = budget(dialect, headers);
    if (remaining === null || reset === null || remaining > (limit ?? 100) * LOW_BUDGET_SHARE) return;
    // Spread what is left of the window over the time until it resets.
    const spread = (reset * 1000 - at) / (remaining + 1);
    notBefore = Math.max(notBefore, at + Math.min(Math.max(spread, 0), MAX_PACING_MS));
  }

  /** Resolves null for 304 Not Modified (send If-None-Match to ask for it). */
  async function send<S extends z.ZodType>(req: HttpRequest<S>): Promise<HttpResponse<z.output<S>> | null> {
    const url = new URL(req.url);
    const path = decodeURIComponent(root && url.pathname.startsWith(root) ? url.pathname.slice(root.length) : url.pathname);
    const form = req.form === undefined ? undefined : new URLSearchParams(req.form).toString();
    const init: RequestInit = {
      method: req.method,
      headers: {
        accept: req.text ? '*/*' : 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...req.headers,
        ...(connection.token ? { authorization: dialect.authorization(connection.token) } : {}),
      },
      body: form ?? (req.body === undefined ? undefined : JSON.stringify(req.body)),
      // A redirect is answered, not followed: the token only goes where it was saved for.
      redirect: 'manual',
    };
    for (let attempt = 0; ; attempt++) {
      // Every attempt at a write is a write to the provider, so each one takes a paced slot.
      if (req.method !== 'GET') await connection.pace?.(paceKey);
      await waitForTurn();
      let res: Response;
      try {
        res = await outbound(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        connection.onRequest?.({ method: req.method, path, status: 0 });
        // The outbound policy refused the host (nothing was sent): no retry changes that.
        if (err instanceof OutboundRefused) throw new ProviderError('validation', err.message);
        connection.onAnswer?.({ provider: dialect.kind, status: 0, credential, rateLimitRemaining: null });
        if (attempt < retries) {
          await sleep(unit * 2 ** attempt);
          continue;
        }
        const timedOut = (err as Error).name === 'TimeoutError';
        throw new ProviderError('transient', `${dialect.label} did not answer ${req.route}: ${timedOut ? 'timed out' : 'network error'}`);
      }
      connection.onRequest?.({ method: req.method, path, status: res.status });
      connection.onAnswer?.({ provider: dialect.kind, status: res.status, credential, rateLimitRemaining: budget(dialect, res.headers).remaining });
      notePacing(res.headers);
      if (res.status >= 500 && attempt < retries) {
        await res.body?.cancel();
        await sleep(unit * 2 ** attempt);
        continue;
      }
      return read(req, res);
    }
  }

  async function read<S extends z.ZodType>(req: HttpRequest<S>, res: Response): Promise<HttpResponse<z.output<S>> | null> {
    const { status } = res;
    const headers = Object.fromEntries(res.headers);
    const classified = dialect.classify?.(status, res.headers) ?? null;
    if (status === 304 && !classified) {
      await res.body?.cancel();
      return null;
    }
    const text = await res.text();
    if (classified || status >= 300) {
      const body = parseJson(text);
      const message = dialect.errorMessage(body === undefined ? null : body, text);
      const retryAt = classified ? null : rateLimitRetryAt(dialect, status, headers, message, now());
      const kind = classified ?? (retryAt ? 'rate_limited' : kindFor(status));
      const failure = { kind, status, headers, message, route: req.route, subject: req.subject ?? base.host, host: base.host };
      throw (!retryAt && dialect.error?.(failure, body)) || new ProviderError(kind, dialect.describe(failure), retryAt, status);
    }
    const json = req.text ? text : text ? parseJson(text) : null;
    if (json === undefined) throw new ProviderError('validation', `${dialect.label} answered ${req.route} with a body that is not JSON`, null, status);
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const at = issue?.path.join('.') || '(root)';
      throw new ProviderError('validation', `${dialect.label} answered ${req.route} with an unexpected body at ${at}: ${issue?.message}`, null, status);
    }
    const date = Date.parse(res.headers.get('date') ?? '');
    return { status, headers, data: parsed.data, observedAt: new Date(Number.isNaN(date) ? now() : date).toISOString() };
  }

  return {
    host: base.host,
    /** One call; a 304 is an error here (use `conditional` to ask for one). */
    async request<S extends z.ZodType>(req: HttpRequest<S>): Promise<HttpResponse<z.output<S>>> {
      const response = await send(req);
      if (!response) throw new ProviderError(kindFor(304), dialect.describe(notModified(req, base.host)), null, 304);
      return response;
    },
    conditional: send,
  };
}

export type ProviderHttp = ReturnType<typeof createProviderHttp>;

function notModified(req: HttpRequest<z.ZodType>, host: string): HttpFailure {
  return { kind: kindFor(304), status: 304, headers: {}, message: 'Not Modified', route: req.route, subject: req.subject ?? host, host };
}

/**
 * When the provider lets us call again, or null when the answer is no rate limit: a 429, or a
 * 403 with an exhausted budget, a Retry-After or (per dialect) a rate-limit message. Retry-After
 * wins, else the reset time when the budget is spent (or not reported), else one minute.
 */
export function rateLimitRetryAt(
  dialect: Dialect,
  status: number,
  headers: Record<string, string | undefined>,
  message: string,
  now = Date.now(),
): Date | null {
  const exhausted = headers[dialect.rateLimitHeaders.remaining] === '0';
  const retryAfter = retryAfterMs(headers['retry-after'] ?? null, now);
  const limited = status === 429 || (status === 403 && (exhausted || retryAfter !== null || !!dialect.rateLimitedByMessage?.(message)));
  if (!limited) return null;
  if (retryAfter !== null) return new Date(now + retryAfter);
  const reset = Number(headers[dialect.rateLimitHeaders.reset]);
  const unreported = headers[dialect.rateLimitHeaders.remaining] === undefined;
  if ((exhausted || unreported) && reset > 0) return new Date(reset * 1000);
  return new Date(now + 60_000);
}

function kindFor(status: number): ProviderErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  // A redirect not followed: whatever was asked for is not here any more.
  if (status === 404 || (status >= 300 && status < 400)) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'transient';
  return 'validation';
}

function budget(dialect: Dialect, headers: Headers) {
  const number = (name: string) => {
    const value = headers.get(name);
    return value === null || value.trim() === '' || Number.isNaN(Number(value)) ? null : Number(value);
  };
  const names = dialect.rateLimitHeaders;
  return { remaining: number(names.remaining), reset: number(names.reset), limit: number(names.limit) };
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfterMs(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(at - now, 0);
}

/** Parsed JSON, or undefined when the text is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
