import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApp, FakeInstallation } from '../fakes/github/app.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import type { TestBaton, TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject } from '../webhooks/support.ts';
import { browser, callback, startAppBaton, stateOf } from './support.ts';

// The App is installed on two organisations that share nothing. Each project owner must see and
// link only what their own GitHub account can access, though Baton knows both installations.
describe.each(engines)('what a person sees and links through the GitHub App on %s', (engine) => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let acme: FakeInstallation;
  let evil: FakeInstallation;
  let baton: TestBaton;
  let olive: TestUser;
  let mara: TestUser;
  let oliveProject: string;
  let maraProject: string;

  /** The person installs (or re-installs) the App from their project's settings, as GitHub sends them back. */
  async function install(user: TestUser, projectId: string, login: string, installation: FakeInstallation) {
    const tab = await browser(baton, user.id);
    const url = (await tab.post('/api/github-app/install', { projectId })).body.url as string;
    const back = await tab.get(callback({ installation_id: installation.id, setup_action: 'install', code: app.authorize(login), state: stateOf(url) }));
    expect(back.status).toBe(302);
  }

  const listed = async (user: TestUser, projectId: string) => (await user.api.get(`/api/projects/${projectId}/github-app`)).body;
  const names = (answer: { items: Array<{ account: string; repositories: Array<{ owner: string; name: string }> }> }) =>
    answer.items.map((i) => `${i.account}: ${i.repositories.map((r) => `${r.owner}/${r.name}`).join(' ')}`);
  const link = (user: TestUser, projectId: string, owner: string, name: string) =>
    user.api.post(`/api/projects/${projectId}/github-app/repositories`, { owner, name });
  const linkedNames = async (user: TestUser, projectId: string) =>
    ((await user.api.get(`/api/projects/${projectId}/repositories`)).body.items as Array<{ owner: string; name: string }>).map((r) => `${r.owner}/${r.name}`);

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addUser('mallory');
    fake.state.addUser('cora');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addOrg('evil', ['mallory']);
    fake.state.addRepo({ owner: 'acme', name: 'api' });
    fake.state.addRepo({ owner: 'evil', name: 'loot' });
    fake.state.addRepo({ owner: 'evil', name: 'plans', collaborators: ['cora'] });
    app = fake.state.registerApp({ slug: 'baton-shared' });
    acme = app.install('acme', 'all');
    evil = app.install('evil', 'all');
    baton = await startAppBaton(engine, fake, app);
    olive = await baton.addUser({ name: 'Olive Owner' });
    mara = await baton.addUser({ name: 'Mara Mallory' });
    oliveProject = await createProject(olive, { key: 'ACME', settings: { baseUrl: fake.url } });
    maraProject = await createProject(mara, { key: 'EVIL', settings: { baseUrl: fake.url } });
    // Both installations are now known to Baton.
    await install(olive, oliveProject, 'octo', acme);
    await install(mara, maraProject, 'mallory', evil);
    const known = await baton.ctx.db.kysely.selectFrom('github_app_installations').select('id').execute();
    expect(known.map((r) => r.id).sort()).toEqual([String(acme.id), String(evil.id)].sort());
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  it('lists only the installations and repositories the person’s GitHub account can access, asked with their own token', async () => {
    const from = fake.calls.length;
    expect(await listed(olive, oliveProject)).toMatchObject({ configured: true, connected: true, message: null });
    expect(names(await listed(olive, oliveProject))).toEqual(['acme: acme/api']);
    expect(names(await listed(mara, maraProject))).toEqual(['evil: evil/loot evil/plans']);
    const asked = fake.calls.slice(from).map((c) => `${c.method} ${c.path}`);
    expect(asked).toContain('GET /user/installations');
    expect(asked).toContain(`GET /user/installations/${acme.id}/repositories`);
    // Never the App's view of every installation.
    expect(asked.some((c) => c.startsWith('GET /app/installations') || c === 'GET /installation/repositories')).toBe(false);
  });

  it('a collaborator on one repository of an organisation sees that installation with that repository only, and cannot link the others', async () => {
    const cora = await baton.addUser({ name: 'Cora Collaborator' });
    const project = await createProject(cora, { key: 'CORA', settings: { baseUrl: fake.url } });
    const tab = await browser(baton, cora.id);
    const url = (await tab.post('/api/github-app/connect', { projectId: project })).body.url as string;
    expect((await tab.get(callback({ code: app.authorize('cora'), state: stateOf(url) }))).location).toBe('/projects/CORA/settings');
    expect(names(await listed(cora, project))).toEqual(['evil: evil/plans']);
    expect((await link(cora, project, 'evil', 'loot')).status).toBe(403);
    expect((await link(cora, project, 'evil', 'plans')).status).toBe(201);
    expect(await linkedNames(cora, project)).toEqual(['evil/plans']);
  });

  it('refuses to link a repository of an installation the person cannot access, whatever Baton knows, and changes nothing', async () => {
    const installationsBefore = await baton.ctx.db.kysely.selectFrom('github_app_installations').selectAll().orderBy('id').execute();
    for (const [owner, name] of [
      ['evil', 'loot'],
      ['EVIL', 'Loot'],
      ['evil', 'nonexistent'],
      ['nobody', 'nothing'],
    ]) {
      const refused = await link(olive, oliveProject, owner, name);
      expect(refused.status, `${owner}/${name}`).toBe(403);
      expect(refused.body.error.message).toContain(`Your GitHub account octo cannot access ${owner}/${name} through the GitHub App`);
    }
    expect(await linkedNames(olive, oliveProject)).toEqual([]);
    expect(await baton.ctx.db.kysely.selectFrom('github_app_installations').selectAll().orderBy('id').execute()).toEqual(installationsBefore);
  });

  it('links for the person who can access the repository, through the installation token as before', async () => {
    const linked = await link(mara, maraProject, 'evil', 'loot');
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({ owner: 'evil', name: 'loot', credentialId: null });
    expect((await link(olive, oliveProject, 'acme', 'api')).status).toBe(201);
    expect(await linkedNames(olive, oliveProject)).toEqual(['acme/api']);
    // Linking the same repository again is a conflict, not a second row.
    expect((await link(mara, maraProject, 'evil', 'loot')).status).toBe(409);
  });

  it('a person who has not authorised the App is told, in words, to Connect GitHub account first, and can link nothing', async () => {
    const newcomer = await baton.addUser({ name: 'Nell Newcomer' });
    const project = await createProject(newcomer, { key: 'NEW', settings: { baseUrl: fake.url } });
    const answer = await listed(newcomer, project);
    expect(answer).toMatchObject({ configured: true, connected: false, items: [] });
    expect(answer.message).toContain('Connect GitHub account');
    const refused = await link(newcomer, project, 'acme', 'api');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Connect GitHub account');
    expect(await linkedNames(newcomer, project)).toEqual([]);
  });

  it('a person whose authorisation GitHub no longer accepts is told to connect again, and their tokens are deleted', async () => {
    app.revoke('mallory');
    const refused = await mara.api.get(`/api/projects/${maraProject}/github-app`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Connect GitHub account');
    expect((await mara.api.get('/api/me/github-app')).body).toMatchObject({ connected: false, revokedReason: expect.stringContaining('GitHub refused') });
    expect(await listed(mara, maraProject)).toMatchObject({ connected: false, items: [] });
  });
});
