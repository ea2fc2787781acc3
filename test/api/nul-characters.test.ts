import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { adoPayload, createProject, githubEvent, linkRepo, newSecret, sendAdo, sendGitHub, settledDeliveries } from '../webhooks/support.ts';

// JSON carries NUL as `\u0000`; PostgreSQL text cannot hold it. What a client sends is refused,
// naming the field, before anything is written; what a provider signed is acknowledged and
// stored without it. Both engines behave alike.

const NUL_MESSAGE = /must not contain the NUL character/;

describe.each(engines)('the NUL character on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectId = await createProject(owner, { key: 'NUL' });
  });
  afterAll(() => baton?.stop());

  it('refuses it in a body with 400 naming the field, and writes nothing', async () => {
    const ticket = await owner.api.post(`/api/projects/${projectId}/tickets`, { title: 'Refunds\u0000', acceptanceCriteria: ['ok', 'also\u0000'] });
    expect(ticket.status).toBe(400);
    // Named as the form labels each field, saying what to do.
    expect(ticket.body.error.details.fields).toEqual({
      title: 'Title must not contain the NUL character (\\u0000); remove it.',
      'acceptanceCriteria.1': 'Acceptance criterion 2 must not contain the NUL character (\\u0000); remove it.',
    });
    expect((await owner.api.get(`/api/projects/${projectId}/tickets`)).body.items).toEqual([]);

    const renamed = await owner.api.patch(`/api/projects/${projectId}`, { name: 'Pay\u0000ments' });
    expect([renamed.status, renamed.body.error.details.fields]).toEqual([400, { name: expect.stringMatching(NUL_MESSAGE) }]);
    expect((await owner.api.get(`/api/projects/${projectId}`)).body.name).toBe('NUL');

    const signIn = await fetch(`${baton.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: 'what\u0000ever' }),
    });
    expect(signIn.status).toBe(400);
    expect((await signIn.json()).error.details.fields).toEqual({ password: expect.stringMatching(NUL_MESSAGE) });
  });

  it('refuses it in a path or a query without a 500', async () => {
    const replay = await owner.api.post(`/api/projects/${projectId}/deliveries/abc%00/replay`, {});
    expect([replay.status, replay.body.error.details.fields]).toEqual([400, { deliveryId: expect.stringMatching(NUL_MESSAGE) }]);
    const listed = await owner.api.get(`/api/projects/${projectId}/tickets?q=refund%00`);
    expect([listed.status, listed.body.error.details.fields]).toEqual([400, { q: expect.stringMatching(NUL_MESSAGE) }]);
  });

  it('acknowledges signed deliveries that carry it in what Baton stores, and stores them without it', async () => {
    const secret = await newSecret(owner, projectId);
    await linkRepo(baton, projectId, { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' });
    const odd = githubEvent('opened', { number: 90, updatedAt: '2025-04-01T10:00:00Z' });
    odd.action = 'opened\u0000';
    const titled = githubEvent('opened', { number: 91, title: 'Refunds\u0000 for all', updatedAt: '2025-04-01T10:00:00Z' });

    const oddSent = await sendGitHub(baton, projectId, { body: odd, secret });
    expect([oddSent.status, oddSent.body.status]).toEqual([200, 'ignored']);
    const titledSent = await sendGitHub(baton, projectId, { body: titled, secret });
    expect(titledSent.status).toBe(202);

    const rows = await settledDeliveries(baton, projectId);
    expect(rows.find((r) => r.id === oddSent.body.id)).toMatchObject({ action: 'opened', outcome: 'ignored' });
    expect(rows.find((r) => r.id === titledSent.body.id)).toMatchObject({ outcome: 'applied', error: null });
    const stored = await baton.ctx.db.kysely.selectFrom('pull_requests').select('title').where('number', '=', 91).executeTakeFirstOrThrow();
    expect(stored.title).toBe('Refunds for all');
  });

  it('acknowledges an Azure DevOps delivery whose id holds it', async () => {
    const adoProject = await createProject(owner, {
      key: 'NULA',
      provider: 'ado',
      settings: { organization: 'fabrikam', project: 'Fabrikam', baseUrl: 'http://127.0.0.1:9' },
    });
    const password = await newSecret(owner, adoProject);
    const body = adoPayload('created');
    body.id = `${randomUUID()}\u0000`;
    const sent = await sendAdo(baton, adoProject, { body, password });
    expect(sent.status).toBeLessThan(300);
    const [row] = await settledDeliveries(baton, adoProject);
    expect(row.delivery_id).toBe(body.id.replace('\u0000', ''));
  });
});
