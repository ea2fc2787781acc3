import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeApp } from '../fakes/github/app.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import type { TestBaton, TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject } from '../webhooks/support.ts';
import { BROWSER_ACCEPT, type Browser, browser, callback, startAppBaton, stateOf } from './support.ts';

describe.each(engines)('installing and authorising the GitHub App on %s', (engine) => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let tab: Browser;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addUser('mallory');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addOrg('evil', ['mallory']);
    for (const name of ['api', 'web']) fake.state.addRepo({ owner: 'acme', name });
    fake.state.addRepo({ owner: 'evil', name: 'loot' });
    app = fake.state.registerApp({ slug: 'baton-acme' });
    baton = await startAppBaton(engine, fake, app);
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'APP', settings: { baseUrl: fake.url } });
    tab = await browser(baton, owner.id);
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  const install = async () => (await tab.post('/api/github-app/install', { projectId })).body.url as string;

  it('installs with a good state: the code becomes the person’s token, the installation and its repositories are recorded, and one links', async () => {
    const url = await install();
    expect(url.startsWith(`${fake.webUrl}/apps/baton-acme/installations/new?state=`)).toBe(true);
    const installation = app.install('acme', 'all');
    const back = await tab.get(callback({ installation_id: installation.id, setup_action: 'install', code: app.authorize('octo'), state: stateOf(url) }));
    expect(back).toMatchObject({ status: 302, location: '/projects/APP/settings?github-app=installed' });

    expect((await owner.api.get('/api/me/github-app')).body).toMatchObject({ configured: true, connected: true, login: 'octo', revokedAt: null });
    const listed = (await owner.api.get(`/api/projects/${projectId}/github-app`)).body;
    expect(listed.items).toEqual([
      {
        id: String(installation.id),
        account: 'acme',
        repositorySelection: 'all',
        status: 'active',
        repositories: [
          { owner: 'acme', name: 'api' },
          { owner: 'acme', name: 'web' },
        ],
      },
    ]);
    const linked = await owner.api.post(`/api/projects/${projectId}/github-app/repositories`, { owner: 'acme', name: 'api' });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ owner: 'acme', name: 'api', credentialId: null });

    // Tokens are sealed at rest and never answered.
    const stored = await baton.ctx.db.kysely.selectFrom('github_app_authorizations').selectAll().executeTakeFirstOrThrow();
    expect(stored.token_ciphertext).not.toMatch(/ghu_/);
    expect(JSON.stringify((await owner.api.get('/api/me/github-app')).body)).not.toMatch(/gh[usr]_/);
  });

  it('refuses a replayed state with a page that says so, and changes nothing', async () => {
    const url = await install();
    const query = { installation_id: [...app.installations.keys()][0], setup_action: 'install', code: app.authorize('octo'), state: stateOf(url) };
    expect((await tab.get(callback(query))).status).toBe(302);
    const replayed = await tab.get(callback({ ...query, code: app.authorize('octo') }));
    expect(replayed.status).toBe(400);
    expect(replayed.text).toContain('This link was already used');
  });

  it('refuses a state from another session, and a callback without a session', async () => {
    const url = await install();
    const other = await browser(baton, owner.id);
    const query = { installation_id: [...app.installations.keys()][0], setup_action: 'install', code: app.authorize('octo'), state: stateOf(url) };
    const stolen = await other.get(callback(query));
    expect(stolen.status).toBe(403);
    expect(stolen.text).toContain('another browser session');
    const anonymous = await fetch(`${baton.url}${callback(query)}`, { headers: { accept: BROWSER_ACCEPT }, redirect: 'manual' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('Sign in to Baton');
    // The state was not used up by either: its own session still completes.
    expect((await tab.get(callback(query))).status).toBe(302);
  });

  it('explains a missing code (the App does not request authorisation during installation) and a missing state', async () => {
    const missing = await tab.get(callback({ installation_id: [...app.installations.keys()][0], setup_action: 'install', state: stateOf(await install()) }));
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Request user authorization (OAuth) during installation');
    const stateless = await tab.get(callback({ code: 'abc' }));
    expect(stateless.status).toBe(400);
    expect(stateless.text).toContain('without the state');
  });

  it('refuses a state older than ten minutes (fake clock), and it is used up', async () => {
    const url = await install();
    const query = { installation_id: [...app.installations.keys()][0], setup_action: 'install', code: app.authorize('octo'), state: stateOf(url) };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
      const late = await tab.get(callback(query));
      expect(late.status).toBe(400);
      expect(late.text).toContain('This link has expired');
    } finally {
      vi.useRealTimers();
    }
    expect((await tab.get(callback(query))).text).toContain('This link was already used');
  });

  it('answers clients other than a browser in the API’s error shape, and the pending approval as JSON', async () => {
    const plain = await fetch(`${baton.url}${callback({ code: 'abc' })}`, { headers: { cookie: tab.cookie }, redirect: 'manual' });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toEqual({ error: { code: 'bad_request', message: expect.stringContaining('without the state'), details: {} } });
    const pending = await fetch(`${baton.url}${callback({ setup_action: 'request', state: stateOf(await install()) })}`, {
      headers: { cookie: tab.cookie },
      redirect: 'manual',
    });
    expect(pending.status).toBe(202);
    expect(await pending.json()).toEqual({ status: 'requested', message: expect.stringContaining('has to approve') });
  });

  it('refuses an installation id the person cannot reach', async () => {
    const theirs = app.install('evil', 'all');
    const answer = await tab.get(
      callback({ installation_id: theirs.id, setup_action: 'install', code: app.authorize('octo'), state: stateOf(await install()) }),
    );
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('cannot reach installation');
    const rows = await baton.ctx.db.kysely.selectFrom('github_app_installations').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(String(theirs.id));
  });

  it('connects a person who did not install, from their profile', async () => {
    const ada = await baton.addUser({ name: 'Ada' });
    fake.state.addUser('ada');
    const adaTab = await browser(baton, ada.id);
    const url = (await adaTab.post('/api/github-app/connect')).body.url as string;
    const authorize = new URL(url);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.webUrl}/login/oauth/authorize`);
    expect(authorize.searchParams.get('redirect_uri')).toBe('http://baton.test/api/github-app/callback');
    const back = await adaTab.get(callback({ code: app.authorize('ada'), state: stateOf(url) }));
    expect(back).toMatchObject({ status: 302, location: '/profile?github=connected' });
    expect((await ada.api.get('/api/me/github-app')).body).toMatchObject({ connected: true, login: 'ada' });
  });

  it('needs a browser session to start: an API token gets a 400 that says where to go', async () => {
    const answer = await owner.api.post('/api/github-app/install', { projectId });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('Project settings → Git');
  });
});
