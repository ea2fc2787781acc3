import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeHook } from '../fakes/bitbucket/state.ts';
import { REFERENCE_EVENT_KEYS, signature } from '../fakes/bitbucket/webhooks.ts';
import { type BitbucketWorld, startBitbucketWorld } from '../git/bitbucket-world.ts';
import { createProject, createTicket, startWork } from '../git/world.ts';
import { engines } from '../support/databases.ts';
import { referencePath } from '../support/reference.ts';
import { linkRepo, newSecret, post, reconcileProject, settledDeliveries, waitFor } from './support.ts';

const PAYLOADS = referencePath('webhook-payloads', 'bitbucket');
const REFERENCE = REFERENCE_EVENT_KEYS;

describe.each(engines)('Bitbucket webhooks and PR status on %s', (engine) => {
  let w: BitbucketWorld;
  let secret: string;
  let hookUrl: string;
  let hook: FakeHook;

  beforeAll(async () => {
    // Reconciliation is driven by the tests here, not by the clock.
    w = await startBitbucketWorld({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    secret = await newSecret(w.dana, w.projectId);
    hookUrl = `${w.baton.url}/api/webhooks/bitbucket/${w.projectId}`;
    hook = w.fake.state.addHook(w.repo, { url: hookUrl, secret });
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  const ticket = async (key: string) => (await w.dana.api.get(`/api/tickets/${key}`)).body;
  const delivery = (id: string) => w.baton.ctx.db.kysely.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A body sent as Bitbucket sends it, signed with `key` (default: the project's secret; null: unsigned). */
  const send = (body: string, opts: { event?: string; key?: string | null; id?: string; url?: string; attempt?: number } = {}) => {
    const key = opts.key === undefined ? secret : opts.key;
    return post(opts.url ?? hookUrl, body, {
      'content-type': 'application/json',
      'x-event-key': opts.event ?? 'pullrequest:created',
      'x-request-uuid': opts.id ?? randomUUID(),
      'x-attempt-number': String(opts.attempt ?? 1),
      'x-hook-uuid': randomUUID(),
      ...(key !== null && { 'x-hub-signature': signature(key, body) }),
    });
  };

  it('shows the webhook URL and the setup steps', async () => {
    const view = (await w.dana.api.get(`/api/projects/${w.projectId}/webhook-secret`)).body;
    expect(view.url).toBe(`http://baton.test/api/webhooks/bitbucket/${w.projectId}`);
    expect(view.setup.events).toEqual(['Pull Request: Created', 'Updated', 'Approved', 'Approval removed', 'Merged', 'Declined']);
    const steps = view.setup.steps.join('\n');
    expect(steps).toContain(`URL: http://baton.test/api/webhooks/bitbucket/${w.projectId}`);
    expect(steps).toMatch(/Secret: the secret shown once by Baton/);
  });

  it('takes every published payload through real HTTP ingress: pull-request events applied, comments stored and ignored', async () => {
    // The payloads' repository, team_name/repo_name, in a project of its own.
    const projectId = await createProject(w.dana, { key: `REF${engine.slice(0, 1).toUpperCase()}`, provider: 'bitbucket', settings: { baseUrl: w.fake.url } });
    const key = await newSecret(w.dana, projectId);
    await linkRepo(
      w.baton,
      projectId,
      { owner: 'team_name', name: 'repo_name', externalId: '{673a6070-3421-46c9-9d48-90745f7bfe8e}' },
      { provider: 'bitbucket' },
    );
    const url = `${w.baton.url}/api/webhooks/bitbucket/${projectId}`;
    const files = readdirSync(PAYLOADS).sort();
    expect(files).toEqual(Object.keys(REFERENCE).sort());
    const answers: Record<string, [number, string]> = {};
    // Created first, so the later events find the PR.
    for (const file of ['pull-request-created.json', ...files.filter((f) => f !== 'pull-request-created.json')]) {
      const res = await send(readFileSync(`${PAYLOADS}/${file}`, 'utf8'), { event: REFERENCE[file], key, url });
      answers[file] = [res.status, res.body.status];
    }
    expect(answers).toEqual({
      'pull-request-created.json': [202, 'accepted'],
      'pull-request-updated.json': [202, 'accepted'],
      'pull-request-approved.json': [202, 'accepted'],
      'pull-request-approval-removed.json': [202, 'accepted'],
      'pull-request-merged.json': [202, 'accepted'],
      'pull-request-declined.json': [202, 'accepted'],
      'pull-request-comment-created.json': [200, 'ignored'],
      'pull-request-comment-updated.json': [200, 'ignored'],
      'pull-request-comment-deleted.json': [200, 'ignored'],
    });
    const rows = await settledDeliveries(w.baton, projectId);
    // All examples share one updated_on, and deliveries may be applied in any order: on that tie
    // the merge always applies, and an open or declined sighting applied after it is superseded.
    const outcome = Object.fromEntries(rows.map((r) => [r.event, r.outcome]));
    expect(outcome).toMatchObject({
      'pullrequest:comment_created': 'ignored',
      'pullrequest:comment_deleted': 'ignored',
      'pullrequest:comment_updated': 'ignored',
      'pullrequest:fulfilled': 'applied',
    });
    for (const event of ['approved', 'created', 'rejected', 'unapproved', 'updated']) expect(['applied', 'ignored']).toContain(outcome[`pullrequest:${event}`]);
    expect(rows.filter((r) => r.error && !r.error.startsWith('Superseded'))).toEqual([]);
    const pr = await w.baton.ctx.db.kysely.selectFrom('pull_requests').selectAll().where('head_branch', '=', 'branch2').executeTakeFirstOrThrow();
    expect([pr.number, pr.head_branch, pr.base_branch, pr.ticket_id, pr.state]).toEqual([1, 'branch2', 'master', null, 'merged']);
    const stored = rows.find((r) => r.event === 'pullrequest:created')!;
    expect(JSON.parse(stored.headers)).toMatchObject({ 'x-event-key': 'pullrequest:created', 'x-attempt-number': '1' });
    expect(stored.headers).not.toMatch(/signature/i);
  });

  it('refuses unsigned and wrongly signed deliveries, and takes a request UUID once however often Bitbucket resends it', async () => {
    const body = readFileSync(`${PAYLOADS}/pull-request-created.json`, 'utf8');
    const tampered = await post(hookUrl, `${body} `, {
      'content-type': 'application/json',
      'x-event-key': 'pullrequest:created',
      'x-request-uuid': randomUUID(),
      'x-hub-signature': signature(secret, body),
    });
    const refused = [await send(body, { key: null }), await send(body, { key: 'wrong secret' }), tampered];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401]);

    const id = randomUUID();
    const first = await send(body, { id });
    expect([first.status, first.body.status]).toEqual([202, 'accepted']);
    const resent = await send(body, { id, attempt: 2 });
    expect([resent.status, resent.body.status]).toEqual([200, 'duplicate']);
    await settledDeliveries(w.baton, w.projectId);
    expect(await delivery(first.body.id)).toMatchObject({ delivery_id: id, duplicates: 1 });
  });

  it('follows Start work and the PR the fake announces: created → In review, merged → Done; a resend changes nothing', async () => {
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Hooked' });
    const started = await startWork(w.dana, key);
    const pull = w.repo.pulls.find((p) => p.sourceBranch === started.branch)!;
    await w.fake.webhooks.idle();
    const created = w.fake.webhooks.deliveries.filter((d) => d.event === 'pullrequest:created' && JSON.parse(d.body).pullrequest.id === pull.id);
    expect(created.map((d) => d.attempts)).toEqual([[202]]);

    w.fake.merge(w.repo, pull, w.accounts.rui);
    const done = await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    expect(done.history.at(-1)).toMatchObject({ to: 'done', cause: 'pr_event', detail: `PR #${pull.id} merged` });
    expect(done.pullRequests).toEqual([expect.objectContaining({ number: pull.id, state: 'merged' })]);
    // Bitbucket's "Resend request" keeps the X-Request-UUID: Baton takes it as a duplicate.
    await w.fake.webhooks.idle();
    const merged = w.fake.webhooks.deliveries.find((d) => d.event === 'pullrequest:fulfilled' && JSON.parse(d.body).pullrequest.id === pull.id)!;
    expect(await w.fake.webhooks.resend(merged)).toBe(200);
  });

  it('catches up without webhooks: Sync PR status, and a view of a ticket whose PR data is stale', async () => {
    hook.active = false; // deliveries get lost
    try {
      const { key } = await createTicket(w.dana, w.projectId, { title: 'Unhooked' });
      const started = await startWork(w.dana, key);
      const pull = w.repo.pulls.find((p) => p.sourceBranch === started.branch)!;
      w.fake.decline(w.repo, pull, w.accounts.dana, 'not now');
      expect((await w.dana.api.post(`/api/tickets/${key}/sync`)).status).toBe(202);
      // The sync stores when it ran after it applied what it read: age the ticket only once it has.
      const declined = await waitFor(
        () => ticket(key),
        (t) => t.status === 'in_progress' && t.prsSyncedAt !== null,
      );
      expect(declined.history.at(-1)).toMatchObject({ to: 'in_progress', cause: 'sync', detail: `PR #${pull.id} closed without merging` });

      // A new PR for the ticket, merged while nobody listened; the ticket is viewed later.
      const second = w.fake.state.addPull(w.repo, { sourceBranch: started.branch, author: w.accounts.dana, title: `${key}: second try` });
      await w.baton.ctx.db.kysely
        .insertInto('pull_requests')
        .values(await prRow(second.id, started.id, started.branch))
        .execute();
      w.fake.merge(w.repo, second, w.accounts.rui);
      const old = new Date(Date.now() - 3 * 60 * 1000).toISOString();
      await w.baton.ctx.db.kysely.updateTable('pull_requests').set({ synced_at: old }).where('ticket_id', '=', started.id).execute();
      await w.baton.ctx.db.kysely.updateTable('tickets').set({ prs_synced_at: old }).where('id', '=', started.id).execute();
      expect((await ticket(key)).status).toBe('in_progress'); // answered from what is stored, then refreshed
      const merged = await waitFor(
        () => ticket(key),
        (t) => t.status === 'done',
      );
      expect(merged.history.at(-1)).toMatchObject({ to: 'done', cause: 'sync' });
    } finally {
      hook.active = true;
    }
  });

  /** A pull_requests row as Start work would have recorded it, older than anything on the fake. */
  async function prRow(number: number, ticketId: string, branch: string) {
    const template = await w.baton.ctx.db.kysely.selectFrom('pull_requests').selectAll().where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    return {
      ...template,
      id: randomUUID(),
      number,
      external_id: String(number),
      state: 'open',
      head_branch: branch,
      provider_updated_at: '2020-01-01T00:00:00.000Z',
    };
  }

  it('reconciles with the watermark query: everything the first time, then only what changed since, in one call', async () => {
    const listCalls = () => w.fake.calls.filter((c) => c.method === 'GET' && c.path === '/repositories/acme/api/pullrequests' && c.query.includes('sort'));
    /** The listing queries one reconciliation made. */
    const reconcile = async () => {
      const before = listCalls().length;
      await reconcileProject(w.baton, w.dana, w.projectId, () => listCalls().length);
      return listCalls()
        .slice(before)
        .map((c) => new URLSearchParams(c.query));
    };
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Many' });
    hook.active = false;
    // More than one page (Bitbucket answers at most 50), none announced by a webhook.
    w.fake.state.writeFiles(w.repo, `feature/${key}`, { 'x.md': 'x' }, 'x', w.accounts.dana);
    for (let i = 0; i < 55; i++)
      w.fake.state.addPull(w.repo, { sourceBranch: `feature/${key}`, state: 'DECLINED', author: w.accounts.dana, title: `old ${i}` });
    const pull = w.fake.state.addPull(w.repo, { sourceBranch: `feature/${key}`, author: w.accounts.dana, title: `${key}: many` });
    hook.active = true;

    const first = await reconcile();
    expect(first.map((q) => [q.getAll('state').join(','), q.get('sort'), q.get('pagelen'), q.get('q'), q.get('page')])).toEqual([
      ['OPEN,MERGED,DECLINED,SUPERSEDED', '-updated_on', '50', null, null],
      ['OPEN,MERGED,DECLINED,SUPERSEDED', '-updated_on', '50', null, '2'],
    ]);
    expect((await ticket(key)).status).toBe('in_review');
    const row = await w.baton.ctx.db.kysely.selectFrom('repositories').selectAll().where('id', '=', w.repositoryId).executeTakeFirstOrThrow();
    expect(row.reconcile_watermark).toBe(new Date(Math.max(...w.repo.pulls.map((p) => Date.parse(p.updatedOn)))).toISOString());

    // Idle: one call, answering only the PRs at the watermark.
    const idle = await reconcile();
    expect(idle.map((q) => q.get('q'))).toEqual([`updated_on >= "${row.reconcile_watermark}"`]);

    hook.active = false;
    w.fake.merge(w.repo, pull, w.accounts.rui);
    hook.active = true;
    expect((await reconcile()).length).toBe(1);
    expect((await ticket(key)).status).toBe('done');
  });
  it('logs the deliveries, and replays one by its X-Request-UUID', async () => {
    const log = (await w.dana.api.get(`/api/projects/${w.projectId}/deliveries`)).body.items;
    const sent = w.fake.webhooks.deliveries.find((d) => d.event === 'pullrequest:fulfilled' && d.attempts[0] === 202)!;
    const logged = log.find((d: { deliveryId: string }) => d.deliveryId === sent.requestUuid);
    expect(logged).toMatchObject({ event: 'pullrequest:fulfilled', outcome: 'applied', duplicates: 1 });
    const number = JSON.parse(sent.body).pullrequest.id as number;
    const pr = () =>
      w.baton.ctx.db.kysely
        .selectFrom('pull_requests')
        .selectAll()
        .where('repository_id', '=', w.repositoryId)
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
    // Pretend the merge was lost from the store: the replay brings it back.
    await w.baton.ctx.db.kysely
      .updateTable('pull_requests')
      .set({ state: 'open', provider_updated_at: '2024-01-01T00:00:00.000Z' })
      .where('id', '=', (await pr()).id)
      .execute();
    const replayed = await w.dana.api.post(`/api/projects/${w.projectId}/deliveries/${sent.requestUuid}/replay`);
    expect(replayed.status).toBe(202);
    const row = await waitFor(
      () => delivery(logged.id),
      (r) => r.outcome !== 'pending',
    );
    expect([row.outcome, row.error]).toEqual(['applied', null]);
    expect((await pr()).state).toBe('merged');
  });
});
