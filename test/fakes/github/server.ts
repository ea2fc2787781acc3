// A stateful fake GitHub REST API on loopback. Every request is checked against GitHub's
// OpenAPI description first; a mismatch is a recorded violation answered 400.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, Faults } from '../common/faults.ts';
import { type Ctx, type Handler, HttpError, type Reply } from './context.ts';
import { HookSender, hookRoutes } from './hooks.ts';
import { issueRoutes } from './issues.ts';
import { oauthAccessToken } from './oauth.ts';
import { checkRequest } from './openapi.ts';
import { appRoutes } from './routes-app.ts';
import { pullRoutes } from './routes-pulls.ts';
import { releaseRoutes } from './routes-releases.ts';
import { repoRoutes } from './routes-repos.ts';
import type { World } from './shapes.ts';
import { FakeGitHubState, type FakeToken } from './state.ts';

export type { FakeApp, FakeInstallation } from './app.ts';
export type { FakeHook, FakeHookDelivery } from './hooks.ts';
export type { FakePull, FakeRelease, FakeRepo, FakeToken } from './state.ts';
export { FakeGitHubState } from './state.ts';

const API_VERSION = '2022-11-28';
const routes: Record<string, Handler> = { ...repoRoutes, ...pullRoutes, ...releaseRoutes, ...hookRoutes, ...appRoutes, ...issueRoutes };

export interface Call {
  method: string;
  /** Decoded path below the API root, without query. */
  path: string;
  status: number;
}

export interface FakeGitHub {
  /** The API root to use as the provider's base URL. */
  url: string;
  /** The web host (github.com's part): OAuth, install pages. */
  webUrl: string;
  /** What payload and answer shapes are built from. */
  world: World;
  state: FakeGitHubState;
  calls: Call[];
  /** Requests that did not match GitHub's OpenAPI description; expect it to stay empty. */
  violations: string[];
  /** Webhook deliveries: `emit` sends an event to a repository's hooks, `idle` waits for answers. */
  hooks: HookSender;
  /** This fake answers a fault instead of carrying the request out (no `after`). */
  fail(fault: Omit<Fault, 'after'>): void;
  /** Drops the faults not yet answered. */
  clearFaults(): void;
  close(): Promise<void>;
}

interface Bucket {
  used: number;
  reset: number;
}

