import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE_PAT, type FakeAzureDevOps, type FakeRepository, seedFabrikam, startFakeAzureDevOps } from '../fakes/azure-devops/index.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { adoPayload, createProject, createTicket, linkRepo, newSecret, post, sendAdo, settledDeliveries, storeCredential, waitFor } from './support.ts';

// The published payloads' repository; its organisation comes from the payload URLs.
const REFERENCE_REPO = { owner: 'fabrikam', name: 'Fabrikam', externalId: '4bc14d40-c903-45e2-872e-0462c7748079' };

describe.each(engines)('Azure DevOps service hooks and sync on %s', (engine) => {
  let fake: FakeAzureDevOps;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let secret: string;
  let fakeRepo: FakeRepository;
  let seeded: ReturnType<typeof seedFabrikam>;

  beforeAll(async () => {
    fake = await startFakeAzureDevOps();
    seeded = seedFabrikam(fake);
    fakeRepo = seeded.repo;
    baton = await startTestBaton({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'ADO', provider: 'ado', settings: { organization: 'fabrikam', project: 'Baton', baseUrl: fake.url } });
    secret = await newSecret(owner, projectId);
    await linkRepo(baton, projectId, REFERENCE_REPO, { provider: 'ado' });
    const credentialId = await storeCredential(baton, owner, { provider: 'ado', owner: 'fabrikam', baseUrl: fake.url, token: ALICE_PAT });
    await linkRepo(baton, projectId, { owner: 'fabrikam', name: 'api', externalId: fakeRepo.id }, { provider: 'ado', credentialId });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  const ticket = async (key: string) => (await owner.api.get(`/api/tickets/${key}`)).body;
  const delivery = (id: string) => baton.ctx.db.kysely.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A published payload for PR `number` on a branch naming `key`, raised at `at`. */
  const hook = (event: 'created' | 'updated' | 'merged', number: number, key: string, at: string, resource: Record<string, unknown> = {}) => {
    const body = adoPayload(event);
    body.id = crypto.randomUUID();
    body.createdDate = at;
    Object.assign(body.resource, { pullRequestId: number, sourceRefName: `refs/heads/feature/${key}`, ...resource });
    return body;
  };

  it('gives the three service-hook subscriptions and the Basic-auth setup', async () => {
    const view = (await owner.api.get(`/api/projects/${projectId}/webhook-secret`)).body;
    expect(view.url).toBe(`http://baton.test/api/webhooks/ado/${projectId}`);
    expect(view.setup.events).toEqual(['Pull request created', 'Pull request updated', 'Pull request merge attempted']);
    expect(view.setup.steps.join('\n')).toMatch(/Resource details to send: All/);
    expect(view.setup.steps.join('\n')).toMatch(/password: the secret/i);
  });

  it('takes the published created payload with the right Basic password, and refuses wrong, missing and malformed ones', async () => {
    const body = adoPayload('created');
    const url = `${baton.url}/api/webhooks/ado/${projectId}`;
    const refused = [
      await sendAdo(baton, projectId, { body, password: 'wrong' }),
      await sendAdo(baton, projectId, { body, password: null }),
      await sendAdo(baton, projectId, { body, password: '' }),
      await post(url, JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${secret}` }),
      await post(url, JSON.stringify(body), { 'content-type': 'application/json', authorization: 'Basic !!!' }),
      await post(url, JSON.stringify(body), { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(secret).toString('base64')}` }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    const ok = await sendAdo(baton, projectId, { body, password: secret, user: 'anyone' });
    expect(ok.status).toBe(202);
    const again = await sendAdo(baton, projectId, { body, password: secret });
    expect([again.status, again.body.status]).toEqual([200, 'duplicate']);
    await settledDeliveries(baton, projectId);
    expect(await delivery(ok.body.id)).toMatchObject({
      outcome: 'applied',
      event: 'git.pullrequest.created',
      action: 'active',
      duplicates: 1,
      delivery_id: body.id,
    });
    const row = await baton.ctx.db.kysely.selectFrom('pull_requests').selectAll().where('number', '=', 1).executeTakeFirstOrThrow();
    expect([row.state, row.head_branch, row.title]).toEqual(['open', 'mytopic', 'my first pull request']);
    expect(JSON.parse((await delivery(ok.body.id)).headers)).not.toHaveProperty('authorization');
  });

  it('never takes git.pullrequest.merged for a merge; an updated event with status completed is one', async () => {
    const key = await createTicket(owner, projectId);
    expect(
      (
        await sendAdo(baton, projectId, {
          body: hook('created', 101, key, '2024-06-01T10:00:00.000Z', { status: 'active', closedDate: undefined }),
          password: secret,
        })
      ).status,
    ).toBe(202);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );
    // The published merged payload says `completed`; it still is only a merge attempt.
    const trap = await sendAdo(baton, projectId, { body: hook('merged', 101, key, '2024-06-01T10:01:00.000Z'), password: secret });
    expect([trap.status, trap.body.status]).toEqual([200, 'ignored']);
    await settledDeliveries(baton, projectId);
    expect((await ticket(key)).status).toBe('in_review');
    await sendAdo(baton, projectId, { body: hook('updated', 101, key, '2024-06-01T10:02:00.000Z'), password: secret });
    const done = await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    expect(done.history.at(-1)).toMatchObject({ to: 'done', cause: 'pr_event', detail: 'PR #101 merged' });
  });

  it('follows a PR abandoned, then reactivated', async () => {
    const key = await createTicket(owner, projectId);
    await sendAdo(baton, projectId, { body: hook('created', 102, key, '2024-06-02T10:00:00.000Z', { status: 'active' }), password: secret });
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );
    await sendAdo(baton, projectId, { body: hook('updated', 102, key, '2024-06-02T10:01:00.000Z', { status: 'abandoned' }), password: secret });
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_progress',
    );
    await sendAdo(baton, projectId, {
      body: hook('updated', 102, key, '2024-06-02T10:02:00.000Z', { status: 'active', closedDate: undefined }),
      password: secret,
    });
    const view = await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );
    expect(view.history.filter((h: any) => h.cause === 'pr_event').map((h: any) => h.detail)).toEqual([
      'PR #102 opened',
      'PR #102 closed without merging',
      'PR #102 reopened',
    ]);
    // A late delivery of the abandonment changes nothing.
    const late = await sendAdo(baton, projectId, { body: hook('updated', 102, key, '2024-06-02T10:01:00.000Z', { status: 'abandoned' }), password: secret });
    await settledDeliveries(baton, projectId);
    expect((await delivery(late.body.id)).outcome).toBe('ignored');
    expect((await ticket(key)).status).toBe('in_review');
  });

  it('reconciles and syncs from the fake service, where service hooks are missing', async () => {
    const key = await createTicket(owner, projectId);
    const branch = `refs/heads/feature/${key}`;
    const pr = fake.state.addPullRequest(fakeRepo, {
      isDraft: false,
      sourceRefName: branch,
      targetRefName: 'refs/heads/main',
      title: `${key} refunds`,
      description: '',
      createdBy: seeded.alice,
    });
    expect((await owner.api.post(`/api/projects/${projectId}/sync`)).status).toBe(202);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );
    expect(fake.calls.some((c) => c.method === 'GET' && c.path.endsWith('/pullrequests') && c.query.includes('searchCriteria.status=all'))).toBe(true);

    // Abandoned a little while ago. (A closedDate later than the read's Date header, which has
    // whole seconds only, would make the read look older than the abandonment until the next second.)
    pr.status = 'abandoned';
    pr.closedDate = new Date(Date.now() - 5000).toISOString();
    expect((await owner.api.post(`/api/tickets/${key}/sync`)).status).toBe(202);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_progress',
    );

    // Reactivated with no service hook: a view of the stale ticket notices. Reads are dated by the
    // Date header, in whole seconds, and a read in the same second as one that saw the PR abandoned
    // is a tie the final state wins (domain/pull-request-order.ts): the view's read comes a second on.
    pr.status = 'active';
    pr.closedDate = null;
    const reactivatedAt = Date.now();
    await waitFor(
      async () => Date.now(),
      (now) => now >= reactivatedAt + 1000,
    );
    const ticketId = (await ticket(key)).id;
    const old = new Date(Date.now() - 5 * 60 * 1000).toISOString();
    await baton.ctx.db.kysely.updateTable('pull_requests').set({ synced_at: old }).where('ticket_id', '=', ticketId).execute();
    await baton.ctx.db.kysely.updateTable('tickets').set({ prs_synced_at: old }).where('id', '=', ticketId).execute();
    await ticket(key);
    const view = await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );
    expect(view.history.at(-1)).toMatchObject({ to: 'in_review', cause: 'sync', detail: `PR #${pr.pullRequestId} reopened` });

    pr.status = 'completed';
    pr.closedDate = new Date(Date.now() - 1000).toISOString();
    await owner.api.post(`/api/projects/${projectId}/sync`);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
  });
});
