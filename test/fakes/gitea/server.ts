// A stateful fake Gitea (or Forgejo) REST API on loopback. Every request is checked against the
// vendored Gitea 1.22 description first; a mismatch is a recorded violation answered 400. Pull
// request changes, through the API or by `people`, go out as signed webhooks to the hooks added.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Fault, Faults } from '../common/faults.ts';
import { type Ctx, type Handler, HttpError, type PullEvent, type Reply } from './context.ts';
import { type People, peopleOf } from './people.ts';
import { hookRoutes } from './routes-hooks.ts';
import { pullRoutes } from './routes-pulls.ts';
import { repoRoutes } from './routes-repos.ts';
import { missingScope, scopeMessage } from './scopes.ts';
import { giteaValidator } from './spec.ts';
import { type FakeAccount, FakeGiteaState, type Flavour } from './state.ts';
import { type FakeHook, HookSender, type SentDelivery } from './webhooks.ts';

export type { FakeAccount, FakePull, FakeRepo, FakeToken, Flavour } from './state.ts';
export { FakeGiteaState } from './state.ts';
export type { FakeHook, SentDelivery } from './webhooks.ts';

const routes: Record<string, Handler> = { ...repoRoutes, ...pullRoutes, ...hookRoutes };

export interface Call {
  method: string;
  /** Decoded path below the API root, without query. */
  path: string;
  query: string;
  status: number;
}

export interface FakeGitea {
  /** The API root to use as the provider's base URL (…/api/v1). */
  url: string;
  /** The server's web root, e.g. http://127.0.0.1:1234. */
  webUrl: string;
  flavour: Flavour;
  state: FakeGiteaState;
  calls: Call[];
  /** Requests that did not match the description; expect it to stay empty. */
  violations: string[];
  /** Repository webhooks; add one to have pull-request changes delivered. */
  hooks: FakeHook[];
  /** Changes made by people in the web UI (merge, close, push...), each delivered as a webhook. */
  people: People;
  fail(fault: Fault): void;
  /** Drops the faults not yet answered. */
  clearFaults(): void;
  /** Waits for every webhook sent so far to be answered, and returns all sent. */
  deliveries(): Promise<SentDelivery[]>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Filters people expect on the pull request list that Gitea 1.22 neither declares nor reads
 * (git-pkgs/forge#111): the real server answers them with the unfiltered list.
 */
const ignoredPullFilters = (route: string, problems: string[]) =>
  route === 'GET /repos/{owner}/{repo}/pulls' && problems.every((p) => /^query parameter "(head|base|poster)" is not declared/.test(p));

export async function startFakeGitea(options: { flavour?: Flavour; subpath?: string } = {}): Promise<FakeGitea> {
  const flavour = options.flavour ?? 'gitea';
  const prefix = `${options.subpath ?? ''}/api/v1`;
  const state = new FakeGiteaState(flavour);
  const sender = new HookSender(flavour);
  const calls: Call[] = [];
  const violations: string[] = [];
  const faults = new Faults();
  let origin = '';
  const urls = () => ({ apiUrl: `${origin}${prefix}`, webUrl: `${origin}${options.subpath ?? ''}` });
  const emit = (events: PullEvent[], by: FakeAccount) => {
    for (const e of events) sender.send({ state, ...urls() }, e, by);
  };

  function authenticate(req: IncomingMessage): { token: ReturnType<typeof state.tokens.get> & {}; user: FakeAccount } {
    const match = /^(?:token|bearer) (\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, { message: 'token is required', url: `${urls().webUrl}/api/swagger` });
    const token = state.tokens.get(match[1]);
    // An unknown token fails authentication itself (services/auth: ErrUserNotExist).
    if (!token) throw new HttpError(401, { message: 'user does not exist [uid: 0, name: ]', url: `${urls().webUrl}/api/swagger` });
    return { token, user: state.account(token.login)! };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', origin);
    const rawBody = await readBody(req);
    const inside = url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
    const rawPath = inside ? url.pathname.slice(prefix.length) || '/' : url.pathname;
    const path = decodeURIComponent(rawPath);
    const send = (reply: Reply) => {
      calls.push({ method, path, query: url.search, status: reply.status });
      res.writeHead(reply.status, { 'content-type': 'application/json;charset=utf-8', 'x-content-type-options': 'nosniff', ...reply.headers });
      res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
    };
    const violation = (problems: string[]) => {
      violations.push(...problems.map((p) => `${method} ${path}: ${p}`));
      send({ status: 400, body: { message: `Fake Gitea: request does not match the API description: ${problems.join('; ')}` } });
    };

    // The web UI lives outside the API root; a base URL without /api/v1 lands there.
    if (!inside) return send({ status: 404, body: undefined, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const check = giteaValidator().check({ method, path: rawPath, query: url.searchParams, rawBody, contentType: req.headers['content-type'] });
    if (!check.route) return violation(check.problems);
    const route = check.route;
    if (check.problems.length > 0) {
      // Answered as Gitea does, and still recorded: a test relying on the filter fails.
      if (!ignoredPullFilters(route.route, check.problems)) return violation(check.problems);
      violations.push(...check.problems.map((p) => `${method} ${path}: ${p} (Gitea ignores it and lists every pull request)`));
    }

    const fault = faults.take(method, path);
    if (fault?.hang) return void calls.push({ method, path, query: url.search, status: 0 });
    if (fault && !fault.after) return send({ status: fault.status ?? 500, body: fault.body, headers: fault.headers });

    let reply: Reply;
    try {
      const { token, user } = authenticate(req);
      const scope = missingScope(token, method, route.route.slice(method.length + 1));
      if (scope) throw new HttpError(403, { message: scopeMessage(scope), url: `${urls().webUrl}/api/swagger` });
      const handler = routes[route.route];
      if (!handler) return violation([`${route.route} is valid but not implemented by the fake`]);
      const ctx: Ctx = {
        state,
        params: route.params,
        query: url.searchParams,
        body: (check.body ?? {}) as Record<string, unknown>,
        token,
        user,
        path,
        events: [],
        hooks: sender,
        ...urls(),
      };
      reply = handler(ctx);
      emit(ctx.events, user);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = { status: error.status, body: error.body };
    }
    send(fault ? { status: fault.status ?? 500, body: fault.body, headers: fault.headers } : reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`${req.method} ${req.url}: fake Gitea crashed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: urls().apiUrl,
    webUrl: urls().webUrl,
    flavour,
    state,
    calls,
    violations,
    hooks: sender.hooks,
    people: peopleOf(state, (events, by) => emit(events, by)),
    fail: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    deliveries: () => sender.settled(),
    close: async () => {
      await sender.settled();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
