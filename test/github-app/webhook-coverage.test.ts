import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApp, FakeInstallation } from '../fakes/github/app.ts';
import { appPullRequestPayload, deliver, installationPayload, signedAppDelivery } from '../fakes/github/app-webhooks.ts';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import type { FakeRepo } from '../fakes/github/state.ts';
import type { TestBaton, TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject, createTicket, linkRepo, newSecret, sendGitHub, settledDeliveries } from '../webhooks/support.ts';
import { browser, callback, startAppBaton, stateOf } from './support.ts';

// A repository linked through the GitHub App needs no repository webhook: the App's one webhook
// delivers its events. The Webhooks card (GET /api/projects/:id/webhooks) says so, with when the
// App's webhook last brought a delivery about it, and does not call it "not set up".
describe.each(engines)('repositories covered by the GitHub App’s webhook on %s', (engine) => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let installation: FakeInstallation;
  let api: FakeRepo;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;

  const card = async () => {
    const answer = await owner.api.get(`/api/projects/${projectId}/webhooks`);
    expect(answer.status).toBe(200);
    return Object.fromEntries((answer.body.items as any[]).map((w) => [w.repository, w]));
  };
  const sendApp = (event: string, payload: unknown) => deliver(`${baton.url}/api/webhooks/github-app`, signedAppDelivery(app, event, payload));

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    api = fake.state.addRepo({ owner: 'acme', name: 'api' });
    const outside = fake.state.addRepo({ owner: 'acme', name: 'legacy' });
    app = fake.state.registerApp({ slug: 'baton-acme' });
    installation = app.install('acme', [api]);
    baton = await startAppBaton(engine, fake, app);
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'COV', settings: { baseUrl: fake.url } });
    const tab = await browser(baton, owner.id);
    const url = (await tab.post('/api/github-app/install', { projectId })).body.url as string;
    await tab.get(callback({ installation_id: installation.id, setup_action: 'install', code: app.authorize('octo'), state: stateOf(url) }));
    expect((await owner.api.post(`/api/projects/${projectId}/github-app/repositories`, { owner: 'acme', name: 'api' })).status).toBe(201);
    // A repository outside the installation, linked another way: no app webhook covers it.
    await linkRepo(baton, projectId, { owner: 'acme', name: 'legacy', externalId: String(outside.id) });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  it('says a repository linked through the App is covered by its webhook, waiting for a first delivery; one outside it is not set up', async () => {
    const rows = await card();
    expect(rows['acme/api']).toMatchObject({
      status: 'waiting',
      registeredBy: null,
      providerHookId: null,
      coveredBy: { name: "the GitHub App's webhook", lastDeliveryAt: null },
    });
    expect(rows['acme/legacy']).toMatchObject({ status: 'not-set-up', coveredBy: null });
    // Nothing registered a repository webhook for the covered repository.
    expect(api.hooks).toEqual([]);
  });

  it('a delivery through the App webhook makes the covered repository healthy with its time, and is not mistaken for a hook set up by hand', async () => {
    fake.state.addBranch(api, 'feature/COV-1');
    const pull = fake.state.addPull(api, { head: 'feature/COV-1', title: 'Covered' });
    const before = new Date().toISOString();
    expect(await sendApp('pull_request', appPullRequestPayload(fake.world, installation, api, pull, 'opened'))).toMatchObject({ status: 202 });
    // Once applied, the delivery is the repository's own in the log too.
    expect((await settledDeliveries(baton, projectId)).map((d) => `${d.event} ${d.outcome}`)).toContain('pull_request applied');
    const rows = await card();
    expect(rows['acme/api'].lastDeliveryAt).not.toBeNull();
    expect(rows['acme/api']).toMatchObject({ status: 'healthy', registeredBy: null });
    expect(Date.parse(rows['acme/api'].coveredBy.lastDeliveryAt)).toBeGreaterThanOrEqual(Date.parse(before));
    expect(rows['acme/legacy']).toMatchObject({ status: 'not-set-up', coveredBy: null });
  });

  it('a pull request event arriving through both the App webhook and a repository webhook is applied once; the log keeps both copies, told apart', async () => {
    const secret = await newSecret(owner, projectId);
    const earlier = new Set((await settledDeliveries(baton, projectId)).map((d) => d.id));
    const key = await createTicket(owner, projectId);
    fake.state.addBranch(api, `feature/${key}`);
    const pull = fake.state.addPull(api, { head: `feature/${key}`, title: 'Both ways' });
    const payload = appPullRequestPayload(fake.world, installation, api, pull, 'opened');
    const viaApp = signedAppDelivery(app, 'pull_request', payload);
    expect(await deliver(`${baton.url}/api/webhooks/github-app`, viaApp)).toMatchObject({ status: 202 });
    // GitHub sends a repository webhook its own delivery (another id), without the installation.
    const { installation: _, ...repositoryPayload } = payload;
    expect((await sendGitHub(baton, projectId, { body: repositoryPayload, secret })).status).toBe(202);

    const log = (await settledDeliveries(baton, projectId)).filter((d) => !earlier.has(d.id));
    expect(log).toHaveLength(2);
    expect(log.filter((d) => d.delivery_id === `${viaApp.deliveryId}:${projectId}`)).toHaveLength(1);
    expect(log.every((d) => d.outcome === 'applied')).toBe(true);
    const db = baton.ctx.db.kysely;
    const ticket = await db.selectFrom('tickets').select(['id', 'status']).where('key', '=', key).executeTakeFirstOrThrow();
    expect(ticket.status).toBe('in_review');
    // One pull request, one status change: the second copy found nothing new to apply.
    const prs = await db.selectFrom('pull_requests').select('id').where('ticket_id', '=', ticket.id).execute();
    expect(prs).toHaveLength(1);
    const entries = await db
      .selectFrom('ticket_history')
      .select(['kind', 'to_status'])
      .where('ticket_id', '=', ticket.id)
      .where('cause', '=', 'pr_event')
      .orderBy('id')
      .execute();
    // The activity feed has the PR event once and the status move once.
    expect(entries).toEqual([
      { kind: 'pull_request', to_status: null },
      { kind: 'status', to_status: 'in_review' },
    ]);
  });

  it('a suspended installation covers nothing: the card stops saying so, and says so again once unsuspended', async () => {
    installation.suspended = true;
    expect(await sendApp('installation', installationPayload(fake.world, installation, 'suspend'))).toMatchObject({ status: 200 });
    expect((await card())['acme/api'].coveredBy).toBeNull();
    installation.suspended = false;
    expect(await sendApp('installation', installationPayload(fake.world, installation, 'unsuspend'))).toMatchObject({ status: 200 });
    expect((await card())['acme/api'].coveredBy).toMatchObject({ name: "the GitHub App's webhook", lastDeliveryAt: expect.any(String) });
  });
});
