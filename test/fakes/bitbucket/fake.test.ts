import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AcmeWorld, basicAuth, DANA_TOKEN, FULL_SCOPES, seedAcme } from './seed.ts';
import { type FakeBitbucket, startFakeBitbucket } from './server.ts';
import { bitbucketSpec } from './spec.ts';

let fake: FakeBitbucket;
let world: AcmeWorld;
const DANA = basicAuth('dana@acme.test', DANA_TOKEN);

async function call(method: string, path: string, options: { json?: unknown; form?: Record<string, string>; auth?: string } = {}) {
  const headers: Record<string, string> = { authorization: options.auth ?? DANA };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const res = await fetch(`${fake.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, json };
}

/** The fake's own answers must fit the description's response schemas. */
function expectConforming(route: string, status: number, body: unknown) {
  expect(bitbucketSpec().checkResponse(route, status, body)).toEqual([]);
}

beforeEach(async () => {
  fake = await startFakeBitbucket();
  world = seedAcme(fake);
});

afterEach(async () => {
  await fake.close();
  expect(fake.violations).toEqual([]);
});

describe('fake Bitbucket: checks requests against the description', () => {
  it('answers 400 and records unknown paths, wrong methods, undeclared query parameters and bad bodies', async () => {
    expect((await call('GET', '/repositories/acme/api/pullz')).status).toBe(400);
    await call('DELETE', '/user');
    await call('GET', '/repositories/acme/api/pullrequests?status=OPEN');
    await call('GET', '/repositories/acme/api/pullrequests?state=CLOSED');
    await call('POST', '/repositories/acme/api/pullrequests', { json: { title: 7, sourc: {} } });
    await call('POST', '/repositories/acme/api/src', { json: { branch: 'x' } });
    expect(fake.violations).toEqual([
      "GET /repositories/acme/api/pullz: no path in Bitbucket's Swagger description matches /repositories/acme/api/pullz",
      "DELETE /user: DELETE is not an operation of /user in Bitbucket's Swagger description",
      'GET /repositories/acme/api/pullrequests: query parameter "status" is not declared for GET /repositories/{workspace}/{repo_slug}/pullrequests',
      'GET /repositories/acme/api/pullrequests: query parameter state/0 must be equal to one of the allowed values',
      'POST /repositories/acme/api/pullrequests: body/title must be string',
      'POST /repositories/acme/api/pullrequests: body has unknown property "sourc"',
      'POST /repositories/acme/api/src: body sent as application/json, not application/x-www-form-urlencoded',
    ]);
    fake.violations.length = 0;
  });

  it('accepts the documented paging, filtering and sorting parameters on every listing', async () => {
    const res = await call('GET', '/repositories/acme?role=member&pagelen=1&q=name%20~%20%22ap%22&sort=-updated_on&fields=values.name');
    expect(res.status).toBe(200);
    expect(res.json.values.map((r: any) => r.slug)).toEqual(['api']);
  });
});

describe('fake Bitbucket: authentication and scopes', () => {
  it('identifies an Atlassian API token sent as Basic email:token and answers the description’s account shape', async () => {
    const res = await call('GET', '/user');
    expect(res.json).toMatchObject({ uuid: world.dana.uuid, account_id: world.dana.accountId, display_name: 'Dana Developer' });
    expectConforming('GET /user', 200, res.json);
    expect((await call('GET', '/user', { auth: basicAuth('someone@acme.test', DANA_TOKEN) })).status).toBe(401);
  });

  it('names the scopes required and granted in a 403, one operation at a time (write does not imply read)', async () => {
    fake.state.addApiToken(world.dana, 'write-only', ['write:repository:bitbucket', 'write:pullrequest:bitbucket']);
    const auth = basicAuth('dana@acme.test', 'write-only');
    const res = await call('GET', '/repositories/acme/api/refs/branches/main', { auth });
    expect(res).toMatchObject({
      status: 403,
      json: {
        type: 'error',
        error: {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { required: ['read:repository:bitbucket'], granted: ['write:repository:bitbucket', 'write:pullrequest:bitbucket'] },
        },
      },
    });
    const pr = await call('POST', '/repositories/acme/api/pullrequests', { auth, json: { title: 't', source: { branch: { name: 'main' } } } });
    expect(pr.json.error.detail.required).toEqual(['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket']);
  });

  it('refuses the user endpoint to an access token, which acts as a bot', async () => {
    fake.state.addAccessToken('workspace-access-token', 'acme', null, FULL_SCOPES);
    const res = await call('GET', '/user', { auth: 'Bearer workspace-access-token' });
    expect(res).toMatchObject({ status: 403, json: { error: { message: 'This API is not accessible by this authentication mechanism.' } } });
    expect((await call('GET', '/repositories/acme/api', { auth: 'Bearer workspace-access-token' })).status).toBe(200);
  });

  it('answers 429 past the hourly request limit', async () => {
    fake.hourlyLimit = 2;
    expect((await call('GET', '/user')).status).toBe(200);
    expect((await call('GET', '/user')).status).toBe(200);
    const limited = await call('GET', '/user');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('2');
  });
});

describe('fake Bitbucket: repositories, branches and commits', () => {
  it('lists only repositories the caller is a member of, in pages with a next link', async () => {
    for (const slug of ['web', 'worker']) fake.state.addRepo({ workspace: 'acme', slug });
    const first = await call('GET', '/repositories/acme?role=member&pagelen=2&sort=slug');
    expect(first.json.values.map((r: any) => r.slug)).toEqual(['api', 'web']);
    expectConforming('GET /repositories/{workspace}', 200, first.json);
    const next = await fetch(first.json.next, { headers: { authorization: DANA } }).then((r) => r.json());
    expect(next.values.map((r: any) => r.slug)).toEqual(['worker']);
    expect(next.next).toBeUndefined();
    const olga = fake.state.addAccount('olga2', 'Olga');
    fake.state.addApiToken(olga, 'olga', FULL_SCOPES);
    expect((await call('GET', '/repositories/acme?role=member&pagelen=1', { auth: basicAuth(olga.email, 'olga') })).json.values).toEqual([]);
  });

  it('creates a branch and a commit in one form post, then refuses a stale parent with 409', async () => {
    const main = (await call('GET', '/repositories/acme/api/refs/branches/main')).json;
    expectConforming('GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}', 200, main);
    const created = await call('POST', '/repositories/acme/api/src', {
      form: { branch: 'feature/PAY-1', parents: main.target.hash, message: 'PAY-1: spec', '/.tickets/PAY-1.md': '# PAY-1\n' },
    });
    expect(created.status).toBe(201);
    const hash = fake.state.repo('acme', 'api')!.branches.get('feature/PAY-1')!;
    expect(created.headers.get('location')).toBe(`${fake.url}/repositories/acme/api/commit/${hash}`);
    expect(fake.state.file(world.repo, 'feature/PAY-1', '.tickets/PAY-1.md')).toBe('# PAY-1\n');
    expect(fake.state.commits.get(hash)!.parents).toEqual([main.target.hash]);

    const again = await call('POST', '/repositories/acme/api/src', { form: { branch: 'feature/PAY-1', parents: main.target.hash, '/.tickets/PAY-1.md': 'x' } });
    expect(again.status).toBe(409);
    const onTip = await call('POST', '/repositories/acme/api/src', { form: { branch: 'feature/PAY-1', parents: hash, '/.tickets/PAY-1.md': '# PAY-1 v2\n' } });
    expect(onTip.status).toBe(201);
    expect((await call('GET', `/repositories/acme/api/src/feature%2FPAY-1/.tickets/PAY-1.md`)).json).toBe('# PAY-1 v2\n');
  });

  it('answers 403 to a write by a read-only member and 404 to an outsider', async () => {
    world.repo.permissions.set(world.rui.uuid, 'read');
    fake.state.addApiToken(world.rui, 'rui-token', FULL_SCOPES);
    const rui = basicAuth(world.rui.email, 'rui-token');
    expect((await call('POST', '/repositories/acme/api/src', { auth: rui, form: { branch: 'x', '/a.md': 'a' } })).status).toBe(403);
    fake.state.addApiToken(world.olga, 'olga-token', FULL_SCOPES);
    expect((await call('GET', '/repositories/acme/api', { auth: basicAuth(world.olga.email, 'olga-token') })).status).toBe(404);
  });
});

describe('fake Bitbucket: pull requests and reviewers', () => {
  const open = (json: Record<string, unknown>) => call('POST', '/repositories/acme/api/pullrequests', { json });
  const source = { branch: { name: 'feature/PAY-1' } };

  beforeEach(() => {
    fake.state.writeFiles(world.repo, 'feature/PAY-1', { '.tickets/PAY-1.md': 'spec' }, 'spec', world.dana);
  });

  it('opens a pull request with a reviewer by UUID and finds it by BBQL on its source branch', async () => {
    const res = await open({
      title: 'PAY-1: Refunds',
      description: '- [ ] a',
      source,
      destination: { branch: { name: 'main' } },
      reviewers: [{ uuid: world.rui.uuid }],
      draft: true,
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: 1, state: 'OPEN', draft: true, reviewers: [{ uuid: world.rui.uuid }], author: { uuid: world.dana.uuid } });
    expectConforming('POST /repositories/{workspace}/{repo_slug}/pullrequests', 201, res.json);
    const q = encodeURIComponent('source.branch.name = "feature/PAY-1" AND state = "OPEN"');
    const found = await call('GET', `/repositories/acme/api/pullrequests?q=${q}&pagelen=1`);
    expect(found.json.values.map((p: any) => p.id)).toEqual([1]);
    expectConforming('GET /repositories/{workspace}/{repo_slug}/pullrequests', 200, found.json);
    expect((await open({ title: 'again', source })).status).toBe(400);
  });

  it('answers the reviewer 400s under error.fields.reviewers and opens nothing', async () => {
    const cases: [unknown, string][] = [
      [[{ uuid: world.dana.uuid }], 'Dana Developer is the author and cannot be included as a reviewer.'],
      [[{ uuid: world.olga.uuid }], 'Olga Outsider is not a member of this workspace and cannot be added to this pull request.'],
      [[{ username: 'rui' }], 'Malformed reviewers list'],
      [[{ uuid: '{00000000-0000-0000-0000-000000000000}' }], 'Malformed reviewers list'],
    ];
    for (const [reviewers, reason] of cases) {
      const res = await open({ title: 't', source, reviewers });
      expect(res).toMatchObject({ status: 400, json: { type: 'error', error: { message: `reviewers: ${reason}`, fields: { reviewers: [reason] } } } });
    }
    expect(world.repo.pulls).toEqual([]);
  });

  it('lists by state (repeated), an updated_on watermark and -updated_on, in pages of at most 50', async () => {
    for (const branch of ['a', 'b', 'c']) {
      fake.state.writeFiles(world.repo, branch, { [`${branch}.md`]: branch }, branch, world.dana);
      fake.state.addPull(world.repo, { sourceBranch: branch, author: world.dana });
    }
    const [a, b] = world.repo.pulls;
    fake.merge(world.repo, a!, world.rui);
    fake.decline(world.repo, b!, world.rui, 'not now');
    const watermark = b!.createdOn;
    const q = encodeURIComponent(`updated_on > "${watermark}"`);
    const res = await call(
      'GET',
      `/repositories/acme/api/pullrequests?state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED&sort=-updated_on&q=${q}&pagelen=50`,
    );
    expect(res.json.values.map((p: any) => [p.id, p.state])).toEqual([
      [2, 'DECLINED'],
      [1, 'MERGED'],
      [3, 'OPEN'],
    ]);
    expect((await call('GET', '/repositories/acme/api/pullrequests?pagelen=51')).status).toBe(400);
    expect((await call('GET', `/repositories/acme/api/pullrequests?q=${encodeURIComponent('updated_on >')}`)).status).toBe(400);
  });

  it('updates title, description and reviewers with PUT', async () => {
    await open({ title: 't', source });
    const res = await call('PUT', '/repositories/acme/api/pullrequests/1', { json: { title: 'PAY-1: new', reviewers: [{ uuid: world.rui.uuid }] } });
    expect(res.json).toMatchObject({ title: 'PAY-1: new', reviewers: [{ uuid: world.rui.uuid }] });
    expectConforming('PUT /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}', 200, res.json);
  });
});

describe('fake Bitbucket: faults', () => {
  it('answers an injected fault once, or after carrying the request out', async () => {
    fake.fail({ method: 'GET', path: '/user', status: 502 });
    expect((await call('GET', '/user')).status).toBe(502);
    expect((await call('GET', '/user')).status).toBe(200);
    fake.fail({ method: 'POST', path: '/repositories/acme/api/src', status: 500, after: true });
    expect((await call('POST', '/repositories/acme/api/src', { form: { branch: 'lost', '/a.md': 'a' } })).status).toBe(500);
    expect(world.repo.branches.has('lost')).toBe(true);
    expect(fake.calls.map((c) => [c.route, c.status])).toEqual([
      ['GET /user', 502],
      ['GET /user', 200],
      ['POST /repositories/{workspace}/{repo_slug}/src', 500],
    ]);
  });
});

describe('fake Bitbucket: webhooks', () => {
  it('signs deliveries with the hook secret, names the event and resends a 5xx with the same request UUID', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(received.length === 1 ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    fake.state.addHook(world.repo, { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: 'hook-secret' });
    fake.state.writeFiles(world.repo, 'feature/PAY-2', { 'x.md': 'x' }, 'x', world.dana);
    await call('POST', '/repositories/acme/api/pullrequests', { json: { title: 'PAY-2', source: { branch: { name: 'feature/PAY-2' } } } });
    await fake.webhooks.idle();
    receiver.close();

    expect(received.map((r) => [r.headers['x-event-key'], r.headers['x-attempt-number']])).toEqual([
      ['pullrequest:created', '1'],
      ['pullrequest:created', '2'],
    ]);
    expect(received[0]!.headers['x-request-uuid']).toBe(received[1]!.headers['x-request-uuid']);
    const expected = `sha256=${createHmac('sha256', 'hook-secret').update(received[0]!.body).digest('hex')}`;
    expect(received[0]!.headers['x-hub-signature']).toBe(expected);
    const payload = JSON.parse(received[0]!.body);
    expect(payload).toMatchObject({
      actor: { uuid: world.dana.uuid },
      pullrequest: { id: 1, state: 'OPEN', source: { branch: { name: 'feature/PAY-2' } } },
      repository: { full_name: 'acme/api' },
    });
    expect(fake.webhooks.deliveries[0]!.attempts).toEqual([503, 200]);
  });
});
