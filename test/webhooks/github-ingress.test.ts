import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import {
  createProject,
  createTicket,
  githubEvent,
  githubPullRequestExamples,
  linkRepo,
  newSecret,
  post,
  sendGitHub,
  settledDeliveries,
  sign,
  waitFor,
} from './support.ts';

const HELLO_WORLD = { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' };
const USED = new Set(['opened', 'reopened', 'edited', 'synchronize', 'ready_for_review', 'converted_to_draft', 'closed']);

describe.each(engines)('GitHub webhook ingress on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let projectKey: string;
  let secret: string;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    projectKey = engine === 'sqlite' ? 'GHS' : 'GHP';
    projectId = await createProject(owner, { key: projectKey });
    secret = await newSecret(owner, projectId);
    await linkRepo(baton, projectId, HELLO_WORLD);
  });
  afterAll(() => baton?.stop());

  const ticket = async (key: string) => (await owner.api.get(`/api/tickets/${key}`)).body;
  const rejected = async () =>
    (await baton.ctx.db.kysely.selectFrom('projects').select('rejected_deliveries').where('id', '=', projectId).executeTakeFirstOrThrow()).rejected_deliveries;

  it('sends every published pull_request example through real HTTP: used actions applied, the rest stored as ignored', async () => {
    const examples = githubPullRequestExamples();
    const sent = [];
    for (const [i, example] of examples.entries()) {
      const body = structuredClone(example);
      // Each example gets its own PR so its stored state can be checked on its own.
      body.number = body.pull_request.number = 1000 + i;
      const res = await sendGitHub(baton, projectId, { body, secret });
      sent.push({ action: body.action, number: body.number, pr: body.pull_request, res });
    }
    for (const s of sent) expect([s.action, s.res.status]).toEqual([s.action, USED.has(s.action) ? 202 : 200]);
    const rows = await settledDeliveries(baton, projectId);
    const outcomes = new Map(rows.map((r) => [r.id, r]));
    for (const s of sent) {
      const row = outcomes.get(s.res.body.id)!;
      expect([s.action, row.outcome, row.error]).toEqual([s.action, USED.has(s.action) ? 'applied' : 'ignored', null]);
    }
    const prs = await baton.ctx.db.kysely.selectFrom('pull_requests').select(['number', 'state']).where('number', '>=', 1000).execute();
    const stateOf = new Map(prs.map((p) => [p.number, p.state]));
    for (const s of sent.filter((x) => USED.has(x.action))) {
      const expected = s.pr.merged_at ? 'merged' : s.pr.state === 'open' ? (s.pr.draft ? 'draft' : 'open') : 'closed';
      expect([s.action, stateOf.get(s.number)]).toEqual([s.action, expected]);
    }
  });

  it('moves a ticket to done for a merged PR built from the closed example, with the cause in its history', async () => {
    const key = await createTicket(owner, projectId);
    const closed = structuredClone(githubPullRequestExamples().find((e) => e.action === 'closed')!);
    Object.assign(closed.pull_request, {
      number: 50,
      merged: true,
      merged_at: '2019-05-15T15:21:18Z',
      head: { ...closed.pull_request.head, ref: `feature/${key}-readme` },
    });
    closed.number = 50;
    expect((await sendGitHub(baton, projectId, { body: closed, secret })).status).toBe(202);
    const view = await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    expect(view.status).toBe('done');
    expect(view.history.at(-1)).toMatchObject({ from: 'backlog', to: 'done', cause: 'pr_event', detail: 'PR #50 merged' });
    expect(view.pullRequests).toEqual([expect.objectContaining({ number: 50, state: 'merged' })]);
  });

  it('answers a repeated delivery id with 200 duplicate and applies it once', async () => {
    const key = await createTicket(owner, projectId);
    const deliveryId = randomUUID();
    const body = githubEvent('opened', { number: 51, head: key, updatedAt: '2024-01-01T00:00:00Z' });
    const first = await sendGitHub(baton, projectId, { body, secret, deliveryId });
    const again = await sendGitHub(baton, projectId, { body, secret, deliveryId });
    expect([first.status, again.status, again.body.status]).toEqual([202, 200, 'duplicate']);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'in_review',
    );
    const row = await baton.ctx.db.kysely.selectFrom('webhook_deliveries').selectAll().where('delivery_id', '=', deliveryId).executeTakeFirstOrThrow();
    expect([row.outcome, row.duplicates]).toEqual(['applied', 1]);
    expect((await ticket(key)).history.filter((h: any) => h.cause === 'pr_event')).toHaveLength(1);
  });

  it('ends merged when closed+merged arrives before opened', async () => {
    const key = await createTicket(owner, projectId);
    const merged = githubEvent('closed', { number: 52, head: key, state: 'closed', merged: true, updatedAt: '2024-02-01T10:05:00Z' });
    const opened = githubEvent('opened', { number: 52, head: key, updatedAt: '2024-02-01T10:00:00Z' });
    expect((await sendGitHub(baton, projectId, { body: merged, secret })).status).toBe(202);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    expect((await sendGitHub(baton, projectId, { body: opened, secret })).status).toBe(202);
    await settledDeliveries(baton, projectId);
    const view = await ticket(key);
    expect([view.status, view.pullRequests[0].state]).toEqual(['done', 'merged']);
  });

  it('stays merged when an opened delivery carries the same second as the merge', async () => {
    const key = await createTicket(owner, projectId);
    const second = '2024-02-02T10:05:00Z';
    const merged = githubEvent('closed', { number: 56, head: key, state: 'closed', merged: true, updatedAt: second });
    const opened = githubEvent('opened', { number: 56, head: key, updatedAt: second });
    expect((await sendGitHub(baton, projectId, { body: merged, secret })).status).toBe(202);
    await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    const late = await sendGitHub(baton, projectId, { body: opened, secret });
    expect(late.status).toBe(202);
    const rows = await settledDeliveries(baton, projectId);
    expect(rows.find((r) => r.id === late.body.id)).toMatchObject({
      outcome: 'ignored',
      error: expect.stringMatching(/^Superseded by the stored state of PR #56/),
    });
    const view = await ticket(key);
    expect([view.status, view.pullRequests[0].state]).toEqual(['done', 'merged']);
    expect(view.history.filter((h: { cause: string }) => h.cause === 'pr_event').map((h: { to: string }) => h.to)).toEqual(['done']);
  });

  it('refuses a tampered body and missing, empty or malformed signatures with 401, counted and not stored', async () => {
    const body = Buffer.from(JSON.stringify(githubEvent('opened', { number: 53, updatedAt: '2024-03-01T00:00:00Z' })));
    const tampered = Buffer.from(body.toString().replace('"number":53', '"number":54'));
    const before = await rejected();
    const stored = async () => (await baton.ctx.db.kysely.selectFrom('webhook_deliveries').select('id').where('project_id', '=', projectId).execute()).length;
    const count = await stored();
    const attempts = [
      await sendGitHub(baton, projectId, { body: tampered, signature: sign(body, secret) }),
      await sendGitHub(baton, projectId, { body, signature: null }),
      await sendGitHub(baton, projectId, { body, signature: '' }),
      await sendGitHub(baton, projectId, { body, signature: 'sha256=' }),
      await sendGitHub(baton, projectId, { body, signature: 'sha256=zz' }),
      await sendGitHub(baton, projectId, { body, signature: sign(body, secret).slice(0, -2) }),
      await sendGitHub(baton, projectId, { body, signature: `${sign(body, secret)}ab` }),
      await sendGitHub(baton, projectId, { body, signature: sign(body, 'not the secret') }),
      // The last hex digit changed to another one (replacing it with a fixed digit is a no-op one time in 16).
      await sendGitHub(baton, projectId, { body: '', signature: sign('', secret).replace(/.$/, (d) => (d === '0' ? '1' : '0')) }),
    ];
    expect(attempts.map((a) => a.status)).toEqual(Array(attempts.length).fill(401));
    expect(await rejected()).toBe(before + attempts.length);
    expect(await stored()).toBe(count);
    const log = await owner.api.get(`/api/projects/${projectId}/deliveries`);
    expect(log.body.rejectedCount).toBe(before + attempts.length);
  });

  it('answers ping with 200, stores unused events as ignored, and 404s unknown projects and other providers', async () => {
    const ping = await sendGitHub(baton, projectId, { body: { zen: 'Design for failure.', hook_id: 1 }, event: 'ping', secret });
    expect(ping.status).toBe(200);
    // Issues are used by issue sync; a star is used by nothing.
    const star = await sendGitHub(baton, projectId, { body: { action: 'created', starred_at: null }, event: 'star', secret });
    expect(star.status).toBe(200);
    expect(star.body.status).toBe('ignored');
    const row = await baton.ctx.db.kysely.selectFrom('webhook_deliveries').selectAll().where('id', '=', star.body.id).executeTakeFirstOrThrow();
    expect([row.outcome, row.event]).toEqual(['ignored', 'star']);
    expect(JSON.parse(row.headers)).not.toHaveProperty('x-hub-signature-256');
    expect(JSON.parse(row.headers)).toMatchObject({ 'x-github-event': 'star', 'content-type': 'application/json' });

    expect((await sendGitHub(baton, randomUUID(), { body: {}, secret })).status).toBe(404);
    const adoProject = await createProject(owner, { key: `${projectKey}A`, provider: 'ado', settings: { organization: 'fabrikam', project: 'Baton' } });
    expect((await sendGitHub(baton, adoProject, { body: {}, secret })).status).toBe(404);
    expect((await post(`${baton.url}/api/webhooks/nope/${projectId}`, '{}', { 'content-type': 'application/json' })).status).toBe(404);
  });

  it('rotates: the new secret works at once and the previous one for the grace period', async () => {
    const rotated = await newSecret(owner, projectId);
    const ping = (s: string) => sendGitHub(baton, projectId, { body: { zen: 'x' }, event: 'ping', secret: s });
    expect([(await ping(rotated)).status, (await ping(secret)).status, (await ping('never issued')).status]).toEqual([200, 200, 401]);
    const view = (await owner.api.get(`/api/projects/${projectId}/webhook-secret`)).body;
    expect(Date.parse(view.previousAcceptedUntil)).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
    secret = rotated;
  });

  it('verifies without a content type and refuses a form-encoded delivery after verifying it', async () => {
    const body = JSON.stringify(githubEvent('opened', { number: 55, updatedAt: '2024-03-02T00:00:00Z' }));
    const bare = await post(`${baton.url}/api/webhooks/github/${projectId}`, body, {
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': sign(body, secret),
    });
    expect(bare.status).toBe(202);
    const form = `payload=${encodeURIComponent(body)}`;
    const encoded = await post(`${baton.url}/api/webhooks/github/${projectId}`, form, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': sign(form, secret),
    });
    expect(encoded.status).toBe(400);
  });
});

