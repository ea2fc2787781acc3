import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEV_TOKEN, seedAcme } from '../fakes/gitea/seed.ts';
import { type FakeGitea, startFakeGitea } from '../fakes/gitea/server.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { createProject } from './world.ts';

describe('Gitea and Forgejo credentials and repositories', () => {
  let gitea: FakeGitea;
  let forgejo: FakeGitea;
  let baton: TestBaton;
  let dev: TestUser;

  beforeAll(async () => {
    gitea = await startFakeGitea();
    forgejo = await startFakeGitea({ flavour: 'forgejo', subpath: '/git' });
    seedAcme(gitea);
    seedAcme(forgejo);
    baton = await startTestBaton();
    dev = await baton.addUser({ name: 'Dev Eloper' });
  });
  afterAll(async () => {
    await baton?.stop();
    await gitea?.close();
    await forgejo?.close();
  });
  afterEach(() => {
    expect(gitea.violations).toEqual([]);
    expect(forgejo.violations).toEqual([]);
  });

  const post = (user: TestUser, body: Record<string, unknown>) => user.api.post('/api/me/credentials', { provider: 'gitea', owner: 'acme', ...body });
  const stored = async () => (await dev.api.get('/api/me/credentials')).body.items.filter((c: { provider: string }) => c.provider === 'gitea');

  it('describes itself to the web app: label, required base URL, the scopes the check looks for, both webhook wordings', async () => {
    const { items } = (await dev.api.get('/api/providers')).body;
    const gitea = items.find((p: { kind: string }) => p.kind === 'gitea');
    expect(gitea).toMatchObject({
      label: 'Gitea / Forgejo',
      defaultBaseUrl: null,
      settings: [{ name: 'baseUrl', required: true, type: 'url', placeholder: 'https://codeberg.org/api/v1' }],
      credential: { scopes: ['read:user', 'write:repository'], fields: [{ name: 'baseUrl', required: true }] },
      webhooks: { contentType: 'application/json', events: ['Pull Request'] },
    });
    expect(gitea.credential.tokenHelp).toMatch(/read:user and write:repository.*Forgejo token limited to specific repositories/);
    expect(gitea.webhooks.steps.join(' ')).toMatch(/Add webhook → Gitea.*Add webhook → Forgejo/);
  });

  it('requires the base URL, and completes a server address to its API root, subpath installs included', async () => {
    const missing = await post(dev, { token: DEV_TOKEN });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.fields.baseUrl).toMatch(/^API base URL is required for Gitea \/ Forgejo: .*ending in \/api\/v1/);

    const saved = await post(dev, { token: DEV_TOKEN, baseUrl: `${forgejo.webUrl}/` });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ provider: 'gitea', owner: 'acme', baseUrl: forgejo.url, login: 'dev', missing: [], last4: '0001' });
    expect(forgejo.url).toMatch(/\/git\/api\/v1$/);
    const project = await dev.api.post('/api/projects', { key: 'CMP', name: 'Completed', provider: 'gitea', settings: { baseUrl: forgejo.webUrl } });
    expect(project.body.settings).toEqual({ baseUrl: forgejo.url });
  });

  it.each([
    ['GitHub Enterprise API root', '/api/v3'],
    ['bare /api', '/api'],
    ['an API path below the root', '/api/v1/repos'],
  ])('refuses a base URL that is not a Gitea API root (%s), for credentials and projects alike', async (_case, path) => {
    const credential = await post(dev, { token: DEV_TOKEN, baseUrl: `${gitea.webUrl}${path}` });
    expect(credential.status).toBe(422);
    expect(credential.body.error.message).toContain(`API base URL ${gitea.webUrl}${path} is not a Gitea / Forgejo API root: `);
    expect(credential.body.error.details.fields.baseUrl).toMatch(/ending in \/api\/v1 \(e\.g\. https:\/\/codeberg\.org\/api\/v1\)/);
    const project = await dev.api.post('/api/projects', { key: 'BAD', name: 'Bad', provider: 'gitea', settings: { baseUrl: `${gitea.webUrl}${path}` } });
    expect(project.status).toBe(422);
    expect(Object.keys(project.body.error.details.fields)).toEqual(['settings.baseUrl']);
  });

  it('refuses a token the server does not know, saving nothing', async () => {
    const before = await stored();
    const res = await post(dev, { token: 'not-a-real-token-000', baseUrl: gitea.url });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/^Could not add the Gitea \/ Forgejo token for acme: Gitea \(127\.0\.0\.1:\d+\) rejected the token/);
    expect(res.body.error.message).not.toContain('not-a-real-token');
    expect(await stored()).toEqual(before);
  });

  it('names a missing write:repository scope', async () => {
    gitea.state.addToken('read-only-token', { login: 'dev', scopes: ['read:user', 'read:repository'] });
    const res = await post(dev, { token: 'read-only-token', baseUrl: gitea.url });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('Gitea / Forgejo token (dev) lacks write:repository on acme; grant it and add the token again');
    expect(res.body.error.details).toMatchObject({
      missing: ['write:repository'],
      fields: { token: 'Token lacks write:repository on acme; grant it and add the token again.' },
    });
  });

  it('explains why a Forgejo token limited to repositories cannot be used', async () => {
    forgejo.state.addToken('repo-limited-token', { login: 'dev', scopes: ['write:repository', 'write:issue'], repositories: ['acme/api'] });
    const res = await post(dev, { token: 'repo-limited-token', baseUrl: forgejo.url });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe(
      'Gitea / Forgejo token lacks read:user on acme; grant it and add the token again. Baton learns whose token it is with read:user. A Forgejo token limited to specific repositories cannot have that scope: create one with access to all repositories',
    );
  });

  it('keeps one credential per server and owner: two servers side by side, the same one again rotates', async () => {
    const first = await post(dev, { token: DEV_TOKEN, baseUrl: gitea.url });
    expect(first.status).toBe(201);
    gitea.state.addToken('gitea-rotated-token-9999', { login: 'dev', scopes: ['all'] });
    const rotated = await post(dev, { token: 'gitea-rotated-token-9999', baseUrl: gitea.webUrl });
    expect(rotated.body.id).toBe(first.body.id);
    expect(rotated.body.last4).toBe('9999');
    expect((await stored()).map((c: { baseUrl: string; owner: string }) => `${c.baseUrl} ${c.owner}`).sort()).toEqual(
      [`${gitea.url} acme`, `${forgejo.url} acme`].sort(),
    );
  });

  it('lists and searches an owner’s repositories with a token that has no read:organization, and links one', async () => {
    gitea.state.addRepo({ owner: 'acme', name: 'web', private: false });
    const credentialId = (await stored()).find((c: { baseUrl: string }) => c.baseUrl === gitea.url).id;
    const projectId = await createProject(dev, { key: 'REP', provider: 'gitea', settings: { baseUrl: gitea.url } });
    const all = await dev.api.get(`/api/projects/${projectId}/repositories/available?credentialId=${credentialId}`);
    expect(all.body).toEqual({
      items: [
        { owner: 'acme', name: 'api', defaultBranch: 'main', private: true },
        { owner: 'acme', name: 'web', defaultBranch: 'main', private: false },
      ],
      hasMore: false,
    });
    const found = await dev.api.get(`/api/projects/${projectId}/repositories/available?credentialId=${credentialId}&search=we`);
    expect(found.body.items.map((r: { name: string }) => r.name)).toEqual(['web']);
    expect(gitea.calls.some((c) => c.path.startsWith('/orgs/'))).toBe(false);

    const linked = await dev.api.post(`/api/projects/${projectId}/repositories`, { credentialId, owner: 'acme', name: 'api' });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ owner: 'acme', name: 'api', defaultBranch: 'main', webUrl: `${gitea.webUrl}/acme/api` });
    const forgejoCredential = (await stored()).find((c: { baseUrl: string }) => c.baseUrl === forgejo.url).id;
    const wrongServer = await dev.api.post(`/api/projects/${projectId}/repositories`, { credentialId: forgejoCredential, owner: 'acme', name: 'api' });
    expect(wrongServer.status).toBe(422);
    expect(wrongServer.body.error.details.fields).toEqual({
      credentialId: `That credential is for ${forgejo.url}; this project's repositories are on ${gitea.url}.`,
    });
  });
});

describe('Gitea servers on private addresses', () => {
  it('are refused unless an admin lists them in BATON_ALLOWED_PROVIDER_HOSTS, and the error says so', async () => {
    const baton = await startTestBaton({ env: { BATON_ALLOWED_PROVIDER_HOSTS: '' } });
    try {
      const dev = await baton.addUser();
      for (const baseUrl of ['https://10.1.2.3', 'https://127.0.0.1:3000/api/v1']) {
        const credential = await dev.api.post('/api/me/credentials', { provider: 'gitea', owner: 'acme', token: DEV_TOKEN, baseUrl });
        expect(credential.status).toBe(422);
        expect(credential.body.error.details.fields.baseUrl).toContain('BATON_ALLOWED_PROVIDER_HOSTS');
        const project = await dev.api.post('/api/projects', { key: 'PRV', name: 'Private', provider: 'gitea', settings: { baseUrl } });
        expect(project.status).toBe(422);
        expect(project.body.error.details.fields['settings.baseUrl']).toContain('BATON_ALLOWED_PROVIDER_HOSTS');
      }
    } finally {
      await baton.stop();
    }
  });
});
