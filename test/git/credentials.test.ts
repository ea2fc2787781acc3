import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN } from '../fakes/github/seed.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import { startTestBaton, type TestBaton } from '../support/baton.ts';
import { addMember, createTicket, eventually, type GitHubWorld, startGitHubWorld, startWork } from './world.ts';

describe('git credentials', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld();
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  const post = (body: Record<string, unknown>, user = w.dev) =>
    user.api.post('/api/me/credentials', { provider: 'github', owner: 'acme', baseUrl: w.fake.url, ...body });

  it('lists login, scopes, last 4 and expiry, and never the token', async () => {
    const res = await w.dev.api.get('/api/me/credentials');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String),
        provider: 'github',
        owner: 'acme',
        baseUrl: w.fake.url,
        login: 'octo',
        scopes: ['repo', 'read:org'],
        missing: [],
        last4: TOKEN.slice(-4),
        expiresAt: null,
        validatedAt: expect.any(String),
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(TOKEN.slice(0, -4));
    const stored = await w.baton.ctx.db.kysely.selectFrom('git_credentials').select('token_ciphertext').where('login', '=', 'octo').executeTakeFirstOrThrow();
    expect(stored.token_ciphertext).not.toContain(TOKEN);
    expect(w.baton.ctx.secrets.open(stored.token_ciphertext)).toBe(TOKEN);
  });

  it('refuses a token GitHub rejects (401) with 422 and saves nothing', async () => {
    const before = (await w.dev.api.get('/api/me/credentials')).body.items;
    const res = await post({ owner: 'other', token: 'ghp_doesNotExist0000' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/^Could not add the GitHub token for other: GitHub rejected the token for 127\.0\.0\.1:\d+: Bad credentials$/);
    expect((await w.dev.api.get('/api/me/credentials')).body.items).toEqual(before);
  });

  it('refuses a classic token without the repo scope, naming it', async () => {
    w.fake.state.addToken('ghp_publicOnly0000', { kind: 'classic', login: 'octo', scopes: ['public_repo'] });
    const res = await post({ owner: 'widgets', token: 'ghp_publicOnly0000' });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({
      message: 'GitHub token (octo) lacks the repo scope on widgets; grant it and add the token again',
      details: { missing: ['repo'], login: 'octo' },
    });
  });

  it('names the permissions a fine-grained token lacks (403 probes)', async () => {
    w.fake.state.addToken('github_pat_readOnly', {
      kind: 'fine-grained',
      login: 'octo',
      owner: 'acme',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'read' },
    });
    const res = await post({ owner: 'acme', token: 'github_pat_readOnly', baseUrl: w.fake.url }, w.rhea);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('GitHub token (octo) lacks Pull requests: write on acme; grant it and add the token again');
  });

  it('reads the expiry, and rotates a credential in place when added again', async () => {
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    expiresAt.setUTCMilliseconds(0);
    w.fake.state.addToken('github_pat_rotated01', {
      kind: 'fine-grained',
      login: 'rhea',
      owner: 'acme',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
      expiresAt,
    });
    const before = (await w.rhea.api.get('/api/me/credentials')).body.items;
    const res = await post({ token: 'github_pat_rotated01' }, w.rhea);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: before[0].id, login: 'rhea', scopes: [], missing: [], last4: 'ed01', expiresAt: expiresAt.toISOString() });
    expect((await w.rhea.api.get('/api/me/credentials')).body.items).toHaveLength(1);
  });

  it('keeps credentials private to their owner', async () => {
    const mine = (await w.dev.api.get('/api/me/credentials')).body.items[0];
    const other = await w.baton.addUser({ name: 'Other' });
    await addMember(w.dev, w.projectId, other);
    expect((await other.api.get('/api/me/credentials')).body.items).toEqual([]);
    expect((await other.api.delete(`/api/me/credentials/${mine.id}`)).status).toBe(404);
    const listing = await other.api.get(`/api/projects/${w.projectId}/repositories/available?credentialId=${mine.id}`);
    expect(listing.status).toBe(404);
    expect(listing.body.error.message).toBe('Credential not found');
  });

  it('refuses plain http and private addresses for a base URL', async () => {
    for (const [baseUrl, field] of [
      ['https://10.0.0.7/api/v3', /private/],
      ['https://192.168.1.20/api/v3', /private/],
      ['https://[::1]/api/v3', /private/],
      ['http://ghe.example.com/api/v3', /https/],
      ['https://user:pw@ghe.example.com/api/v3', /must not contain a user name or password/],
    ] as const) {
      const res = await post({ token: TOKEN, baseUrl });
      expect(res.status, baseUrl).toBe(422);
      expect(res.body.error.details.fields.baseUrl, baseUrl).toMatch(field);
    }
  });

  it('deletes a credential', async () => {
    const gone = await w.baton.addUser({ name: 'Leaving' });
    w.fake.state.addUser('leaving');
    w.fake.state.addToken('ghp_leaving0000', { kind: 'classic', login: 'leaving', scopes: ['repo'] });
    const created = await post({ token: 'ghp_leaving0000' }, gone);
    expect((await gone.api.delete(`/api/me/credentials/${created.body.id}`)).status).toBe(204);
    expect((await gone.api.get('/api/me/credentials')).body.items).toEqual([]);
  });
});