describe('GitHub webhook ingress limits and secrets', () => {
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;

  beforeAll(async () => {
    baton = await startTestBaton();
    owner = await baton.addUser();
    projectId = await createProject(owner, { key: 'LIM' });
  });
  afterAll(() => baton?.stop());

  it("accepts GitHub's documented signature test vector through the real ingress", async () => {
    await baton.ctx.db.kysely
      .updateTable('projects')
      .set({ webhook_secret_ciphertext: baton.ctx.secrets.seal("It's a Secret to Everybody") })
      .where('id', '=', projectId)
      .execute();
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    // Verified, then refused as no JSON delivery: 400, not 401.
    expect((await sendGitHub(baton, projectId, { body: 'Hello, World!', signature })).status).toBe(400);
    expect((await sendGitHub(baton, projectId, { body: 'Hello, World?', signature })).status).toBe(401);
  });

  it('refuses everything while no secret exists', async () => {
    const other = await createProject(owner, { key: 'NOSEC' });
    expect((await sendGitHub(baton, other, { body: { action: 'opened' }, signature: sign('{"action":"opened"}', '') })).status).toBe(401);
  });

  it('keeps the previous secret for the grace period only, and drops older ones at once', async () => {
    const first = await newSecret(owner, projectId);
    const second = await newSecret(owner, projectId);
    const third = await newSecret(owner, projectId);
    const ping = (secret: string) => sendGitHub(baton, projectId, { body: { zen: 'x' }, event: 'ping', secret });
    expect([(await ping(first)).status, (await ping(second)).status, (await ping(third)).status]).toEqual([401, 200, 200]);
    const view = await owner.api.get(`/api/projects/${projectId}/webhook-secret`);
    expect(Date.parse(view.body.previousAcceptedUntil) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
  });

  it('refuses a rotated-out secret once its grace period is over', async () => {
    const short = await startTestBaton({ env: { BATON_WEBHOOK_SECRET_GRACE: '3' } });
    try {
      const user = await short.addUser();
      const id = await createProject(user, { key: 'GRACE' });
      const old = await newSecret(user, id);
      const current = await newSecret(user, id);
      const ping = (secret: string) => sendGitHub(short, id, { body: { zen: 'x' }, event: 'ping', secret });
      expect([(await ping(old)).status, (await ping(current)).status]).toEqual([200, 200]);
      // Wait out the grace period the API announces (time itself is the condition here).
      const until = Date.parse((await user.api.get(`/api/projects/${id}/webhook-secret`)).body.previousAcceptedUntil);
      await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now()) + 50));
      expect([(await ping(old)).status, (await ping(current)).status]).toEqual([401, 200]);
      expect((await user.api.get(`/api/projects/${id}/webhook-secret`)).body.previousAcceptedUntil).toBeNull();
    } finally {
      await short.stop();
    }
  });

  it('shows the secret once, with URL and setup, to owners only', async () => {
    const created = await owner.api.post(`/api/projects/${projectId}/webhook-secret`);
    expect(created.body).toMatchObject({
      url: `http://baton.test/api/webhooks/github/${projectId}`,
      secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      setup: { contentType: 'application/json', events: ['Pull requests'] },
    });
    expect(created.headers.get('cache-control')).toBe('no-store');
    const shown = await owner.api.get(`/api/projects/${projectId}/webhook-secret`);
    expect(shown.body).not.toHaveProperty('secret');
    expect(shown.body.createdAt).toBe(created.body.createdAt);
    const member = await baton.addUser();
    await owner.api.post(`/api/projects/${projectId}/members`, { userId: member.id, role: 'member' });
    expect((await member.api.post(`/api/projects/${projectId}/webhook-secret`)).status).toBe(403);
    expect((await member.api.get(`/api/projects/${projectId}/webhook-secret`)).status).toBe(200);
    const outsider = await baton.addUser();
    expect((await outsider.api.get(`/api/projects/${projectId}/webhook-secret`)).status).toBe(404);
  });

  it('caps the body at 25 MB', async () => {
    const secret = await newSecret(owner, projectId);
    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x20);
    expect((await sendGitHub(baton, projectId, { body: big, secret })).status).toBe(413);
    const fits = Buffer.concat([
      Buffer.from(JSON.stringify(githubEvent('labeled', { number: 1, updatedAt: '2024-01-01T00:00:00Z' }))),
      Buffer.alloc(24 * 1024 * 1024, 0x20),
    ]);
    expect((await sendGitHub(baton, projectId, { body: fits, secret })).status).toBe(200);
  });
});
