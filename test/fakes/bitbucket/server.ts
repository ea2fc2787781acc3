// A stateful fake Bitbucket Cloud REST API (2.0) on loopback. Every request is checked against
// the vendored Swagger description first; a mismatch is a recorded violation answered 400. Then
// authentication (Atlassian API token as Basic email:token, or an access token as Bearer), the
// operation's API-token scopes (403 naming required and granted), the hourly request limit (429),
// injected faults, and the handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, Faults } from '../common/faults.ts';
import { type Ctx, type Handler, HttpError, type Reply } from './context.ts';
import { hookRoutes } from './routes-hooks.ts';
import { pullRoutes } from './routes-pulls.ts';
import { repoRoutes } from './routes-repos.ts';
import { errorJson } from './shapes.ts';
import { bitbucketSpec, requiredScopes } from './spec.ts';
import { type FakeAccount, FakeBitbucketState, type FakePull, type FakeRepo, type FakeToken } from './state.ts';
import { createWebhookSender, type WebhookSender } from './webhooks.ts';

export type { FakeAccount, FakePull, FakeRepo, FakeToken } from './state.ts';
export { FakeBitbucketState } from './state.ts';

const routes: Record<string, Handler> = { ...repoRoutes, ...pullRoutes, ...hookRoutes };

export interface Call {
  method: string;
  /** Decoded path below the API root, without query. */
  path: string;
  query: string;
  /** The description's route, e.g. "GET /repositories/{workspace}"; null when none matched. */
  route: string | null;
  /** 0 while unanswered (or hung). */
  status: number;
}

export interface FakeBitbucket {
  /** The API root to use as the provider's base URL (…/2.0). */
  url: string;
  state: FakeBitbucketState;
  calls: Call[];
  /** Requests that did not match Bitbucket's description; expect it to stay empty. */
  violations: string[];
  webhooks: WebhookSender;
  /** Requests per account per rolling hour before 429 (Bitbucket: 1,000 for repository endpoints). */
  hourlyLimit: number;
  fail(fault: Fault): void;
  /** Drops the faults not yet answered. */
  clearFaults(): void;
  /** `METHOD /path` of each call so far. */
  callList(): string[];
  /** Merge, decline or approve as a person in the Bitbucket UI would, sending the webhooks. */
  merge(repo: FakeRepo, pull: FakePull, by: FakeAccount): void;
  decline(repo: FakeRepo, pull: FakePull, by: FakeAccount, reason?: string): void;
  approve(repo: FakeRepo, pull: FakePull, by: FakeAccount): void;
  close(): Promise<void>;
}

