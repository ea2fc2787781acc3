import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileRepository } from '../../src/features/pr-status/sync.ts';
import type { FakeApp, FakeInstallation } from '../fakes/github/app.ts';
import {
  appPullRequestPayload,
  authorizationRevokedPayload,
  deliver,
  installationPayload,
  installationRepositoriesPayload,
  signedAppDelivery,
} from '../fakes/github/app-webhooks.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import type { FakeRepo } from '../fakes/github/state.ts';
import { addMember, startWork, steps, waitForStartWork } from '../git/world.ts';
import type { TestBaton, TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject, createTicket, settledDeliveries, waitFor } from '../webhooks/support.ts';
import { browser, callback, startAppBaton, stateOf } from './support.ts';

describe.each(engines)('the GitHub App at work on %s', (engine) => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let installation: FakeInstallation;
  let repo: FakeRepo;
  let baton: TestBaton;
  let dev: TestUser;
  let rhea: TestUser;
  let projectId: string;
  let repositoryId: string;
  const tokenCalls = () => fake.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/access_tokens')).length;

  /** The person authorises the App from their profile, as GitHub would send them back. */
  async function connect(user: TestUser, login: string) {
    const tab = await browser(baton, user.id);
    const url = (await tab.post('/api/github-app/connect')).body.url as string;
    expect((await tab.get(callback({ code: app.authorize(login), state: stateOf(url) }))).status).toBe(302);
  }

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addUser('rhea');
    fake.state.addOrg('acme', ['octo', 'rhea']);
    repo = fake.state.addRepo({ owner: 'acme', name: 'api', collaborators: ['octo', 'rhea'] } as never);
    app = fake.state.registerApp({ slug: 'baton-acme' });
    installation = app.install('acme', 'all');
    baton = await startAppBaton(engine, fake, app);
    dev = await baton.addUser({ name: 'Dev' });
    rhea = await baton.addUser({ name: 'Rhea Reviewer' });
    projectId = await createProject(dev, { key: 'ACT', settings: { baseUrl: fake.url } });
    await addMember(dev, projectId, rhea);

    const tab = await browser(baton, dev.id);
    const url = (await tab.post('/api/github-app/install', { projectId })).body.url as string;
    await tab.get(callback({ installation_id: installation.id, setup_action: 'install', code: app.authorize('octo'), state: stateOf(url) }));
    await connect(rhea, 'rhea');
    repositoryId = (await dev.api.post(`/api/projects/${projectId}/github-app/repositories`, { owner: 'acme', name: 'api' })).body.id;
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  it('starts work as the person with their user-to-server token: the PR is theirs, the reviewer is known from their authorisation, no token call', async () => {
    const key = await createTicket(dev, projectId, ['Refunds work']);
    const from = fake.calls.length;
    const ticket = await startWork(dev, key);
    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:done']);
    expect(repo.pulls.at(-1)).toMatchObject({ author: 'octo', requestedReviewers: ['rhea'] });
    const made = fake.calls.slice(from).map((c) => `${c.method} ${c.path}`);
    expect(made.length).toBeLessThanOrEqual(5);
    expect(made.some((c) => c.includes('access_tokens') || c.includes('oauth'))).toBe(false);
  });

  it('does not pick a deactivated person as reviewer, though they authorised the App', async () => {
    fake.state.addUser('zed');
    const zed = await baton.addUser({ name: 'Aaron Zed' }); // no open reviews and first by name: the pick, were they active
    await addMember(dev, projectId, zed);
    await connect(zed, 'zed');
    const admin = await baton.addUser({ name: 'Ada Admin', isAdmin: true });
    expect((await admin.api.post(`/api/users/${zed.id}/deactivate`)).status).toBeLessThan(300);
    const ticket = await startWork(dev, await createTicket(dev, projectId));
    expect(steps(ticket)).toContain('reviewer:done');
    expect(repo.pulls.at(-1)).toMatchObject({ requestedReviewers: ['rhea'] });
  });

  it('reconciles with the installation token, minted once and then cached', async () => {
    const key = await createTicket(dev, projectId);
    fake.state.addBranch(repo, `feature/${key}`);
    const pull = fake.state.addPull(repo, { head: `feature/${key}`, title: 'Found by reconciliation', author: 'octo' } as never);
    const before = tokenCalls();
    const report = await reconcileRepository(baton.ctx, repositoryId);
    expect(report.problems).toEqual([]);
    expect(report.fetched).toBeGreaterThan(0);
    const again = await reconcileRepository(baton.ctx, repositoryId);
    expect(again.problems).toEqual([]);
    expect(tokenCalls() - before).toBeLessThanOrEqual(1);
    const stored = await baton.ctx.db.kysely.selectFrom('pull_requests').select('number').where('repository_id', '=', repositoryId).execute();
    expect(stored.map((p) => p.number)).toContain(pull.number);
  });

  it('routes a pull_request of the App webhook to the project that links the repository, once, through the apply path', async () => {
    const key = await createTicket(dev, projectId);
    fake.state.addBranch(repo, `feature/${key}`);
    const pull = fake.state.addPull(repo, { head: `feature/${key}`, title: 'Via the App' } as never);
    const delivery = signedAppDelivery(app, 'pull_request', appPullRequestPayload(fake.world, installation, repo, pull, 'opened'));
    const url = `${baton.url}/api/webhooks/github-app`;
    expect(await deliver(url, delivery)).toMatchObject({ status: 202, body: { status: 'accepted', projects: 1 } });
    expect(await deliver(url, delivery)).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect((await deliver(url, { ...delivery, headers: { ...delivery.headers, 'x-hub-signature-256': 'sha256=00' } })).status).toBe(401);
    await waitFor(
      async () => (await dev.api.get(`/api/tickets/${key}`)).body,
      (t) => t.status === 'in_review',
    );
    const log = (await dev.api.get(`/api/projects/${projectId}/deliveries`)).body.items;
    expect(log.filter((d: any) => d.deliveryId.startsWith(delivery.deliveryId))).toEqual([
      expect.objectContaining({ event: 'pull_request', outcome: 'applied', duplicates: 1 }),
    ]);
  });

  it('keeps its view of the installation current: a repository taken out of it, or the installation suspended, is not read through the App and says why; put back, it is', async () => {
    const hook = `${baton.url}/api/webhooks/github-app`;
    const send = (event: string, payload: unknown) => deliver(hook, signedAppDelivery(app, event, payload));
    const listed = async () => (await dev.api.get(`/api/projects/${projectId}/github-app`)).body.items[0];
    const problems = async () => (await reconcileRepository(baton.ctx, repositoryId)).problems.join('; ');
    const other = fake.state.addRepo({ owner: 'acme', name: 'web' });

    // On GitHub the organisation narrows the installation to acme/web.
    installation.selection = 'selected';
    installation.repositories = new Set([other.id]);
    expect(await send('installation_repositories', installationRepositoriesPayload(fake.world, installation, { removed: [repo] }))).toMatchObject({
      status: 200,
      body: { status: 'applied', projects: 1 },
    });
    expect((await listed()).repositories).not.toContainEqual({ owner: 'acme', name: 'api' });
    expect(await problems()).toContain("the GitHub App's installations do not include acme/api");

    installation.repositories.add(repo.id);
    expect(await send('installation_repositories', installationRepositoriesPayload(fake.world, installation, { added: [repo] }))).toMatchObject({
      body: { status: 'applied', projects: 1 },
    });
    expect((await listed()).repositories).toContainEqual({ owner: 'acme', name: 'api' });
    expect(await problems()).toBe('');

    installation.suspended = true;
    expect(await send('installation', installationPayload(fake.world, installation, 'suspend'))).toMatchObject({ body: { status: 'applied', projects: 1 } });
    expect(await listed()).toMatchObject({ status: 'suspended', repositories: [] });
    expect(await problems()).toContain('suspended on acme');

    installation.suspended = false;
    expect(await send('installation', installationPayload(fake.world, installation, 'unsuspend'))).toMatchObject({ body: { status: 'applied', projects: 1 } });
    expect((await listed()).status).toBe('active');
    expect(await problems()).toBe('');

    const log = await settledDeliveries(baton, projectId);
    expect(log.filter((d) => d.event.startsWith('installation')).map((d) => `${d.event}.${d.action} ${d.outcome}`)).toEqual(
      expect.arrayContaining([
        'installation_repositories.removed applied',
        'installation_repositories.added applied',
        'installation.suspend applied',
        'installation.unsuspend applied',
      ]),
    );
  });

  it('a person whose authorisation GitHub stopped accepting (401, no webhook) loses their tokens at first use; their profile says why', async () => {
    app.revoke('rhea');
    const key = await createTicket(rhea, projectId);
    expect((await rhea.api.post(`/api/tickets/${key}/start`)).status).toBe(202);
    const ticket = await waitForStartWork(rhea, key);
    expect(ticket.startWork.status).not.toBe('done');
    expect(repo.pulls.some((p) => p.head === `feature/${key}`)).toBe(false);
    const profile = (await rhea.api.get('/api/me/github-app')).body;
    expect(profile).toMatchObject({ connected: false, login: 'rhea' });
    expect(profile.revokedReason).toContain('GitHub refused your authorisation');
    const row = await baton.ctx.db.kysely.selectFrom('github_app_authorizations').selectAll().where('user_id', '=', rhea.id).executeTakeFirstOrThrow();
    expect([row.token_ciphertext, row.refresh_ciphertext]).toEqual([null, null]);
    const again = await rhea.api.post(`/api/tickets/${key}/start`);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('Connect GitHub account');
  });

  it('revoked authorisation: the person’s tokens are deleted, their profile says why, and Start work says how to connect', async () => {
    const delivery = signedAppDelivery(app, 'github_app_authorization', authorizationRevokedPayload(fake.world, 'octo'));
    expect(await deliver(`${baton.url}/api/webhooks/github-app`, delivery)).toMatchObject({ status: 200, body: { status: 'applied' } });
    const profile = (await dev.api.get('/api/me/github-app')).body;
    expect(profile).toMatchObject({ connected: false, login: 'octo' });
    expect(profile.revokedReason).toContain('revoked');
    const row = await baton.ctx.db.kysely.selectFrom('github_app_authorizations').selectAll().where('user_id', '=', dev.id).executeTakeFirstOrThrow();
    expect([row.token_ciphertext, row.refresh_ciphertext]).toEqual([null, null]);
    const key = await createTicket(dev, projectId);
    const refused = await dev.api.post(`/api/tickets/${key}/start`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Connect GitHub account');
  });

  it('installation deleted: its repositories stop syncing and say why, and the delivery is in the project log', async () => {
    app.uninstall(installation);
    const delivery = signedAppDelivery(app, 'installation', installationPayload(fake.world, installation, 'deleted'));
    expect(await deliver(`${baton.url}/api/webhooks/github-app`, delivery)).toMatchObject({ status: 200, body: { status: 'applied', projects: 1 } });
    const report = await reconcileRepository(baton.ctx, repositoryId);
    expect(report.problems.join()).toContain('uninstalled from acme');
    const log = await settledDeliveries(baton, projectId);
    expect(log.find((d) => d.event === 'installation' && d.action === 'deleted')).toMatchObject({ outcome: 'applied' });
  });
});
