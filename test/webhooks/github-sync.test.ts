import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github/server.ts';
import type { FakePull, FakeRepo } from '../fakes/github/state.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject, createTicket, githubEvent, linkRepo, newSecret, reconcileProject, sendGitHub, storeCredential, waitFor } from './support.ts';

describe.each(engines)('PR sync and reconciliation against the fake GitHub on %s', (engine) => {
  let fake: FakeGitHub;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let repositoryId: string;
  let repo: FakeRepo;
  let secret: string;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addToken('octo-token', { kind: 'classic', login: 'octo', scopes: ['repo'] });
    repo = fake.state.addRepo({ owner: 'acme', name: 'api' });
    // Reconciliation is driven by the tests here, not by the clock.
    baton = await startTestBaton({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'SYN', settings: { baseUrl: fake.url } });
    secret = await newSecret(owner, projectId);
    const credentialId = await storeCredential(baton, owner, { provider: 'github', owner: 'acme', baseUrl: fake.url, token: 'octo-token' });
    repositoryId = await linkRepo(baton, projectId, { owner: 'acme', name: 'api', externalId: String(repo.id) }, { credentialId });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  const ticket = async (key: string) => (await owner.api.get(`/api/tickets/${key}`)).body;
  const pullsCalls = () => fake.calls.filter((c) => c.path === '/repos/acme/api/pulls' && c.method === 'GET');
  const reconcile = () => reconcileProject(baton, owner, projectId, () => pullsCalls().length);
  const merge = (pull: FakePull) => {
    pull.updatedAt = fake.state.tick();
    pull.state = 'closed';
    pull.mergedAt = pull.updatedAt;
    pull.closedAt = pull.updatedAt;
  };

  it('repairs a missed closed event by reconciliation, then costs a 304 when nothing changed', async () => {
    const key = await createTicket(owner, projectId);
    fake.state.addBranch(repo, `feature/${key}`);
    const pull = fake.state.addPull(repo, { head: `feature/${key}`, title: 'Refunds' });
    const opened = githubEvent('opened', { number: pull.number, head: pull.head, updatedAt: pull.updatedAt });
    opened.repository.id = repo.id;
    expect((await sendGitHub(baton, projectId, { body: opened, secret })).status).toBe(202);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );

    merge(pull); // the closed delivery never arrives
    await reconcile();
    const view = await ticket(key);
    expect(view.status).toBe('done');
    expect(view.history.at(-1)).toMatchObject({ to: 'done', cause: 'sync', detail: `PR #${pull.number} merged` });
    const stored = await baton.ctx.db.kysely.selectFrom('repositories').selectAll().where('id', '=', repositoryId).executeTakeFirstOrThrow();
    expect(stored.reconcile_etag).toMatch(/^W\/"/);
    expect(stored.reconcile_watermark).toBe(new Date(pull.updatedAt).toISOString());

    const remaining = Number(fake.calls.length);
    await reconcile();
    const calls = fake.calls.slice(remaining);
    expect(calls.map((c) => [c.method, c.path, c.status])).toEqual([['GET', '/repos/acme/api/pulls', 304]]);
    const after = await baton.ctx.db.kysely.selectFrom('repositories').selectAll().where('id', '=', repositoryId).executeTakeFirstOrThrow();
    expect(after.reconcile_etag).toBe(stored.reconcile_etag);
    expect(after.reconciled_at! > stored.reconciled_at!).toBe(true);
  });

  it('stops at the watermark: only PRs updated since the last run are applied', async () => {
    const keys = [await createTicket(owner, projectId), await createTicket(owner, projectId)];
    const pulls = keys.map((key) => {
      fake.state.addBranch(repo, key);
      return fake.state.addPull(repo, { head: key, draft: true });
    });
    await reconcile();
    expect((await ticket(keys[0])).status).toBe('in_progress');
    const synced = async () =>
      new Map((await baton.ctx.db.kysely.selectFrom('pull_requests').select(['number', 'synced_at']).execute()).map((r) => [r.number, r.synced_at]));
    const before = await synced();
    pulls[1].draft = false;
    pulls[1].updatedAt = fake.state.tick();
    await reconcile();
    const after = await synced();
    expect(after.get(pulls[0].number)).toBe(before.get(pulls[0].number));
    expect(after.get(pulls[1].number)).not.toBe(before.get(pulls[1].number));
    expect((await ticket(keys[1])).status).toBe('in_review');
  });

  it('syncs one ticket on demand with the linker’s credential and records when', async () => {
    const key = await createTicket(owner, projectId);
    fake.state.addBranch(repo, key);
    const pull = fake.state.addPull(repo, { head: key });
    await reconcile();
    expect((await ticket(key)).status).toBe('in_review');
    pull.state = 'closed';
    pull.closedAt = pull.updatedAt = fake.state.tick();
    const res = await owner.api.post(`/api/tickets/${key}/sync`);
    expect(res.status).toBe(202);
    const view = await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_progress' && t.prsSyncedAt !== null,
    );
    expect(view.history.at(-1)).toMatchObject({ to: 'in_progress', cause: 'sync', actor: { id: owner.id } });
    expect(fake.calls.some((c) => c.path === `/repos/acme/api/pulls/${pull.number}` && c.status === 200)).toBe(true);
  });

  it('refreshes stale PR data in the background when the ticket is viewed', async () => {
    const key = await createTicket(owner, projectId);
    fake.state.addBranch(repo, key);
    const pull = fake.state.addPull(repo, { head: key });
    await reconcile();
    const ticketId = (await ticket(key)).id;
    // Fresh data: a view does not ask the provider.
    const calls = fake.calls.length;
    await ticket(key);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.calls.length).toBe(calls);

    merge(pull);
    const old = new Date(Date.now() - 3 * 60 * 1000).toISOString();
    await baton.ctx.db.kysely.updateTable('pull_requests').set({ synced_at: old }).where('ticket_id', '=', ticketId).execute();
    await baton.ctx.db.kysely.updateTable('tickets').set({ prs_synced_at: old }).where('id', '=', ticketId).execute();
    const first = await ticket(key);
    expect(first.status).toBe('in_review'); // answered from what is stored, without waiting for the provider
    const view = await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    expect(view.history.at(-1)).toMatchObject({ to: 'done', cause: 'sync' });
  });

  it('lets a member without a credential sync, using the linker’s', async () => {
    const member = await baton.addUser();
    await owner.api.post(`/api/projects/${projectId}/members`, { userId: member.id, role: 'member' });
    expect((await member.api.post(`/api/projects/${projectId}/sync`)).status).toBe(202);
    const outsider = await baton.addUser();
    expect((await outsider.api.post(`/api/projects/${projectId}/sync`)).status).toBe(404);
  });
});

describe('reconciliation schedule', () => {
  it('is registered with the configured period, and removed by 0', async () => {
    const baton = await startTestBaton({ env: { BATON_RECONCILIATION_PERIOD: '600' } });
    const schedules = await baton.ctx.db.kysely.selectFrom('schedules').selectAll().execute();
    expect(schedules.map((s) => [s.name, s.kind, s.interval_seconds])).toEqual(
      expect.arrayContaining([
        ['pr-reconcile', 'pr.reconcile-all', 600],
        ['webhook-sweep', 'webhook.sweep', 5],
      ]),
    );
    await baton.stop();
    const off = await startTestBaton({ env: { BATON_RECONCILIATION_PERIOD: '0' } });
    expect((await off.ctx.db.kysely.selectFrom('schedules').select('name').execute()).map((s) => s.name)).not.toContain('pr-reconcile');
    await off.stop();
  });
});