const API_ROOT = '/2.0';

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeBitbucket(): Promise<FakeBitbucket> {
  const state = new FakeBitbucketState();
  const spec = bitbucketSpec();
  const faults = new Faults();
  const usage = new Map<string, number[]>();
  let origin = '';
  const urls = () => ({ apiUrl: `${origin}${API_ROOT}`, webUrl: origin });
  const webhooks = createWebhookSender(urls, (r, branch) => r.branches.get(branch));

  function authenticate(req: IncomingMessage): { token: FakeToken; user: FakeAccount } {
    const [scheme, value] = (req.headers.authorization ?? '').split(' ');
    let token: FakeToken | undefined;
    if (scheme?.toLowerCase() === 'basic' && value) token = state.tokens.get(Buffer.from(value, 'base64').toString('utf8'));
    if (scheme?.toLowerCase() === 'bearer' && value) token = state.tokens.get(value);
    if (!token || (token.kind === 'api' && token.account.status !== 'active')) {
      throw new HttpError(401, errorJson('Invalid credentials'), { 'www-authenticate': 'Basic realm="Bitbucket.org HTTP"' });
    }
    return { token, user: token.kind === 'api' ? token.account : token.bot };
  }

  function checkScopes(route: string, token: FakeToken): void {
    const required = requiredScopes(route);
    if (required.every((s) => token.scopes.includes(s))) return;
    throw new HttpError(403, errorJson('Your credentials lack one or more required privilege scopes.', { detail: { required, granted: token.scopes } }));
  }

  function countRequest(user: FakeAccount): void {
    const now = Date.now();
    const recent = (usage.get(user.uuid) ?? []).filter((t) => t > now - 3_600_000);
    recent.push(now);
    usage.set(user.uuid, recent);
    if (recent.length > fake.hourlyLimit) {
      throw new HttpError(429, errorJson('Rate limit for this resource has been exceeded'), {
        'x-ratelimit-limit': String(fake.hourlyLimit),
        'x-ratelimit-resource': 'api',
      });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', origin);
    const rawBody = await readBody(req);
    const inside = url.pathname.startsWith(`${API_ROOT}/`);
    const rawPath = inside ? url.pathname.slice(API_ROOT.length) : url.pathname;
    let path = rawPath;
    try {
      path = decodeURIComponent(rawPath);
    } catch {}
    const call: Call = { method, path, query: url.search, route: null, status: 0 };
    fake.calls.push(call);
    const send = (reply: Reply) => {
      call.status = reply.status;
      const text = typeof reply.body === 'string';
      res.writeHead(reply.status, { ...(reply.body !== undefined && !text && { 'content-type': 'application/json; charset=utf-8' }), ...reply.headers });
      res.end(reply.body === undefined ? undefined : text ? (reply.body as string) : JSON.stringify(reply.body));
    };
    const violation = (problems: string[]) => {
      fake.violations.push(...problems.map((p) => `${method} ${path}: ${p}`));
      send({ status: 400, body: errorJson(`Fake Bitbucket: request does not match Bitbucket's Swagger description: ${problems.join('; ')}`) });
    };

    if (!inside) return violation([`outside the API root ${API_ROOT}`]);
    const check = spec.check({ method, path: rawPath, query: url.searchParams, rawBody, contentType: req.headers['content-type'] });
    if (!check.route || check.problems.length > 0) return violation(check.problems);
    const route = check.route.route;
    call.route = route;

    const fault = faults.take(method, path);
    if (fault?.hang) return;
    if (fault && !fault.after) return send({ status: fault.status ?? 500, body: fault.body, headers: fault.headers });

    try {
      const { token, user } = authenticate(req);
      checkScopes(route, token);
      countRequest(user);
      const handler = routes[route];
      if (!handler) return violation([`${route} is valid but not implemented by the fake`]);
      const ctx: Ctx = {
        ...urls(),
        state,
        params: check.route.params,
        query: url.searchParams,
        body: (check.body ?? {}) as Record<string, unknown>,
        token,
        user,
        path,
        emit: (event, repo, pull) => webhooks.emit(event, repo, pull, user),
      };
      const reply = handler(ctx);
      send(fault ? { status: fault.status ?? 500, body: fault.body, headers: fault.headers } : reply);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      send({ status: error.status, body: error.body, headers: error.headers });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      fake.violations.push(`${req.method} ${req.url}: fake Bitbucket crashed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const closeWith = (repo: FakeRepo, pull: FakePull, by: FakeAccount, next: 'MERGED' | 'DECLINED', event: string) => {
    pull.state = next;
    pull.closedBy = by;
    pull.updatedOn = state.tick();
    if (next === 'MERGED') {
      const commit = state.writeFiles(repo, pull.destinationBranch, {}, `Merged in ${pull.sourceBranch} (pull request #${pull.id})`, by);
      pull.mergeCommit = commit.hash;
    }
    webhooks.emit(event, repo, pull, by);
  };

  const fake: FakeBitbucket = {
    url: `${origin}${API_ROOT}`,
    state,
    calls: [],
    violations: [],
    webhooks,
    hourlyLimit: 1000,
    fail: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    callList: () => fake.calls.map((c) => `${c.method} ${c.path}`),
    merge: (repo, pull, by) => closeWith(repo, pull, by, 'MERGED', 'pullrequest:fulfilled'),
    decline: (repo, pull, by, reason = '') => {
      pull.reason = reason;
      closeWith(repo, pull, by, 'DECLINED', 'pullrequest:rejected');
    },
    approve: (repo, pull, by) => {
      pull.approvedBy.add(by.uuid);
      pull.updatedOn = state.tick();
      webhooks.emit('pullrequest:approved', repo, pull, by);
    },
    close: async () => {
      await webhooks.idle();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
  return fake;
}