function formatExpiry(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGitHub(options: { pathPrefix?: '' | '/api/v3' } = {}): Promise<FakeGitHub> {
  const prefix = options.pathPrefix ?? '';
  const state = new FakeGitHubState();
  const calls: Call[] = [];
  const violations: string[] = [];
  const faults = new Faults();
  const buckets = new Map<string, Bucket>();
  const hooks = new HookSender();
  let origin = '';

  function rateHeaders(key: string, resource: 'core' | 'search', count: boolean): Record<string, string> {
    const id = `${resource}:${key}`;
    const limit = resource === 'search' ? 30 : key === '' ? 60 : 5000;
    const now = Math.floor(Date.now() / 1000);
    let bucket = buckets.get(id);
    if (!bucket || bucket.reset <= now) buckets.set(id, (bucket = { used: 0, reset: now + 3600 }));
    if (count) bucket.used++;
    return {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(limit - bucket.used, 0)),
      'x-ratelimit-reset': String(bucket.reset),
      'x-ratelimit-used': String(bucket.used),
      'x-ratelimit-resource': resource,
    };
  }

  function tokenHeaders(token: FakeToken | undefined): Record<string, string> {
    const headers: Record<string, string> = {};
    if (token?.kind === 'classic') {
      headers['x-oauth-scopes'] = token.scopes.join(', ');
      headers['x-accepted-oauth-scopes'] = '';
    }
    // Personal access tokens say when they expire; App tokens do not.
    if ((token?.kind === 'classic' || token?.kind === 'fine-grained') && token.expiresAt) {
      headers['github-authentication-token-expiration'] = formatExpiry(token.expiresAt);
    }
    return headers;
  }

  const unauthorized = (message: string) => new HttpError(401, { message, documentation_url: 'https://docs.github.com/rest', status: '401' });

  function authenticate(req: IncomingMessage): { value: string; token: FakeToken } {
    const match = /^(?:token|bearer) (\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw unauthorized('Requires authentication');
    // An App's JWT: checked afresh each time, as GitHub does.
    if (state.app && match[1].startsWith('eyJ') && match[1].split('.').length === 3) {
      const problem = state.app.jwtProblem(match[1]);
      if (problem) throw unauthorized(problem);
      return { value: match[1], token: { kind: 'app', login: state.app.botLogin, appId: state.app.id } };
    }
    const token = state.tokens.get(match[1]);
    if (!token || (token.expiresAt && token.expiresAt.getTime() <= state.now())) throw unauthorized('Bad credentials');
    return { value: match[1], token };
  }

  function oauth(req: IncomingMessage, rawBody: string, res: ServerResponse): void {
    const answer = oauthAccessToken(state, rawBody, req.headers['content-type'], req.headers.accept);
    violations.push(...answer.problems.map((p) => `POST /login/oauth/access_token: ${p}`));
    calls.push({ method: 'POST', path: '/login/oauth/access_token', status: answer.status });
    res.writeHead(answer.status, { 'content-type': answer.contentType });
    res.end(answer.text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', origin);
    const rawBody = await readBody(req);
    const inside = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    const rawPath = inside ? url.pathname.slice(prefix.length) || '/' : url.pathname;
    const path = decodeURIComponent(rawPath);
    const send = (reply: Reply, extra: Record<string, string> = {}) => {
      calls.push({ method, path, status: reply.status });
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': API_VERSION,
        'x-github-request-id': `FAKE:${calls.length}`,
        ...extra,
        ...reply.headers,
      };
      res.writeHead(reply.status, headers);
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    };
    const violation = (problems: string[]) => {
      violations.push(...problems.map((p) => `${method} ${path}: ${p}`));
      const body = { message: `Fake GitHub: request does not match GitHub's OpenAPI description: ${problems.join('; ')}` };
      send({ status: 400, body }, rateHeaders('', 'core', false));
    };

    // On GitHub's web host, beside the API: the OAuth token exchange.
    if (method === 'POST' && url.pathname === '/login/oauth/access_token') return oauth(req, rawBody, res);
    if (!inside) return violation([`outside the API root ${prefix}`]);
    const check = checkRequest({ method, path: rawPath, query: url.searchParams, rawBody, contentType: req.headers['content-type'] });
    const version = req.headers['x-github-api-version'];
    if (version !== undefined && version !== API_VERSION) check.problems.push(`X-GitHub-Api-Version ${version} is not ${API_VERSION}`);
    if (!check.route || check.problems.length > 0) return violation(check.problems);
    const route = check.route;

    const resource = path.startsWith('/search/') ? 'search' : 'core';
    const fault = faults.take(method, path, url.searchParams.toString());
    if (fault) {
      if (fault.hang) return void calls.push({ method, path, status: 0 });
      return send({ status: fault.status ?? 500, body: fault.body, headers: fault.headers }, rateHeaders('fault', resource, true));
    }

    let auth: { value: string; token: FakeToken } | undefined;
    try {
      auth = authenticate(req);
      const handler = routes[route.route];
      if (!handler) return violation([`${route.route} is valid but not implemented by the fake`]);
      const ctx: Ctx = {
        state,
        params: route.params,
        query: url.searchParams,
        body: (check.body ?? {}) as Record<string, unknown>,
        token: auth.token,
        user: state.account(auth.token.login)!,
        apiUrl: `${origin}${prefix}`,
        webUrl: origin,
        path,
        hooks,
      };
      const reply = handler(ctx);
      const common = tokenHeaders(auth.token);
      if (method === 'GET' && reply.status === 200) {
        const etag = `W/"${createHash('sha1').update(auth.value).update(JSON.stringify(reply.body)).digest('hex')}"`;
        // A 304 does not count against the rate limit.
        if (req.headers['if-none-match'] === etag) return send({ status: 304, headers: { etag } }, { ...common, ...rateHeaders(auth.value, resource, false) });
        common.etag = etag;
      }
      send(reply, { ...common, ...rateHeaders(auth.value, resource, true) });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      send(
        { status: error.status, body: error.body, headers: error.headers },
        { ...tokenHeaders(auth?.token), ...rateHeaders(auth?.value ?? '', resource, true) },
      );
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`${req.method} ${req.url}: fake GitHub crashed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}${prefix}`,
    webUrl: origin,
    world: { state, apiUrl: `${origin}${prefix}`, webUrl: origin },
    state,
    calls,
    violations,
    hooks,
    fail: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
