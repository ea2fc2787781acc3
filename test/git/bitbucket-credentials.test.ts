import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DANA_TOKEN, FULL_SCOPES, seedAcme } from '../fakes/bitbucket/seed.ts';
import { type FakeBitbucket, startFakeBitbucket } from '../fakes/bitbucket/server.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { addCredential } from './world.ts';

describe('Bitbucket credentials and repositories', () => {
  let fake: FakeBitbucket;
  let baton: TestBaton;
  let dana: TestUser;
  let world: ReturnType<typeof seedAcme>;
  beforeAll(async () => {
    fake = await startFakeBitbucket();
    world = seedAcme(fake);
    baton = await startTestBaton();
    dana = await baton.addUser({ name: 'Dana Developer' });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  const post = (body: Record<string, unknown>) => dana.api.post('/api/me/credentials', { provider: 'bitbucket', owner: 'acme', baseUrl: fake.url, ...body });
  const stored = async () => (await dana.api.get('/api/me/credentials')).body.items.filter((c: { provider: string }) => c.provider === 'bitbucket');

  it('describes itself to the web app: workspace, the Atlassian email field kept with the credential, scopes, webhook steps', async () => {
    const { items } = (await dana.api.get('/api/providers')).body;
    const bitbucket = items.find((p: { kind: string }) => p.kind === 'bitbucket');
    expect(bitbucket).toMatchObject({
      label: 'Bitbucket Cloud',
      defaultBaseUrl: 'https://api.bitbucket.org/2.0',
      owner: { label: 'Workspace' },
      settings: [{ name: 'baseUrl', required: false }],
      credential: {
        scopes: FULL_SCOPES,
        fields: [{ name: 'email', label: 'Atlassian account email', type: 'email', required: true, kept: true }, { name: 'baseUrl' }],
      },
      webhooks: { contentType: 'application/json', events: ['Pull Request: Created', 'Updated', 'Approved', 'Approval removed', 'Merged', 'Declined'] },
    });
    expect(bitbucket.webhooks.steps.join('\n')).toMatch(/URL: \{url\}/);
  });

  it('requires the Atlassian account email, as an email address, and saves nothing without it', async () => {
    const missing = await post({ token: DANA_TOKEN });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({
      message: expect.stringContaining('Atlassian account email'),
      details: { fields: { email: expect.stringMatching(/^Atlassian account email is required for Bitbucket Cloud: /) } },
    });
    const malformed = await post({ token: DANA_TOKEN, email: 'dana at acme' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.fields.email).toBe('Atlassian account email must be an email address, such as ana@example.com.');
    expect(await stored()).toEqual([]);
  });

  it('refuses an email and token Bitbucket does not know together, never echoing the token', async () => {
    const res = await post({ token: DANA_TOKEN, email: 'someone-else@acme.test' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(
      /^Could not add the Bitbucket Cloud token for acme: Bitbucket \(127\.0\.0\.1:\d+\) rejected the Atlassian account email and API token/,
    );
    expect(JSON.stringify(res.body)).not.toContain(DANA_TOKEN);
    expect(await stored()).toEqual([]);
  });

  it('names exactly the scopes a token lacks', async () => {
    fake.state.addApiToken(world.dana, 'narrow-token-0123456789', ['read:user:bitbucket', 'read:repository:bitbucket']);
    const res = await post({ token: 'narrow-token-0123456789', email: 'dana@acme.test' });
    expect(res.status).toBe(422);
    expect(res.body.error.details.missing).toEqual([
      'read:workspace:bitbucket',
      'write:repository:bitbucket',
      'read:pullrequest:bitbucket',
      'write:pullrequest:bitbucket',
    ]);
    expect(res.body.error.message).toBe(
      'Bitbucket Cloud token (dana) lacks read:workspace:bitbucket, write:repository:bitbucket, read:pullrequest:bitbucket, write:pullrequest:bitbucket on acme; grant it and add the token again',
    );
  });

  it('saves a good token with its email shown back, the token never, and the account UUID for reviews', async () => {
    const res = await post({ token: DANA_TOKEN, email: 'dana@acme.test' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      provider: 'bitbucket',
      owner: 'acme',
      email: 'dana@acme.test',
      login: 'dana',
      scopes: FULL_SCOPES,
      missing: [],
      last4: DANA_TOKEN.slice(-4),
    });
    expect(JSON.stringify(await stored())).not.toContain(DANA_TOKEN);
    expect((await stored())[0].email).toBe('dana@acme.test');
    const row = await baton.ctx.db.kysely.selectFrom('git_credentials').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow();
    expect(row.external_user_id).toBe(world.dana.uuid);
    expect(row.token_ciphertext).not.toContain(DANA_TOKEN);
  });

  it('lists and searches the workspace’s repositories, and links one', async () => {
    fake.state.addRepo({ workspace: 'acme', slug: 'web' });
    fake.state.addRepo({ workspace: 'acme', slug: 'billing-worker' });
    const project = await dana.api.post('/api/projects', { key: 'BBL', name: 'Bitbucket', provider: 'bitbucket', settings: { baseUrl: fake.url } });
    expect(project.status).toBe(201);
    const credentialId = await addCredential(dana, { provider: 'bitbucket', owner: 'acme', email: 'dana@acme.test', token: DANA_TOKEN, baseUrl: fake.url });
    const all = await dana.api.get(`/api/projects/${project.body.id}/repositories/available?credentialId=${credentialId}`);
    expect(all.body.items.map((r: { name: string }) => r.name)).toEqual(['api', 'billing-worker', 'web']);
    const found = await dana.api.get(`/api/projects/${project.body.id}/repositories/available?credentialId=${credentialId}&search=bill`);
    expect(found.body.items).toEqual([{ owner: 'acme', name: 'billing-worker', defaultBranch: 'main', private: true }]);
    const linked = await dana.api.post(`/api/projects/${project.body.id}/repositories`, { credentialId, owner: 'acme', name: 'api' });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ owner: 'acme', name: 'api', defaultBranch: 'main' });
  });
});
