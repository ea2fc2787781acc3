// A stateful fake of Azure DevOps Services over real HTTP on loopback. Every request is checked
// against the official 7.1 Swagger; a departure is recorded in `violations` and answered 400.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler, HandlerContext } from './context.ts';
import { gitHandlers } from './git-handlers.ts';
import { pullRequestHandlers } from './pull-request-handlers.ts';
import { serviceHookHandlers } from './service-hooks.ts';
import { type Reply, ReplyError } from './shapes.ts';
import { type Operation, specIndex } from './spec.ts';
import { FakeAzureDevOpsState, type FakeIdentity } from './state.ts';

export interface FakeCall {
  method: string;
  path: string;
  query: string;
  operationId: string | null;
  /** 0 while unanswered (or hung). */
  status: number;
}

export interface FaultRule {
  method?: string;
  /** Substring of, or pattern for, the request path (without the query). */
  path: string | RegExp;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** How many matching requests go through untouched before it applies (default 0). */
  skip?: number;
  /** Answer this instead; without it the real answer goes out, with `headers` added. */
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (until close). */
  hang?: boolean;
  /** Apply the request to the state first, then answer the fault: "it worked but the reply was lost". */
  after?: boolean;
}

export interface FakeAzureDevOps {
  url: string;
  state: FakeAzureDevOpsState;
  calls: FakeCall[];
  violations: string[];
  /** Answer a bad PAT with 203 and an HTML sign-in page, as the service sometimes does, instead of 401. */
  signInPageForBadTokens: boolean;
  fail(rule: FaultRule): void;
  /** Drops the faults not yet answered. */
  clearFaults(): void;
  /** `METHOD /path` of each call so far. */
  callList(): string[];
  close(): Promise<void>;
}

const HANDLERS: Record<string, Handler> = { ...gitHandlers, ...pullRequestHandlers, ...serviceHookHandlers };

// A PAT scope also grants the narrower scopes below it.
const IMPLIED: Record<string, string[]> = {
  'vso.code_full': ['vso.code_manage', 'vso.code_write', 'vso.code', 'vso.code_status'],
  'vso.code_manage': ['vso.code_write', 'vso.code'],
  'vso.code_write': ['vso.code'],
  'vso.identity_manage': ['vso.identity'],
  'vso.profile_write': ['vso.profile'],
  'vso.project_manage': ['vso.project_write', 'vso.project'],
  'vso.project_write': ['vso.project'],
};

const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Azure DevOps Services | Sign In</title></head><body><form action="https://app.vssps.visualstudio.com/_signin"></form></body></html>';