describe('base URLs without an allowlist', () => {
  let baton: TestBaton;
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await startFakeGitHub();
    baton = await startTestBaton({ env: { BATON_ALLOWED_PROVIDER_HOSTS: '' } });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
  });

  it('refuses a loopback provider and never calls it', async () => {
    const user = await baton.addUser();
    const res = await user.api.post('/api/me/credentials', { provider: 'github', owner: 'acme', token: TOKEN, baseUrl: fake.url.replace('http:', 'https:') });
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.baseUrl).toMatch(/BATON_ALLOWED_PROVIDER_HOSTS/);
    expect(fake.calls).toEqual([]);
  });
});

describe('GitHub Enterprise Server (/api/v3)', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld({ pathPrefix: '/api/v3' });
  });
  afterAll(() => w?.close());

  it('validates the credential and runs Start work under the base URL', async () => {
    expect(w.fake.url).toMatch(/\/api\/v3$/);
    const { key } = await createTicket(w.dev, w.projectId);
    const ticket = await startWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(w.repo.pulls).toHaveLength(1);
    expect(ticket.pullRequests[0].url).toBe(`${new URL(w.fake.url).origin}/acme/api/pull/1`);
    expect(w.fake.violations).toEqual([]);
  });
});

describe('what uses a credential, named before it is deleted', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld();
  });
  afterAll(() => w?.close());

  it('names the repositories linked with it and the Start work running with it now; only to its owner', async () => {
    const [credential] = (await w.dev.api.get('/api/me/credentials')).body.items;
    const before = await w.dev.api.get(`/api/me/credentials/${credential.id}/usage`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ repositories: [{ projectKey: 'PAY', projectName: expect.any(String), owner: 'acme', name: 'api' }], startWork: [] });

    // GitHub never answers the first call of the flow, so it is still running while the usage is read.
    w.fake.fail({ path: /^\/repos\/acme\/api/, hang: true });
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Hangs at GitHub' });
    expect((await w.dev.api.post(`/api/tickets/${key}/start`)).status).toBe(202);
    await eventually(async () => w.fake.calls.some((c) => c.status === 0), { what: 'the flow to reach GitHub' });
    const during = (await w.dev.api.get(`/api/me/credentials/${credential.id}/usage`)).body;
    expect(during.startWork).toEqual([{ ticketKey: key, title: 'Hangs at GitHub' }]);

    // Somebody else's credential is not theirs to look into.
    expect((await w.rhea.api.get(`/api/me/credentials/${credential.id}/usage`)).status).toBe(404);
    expect((await w.dev.api.get('/api/me/credentials/not-an-id/usage')).status).toBe(400);
  });
});