export async function startFakeAzureDevOps(): Promise<FakeAzureDevOps> {
  const state = new FakeAzureDevOpsState();
  const spec = specIndex();
  const faults: FaultRule[] = [];
  const fake: FakeAzureDevOps = {
    url: '',
    state,
    calls: [],
    violations: [],
    signInPageForBadTokens: false,
    fail: (rule) => void faults.push({ times: 1, ...rule }),
    clearFaults: () => void faults.splice(0),
    callList: () => fake.calls.map((c) => `${c.method} ${c.path}`),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function takeFault(method: string, path: string): FaultRule | null {
    const rule = faults.find(
      (f) => (f.times ?? 1) > 0 && (!f.method || f.method === method) && (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path)),
    );
    if (rule?.skip) {
      rule.skip--;
      return null;
    }
    if (rule) rule.times = (rule.times ?? 1) - 1;
    return rule ?? null;
  }

  function authenticate(req: IncomingMessage, op: Operation, pathParams: Record<string, string>): FakeIdentity | Reply {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    // Basic with any user name and the PAT as the password.
    const pat = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':').slice(1).join(':') : '';
    const token = state.tokens.get(pat);
    if (!token) {
      if (fake.signInPageForBadTokens && pat) return { status: 203, body: SIGN_IN_PAGE, headers: { 'content-type': 'text/html; charset=utf-8' } };
      return { status: 401, body: '', headers: { 'www-authenticate': 'Basic realm="https://dev.azure.com/"' } };
    }
    // An organisation-scoped PAT works only inside its organisations: not in another one, and
    // not on the organisation-less profile routes (app.vssps.visualstudio.com).
    const organization = pathParams.organization?.toLowerCase();
    if (token.organizations && !(organization && token.organizations.includes(organization))) {
      return { status: 401, body: '', headers: { 'www-authenticate': 'Basic realm="https://dev.azure.com/"' } };
    }
    const granted = new Set(token.scopes.flatMap((s) => [s, ...(IMPLIED[s] ?? [])]));
    if (op.scopes.length && !op.scopes.some((s) => granted.has(s))) {
      return {
        status: 401,
        body: {
          $id: '1',
          message: `TF400813: The user '${token.identity.uniqueName}' is not authorized to access this resource.`,
          typeKey: 'UnauthorizedRequestException',
        },
      };
    }
    return token.identity;
  }

  function dispatch(req: IncomingMessage, url: URL, raw: Buffer, call: FakeCall): Reply | null {
    const method = req.method ?? 'GET';
    const match = spec.match(method, url.pathname, url.searchParams);
    if (!match.ok) return violation(match.error);
    call.operationId = match.op.operationId;
    let body: unknown;
    if (raw.length) {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return violation(`${method} ${url.pathname}: body without a JSON content type`);
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return violation(`${method} ${url.pathname}: body is not JSON`);
      }
    }
    const problems = spec.validate(match.op, match.pathParams, url.searchParams, body);
    if (problems.length) return violation(...problems);

    const fault = takeFault(method, url.pathname);
    if (fault?.hang) return null;
    if (fault && fault.status !== undefined && !fault.after) return { status: fault.status, body: fault.body ?? '', headers: fault.headers };

    const caller = authenticate(req, match.op, match.pathParams);
    let reply: Reply;
    if ('status' in caller) reply = caller;
    else {
      const handler = HANDLERS[match.op.operationId];
      if (!handler) return violation(`${method} ${match.op.template}: ${match.op.operationId} is valid but the fake does not implement it`);
      const ctx: HandlerContext = { state, base: fake.url, caller, pathParams: match.pathParams, query: url.searchParams, body };
      try {
        reply = handler(ctx);
      } catch (err) {
        if (!(err instanceof ReplyError)) throw err;
        reply = err.reply;
      }
    }
    if (fault?.status !== undefined) return { status: fault.status, body: fault.body ?? '', headers: fault.headers };
    return fault?.headers ? { ...reply, headers: { ...reply.headers, ...fault.headers } } : reply;
  }

  function violation(...problems: string[]): Reply {
    fake.violations.push(...problems);
    return { status: 400, body: { $id: '1', message: `Fake Azure DevOps: ${problems.join('; ')}`, typeKey: 'SpecViolation' } };
  }

  function send(res: ServerResponse, reply: Reply): void {
    const isText = typeof reply.body === 'string';
    const payload = isText ? (reply.body as string) : JSON.stringify(reply.body ?? null);
    res.writeHead(reply.status, {
      'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8; api-version=7.1',
      ...reply.headers,
    });
    res.end(reply.status === 204 ? undefined : payload);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', fake.url);
      const call: FakeCall = { method: req.method ?? 'GET', path: url.pathname, query: url.search, operationId: null, status: 0 };
      fake.calls.push(call);
      try {
        const reply = dispatch(req, url, Buffer.concat(chunks), call);
        if (!reply) return;
        call.status = reply.status;
        send(res, reply);
      } catch (err) {
        call.status = 500;
        fake.violations.push(`fake crashed on ${call.method} ${call.path}: ${(err as Error).stack}`);
        send(res, { status: 500, body: { message: 'fake crashed' } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
