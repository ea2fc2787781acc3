import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliveryHeaders, signBody } from '../fakes/gitea/webhooks.ts';
import { type GiteaWorld, startGiteaWorld } from '../git/gitea-world.ts';
import { createProject, createTicket, startWork } from '../git/world.ts';
import { engines } from '../support/databases.ts';
import { referencePath } from '../support/reference.ts';
import { linkRepo, newSecret, post, reconcileProject, settledDeliveries, waitFor } from './support.ts';

const PAYLOADS = referencePath('webhook-payloads', 'gitea');
// Each published payload with the event type Gitea sends it as (X-Gitea-Event-Type).
const REFERENCE: Record<string, string> = {
  'pull-request-event.json': 'pull_request',
  'pull-request-assign-event.json': 'pull_request_assign',
  'pull-request-label-event.json': 'pull_request_label',
  'pull-request-milestone-event.json': 'pull_request_milestone',
  'pull-request-comment-event.json': 'pull_request_comment',
  'pull-request-review-event.json': 'pull_request_review_comment',
};

describe.each(engines)('Gitea webhooks and PR status on %s', (engine) => {
  let w: GiteaWorld;
  let secret: string;
  let hookUrl: string;

  beforeAll(async () => {
    // Reconciliation is driven by the tests here, not by the clock.
    w = await startGiteaWorld({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    secret = await newSecret(w.dev, w.projectId);
    hookUrl = `${w.baton.url}/api/webhooks/gitea/${w.projectId}`;
    w.fake.hooks.push({ repo: 'acme/api', url: hookUrl, secret });
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  const ticket = async (key: string) => (await w.dev.api.get(`/api/tickets/${key}`)).body;
  const delivery = (id: string) => w.baton.ctx.db.kysely.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** A body sent the way `flavour` sends it, signed with `key` (default: the project's secret). */
  const send = (
    body: string,
    opts: { type?: string; flavour?: 'gitea' | 'forgejo'; key?: string; id?: string; url?: string; headers?: Record<string, string> } = {},
  ) =>
    post(opts.url ?? hookUrl, body, {
      ...deliveryHeaders(opts.flavour ?? 'gitea', opts.id ?? randomUUID(), opts.type ?? 'pull_request', signBody(body, opts.key ?? secret)),
      ...opts.headers,
    });

  it('shows the webhook URL and setup steps for Gitea and for Forgejo', async () => {
    const view = (await w.dev.api.get(`/api/projects/${w.projectId}/webhook-secret`)).body;
    expect(view.url).toBe(`http://baton.test/api/webhooks/gitea/${w.projectId}`);
    expect(view.setup.events).toEqual(['Pull Request']);
    const steps = view.setup.steps.join('\n');
    expect(steps).toContain(`Target URL: http://baton.test/api/webhooks/gitea/${w.projectId}`);
    expect(steps).toMatch(/Add webhook → Gitea\./);
    expect(steps).toMatch(/Forgejo \(Codeberg\).*Add webhook → Forgejo/);
    expect(steps).toContain('application/json');
  });

  it('takes every published payload through real HTTP ingress: the opened one is applied, the others stored and ignored', async () => {
    // The payloads' repository, example/example, in a project of its own.
    const projectId = await createProject(w.dev, { key: 'REF', provider: 'gitea', settings: { baseUrl: w.fake.url } });
    const key = await newSecret(w.dev, projectId);
    await linkRepo(w.baton, projectId, { owner: 'example', name: 'example', externalId: '1' }, { provider: 'gitea' });
    const files = readdirSync(PAYLOADS).sort();
    expect(files).toEqual(Object.keys(REFERENCE).sort());
    const answers: Record<string, [number, string]> = {};
    for (const file of files) {
      const res = await send(readFileSync(`${PAYLOADS}/${file}`, 'utf8'), {
        type: REFERENCE[file],
        key,
        url: `${w.baton.url}/api/webhooks/gitea/${projectId}`,
      });
      answers[file] = [res.status, res.body.status];
    }
    // Labels, milestones, assignees, comments and reviews change nothing Baton shows: stored, not applied.
    expect(answers).toEqual({
      'pull-request-assign-event.json': [200, 'ignored'],
      'pull-request-comment-event.json': [200, 'ignored'],
      'pull-request-event.json': [202, 'accepted'],
      'pull-request-label-event.json': [200, 'ignored'],
      'pull-request-milestone-event.json': [200, 'ignored'],
      'pull-request-review-event.json': [200, 'ignored'],
    });
    const rows = await settledDeliveries(w.baton, projectId);
    const byAction = Object.fromEntries(rows.map((r) => [r.action, [r.event, r.outcome]]));
    expect(byAction).toMatchObject({
      opened: ['pull_request', 'applied'],
      assigned: ['pull_request', 'ignored'],
      label_updated: ['pull_request', 'ignored'],
      milestoned: ['pull_request', 'ignored'],
      created: ['issue_comment', 'ignored'],
      reviewed: ['pull_request_comment', 'ignored'],
    });
    const pr = await w.baton.ctx.db.kysely.selectFrom('pull_requests').selectAll().where('external_id', '=', '1').executeTakeFirstOrThrow();
    expect([pr.number, pr.state, pr.head_branch, pr.ticket_id]).toEqual([2, 'open', 'master', null]);
    const stored = rows.find((r) => r.action === 'opened')!;
    expect(JSON.parse(stored.headers)).toMatchObject({ 'x-gitea-event': 'pull_request', 'x-gitea-event-type': 'pull_request' });
    expect(stored.headers).not.toMatch(/signature/i);
  });

  it('verifies X-Gitea-Signature or X-Forgejo-Signature, refuses anything else, and takes a delivery id once', async () => {
    const body = readFileSync(`${PAYLOADS}/pull-request-event.json`, 'utf8');
    const refused = [
      await send(body, { key: 'wrong secret' }),
      await send(body, { flavour: 'forgejo', key: 'wrong secret' }),
      await send(body, { headers: { 'x-gitea-signature': '' } }),
      await post(hookUrl, body, {
        'content-type': 'application/json',
        'x-gitea-event': 'pull_request',
        'x-gitea-delivery': randomUUID(),
        'x-hub-signature-256': `sha256=${signBody(body, secret)}`,
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401]);

    const id = randomUUID();
    const forgejo = await send(body, { flavour: 'forgejo', id });
    expect([forgejo.status, forgejo.body.status]).toEqual([202, 'accepted']);
    const again = await send(body, { id });
    expect([again.status, again.body.status]).toEqual([200, 'duplicate']);
    await settledDeliveries(w.baton, w.projectId);
    expect(await delivery(forgejo.body.id)).toMatchObject({ delivery_id: id, duplicates: 1 });
  });

  it('follows Start work and the PR the fake server announces: opened → In review, merged → Done', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Hooked' });
    const started = await startWork(w.dev, key);
    const pull = w.repo.pulls.find((p) => p.head === started.branch)!;
    const sent = await w.fake.deliveries();
    expect(sent.filter((d) => d.action === 'opened' && JSON.parse(d.body).number === pull.number).map((d) => d.status)).toEqual([202]);

    w.fake.people.merge(w.repo, pull);
    const done = await waitFor(
      () => ticket(key),
      (t) => t.status === 'done',
    );
    expect(done.status).toBe('done');
    expect(done.history.at(-1)).toMatchObject({ to: 'done', cause: 'pr_event', detail: `PR #${pull.number} merged` });
    expect(done.pullRequests).toEqual([expect.objectContaining({ number: pull.number, state: 'merged' })]);
  });

  it('catches up without webhooks: Sync PR status, and a view of a ticket whose PR data is stale', async () => {
    w.fake.hooks.length = 0; // deliveries get lost
    try {
      const { key } = await createTicket(w.dev, w.projectId, { title: 'Unhooked' });
      const started = await startWork(w.dev, key);
      const pull = w.repo.pulls.find((p) => p.head === started.branch)!;
      w.fake.people.close(w.repo, pull);
      expect((await w.dev.api.post(`/api/tickets/${key}/sync`)).status).toBe(202);
      // The sync stores when it ran after it applied what it read: age the ticket only once it has.
      const closed = await waitFor(
        () => ticket(key),
        (t) => t.status === 'in_progress' && t.prsSyncedAt !== null,
      );
      expect(closed.history.at(-1)).toMatchObject({ to: 'in_progress', cause: 'sync', detail: `PR #${pull.number} closed without merging` });

      w.fake.people.reopen(w.repo, pull);
      const old = new Date(Date.now() - 3 * 60 * 1000).toISOString();
      await w.baton.ctx.db.kysely.updateTable('pull_requests').set({ synced_at: old }).where('ticket_id', '=', started.id).execute();
      await w.baton.ctx.db.kysely.updateTable('tickets').set({ prs_synced_at: old }).where('id', '=', started.id).execute();
      expect((await ticket(key)).status).toBe('in_progress'); // answered from what is stored, then refreshed
      const reopened = await waitFor(
        () => ticket(key),
        (t) => t.status === 'in_review',
      );
      expect(reopened.history.at(-1)).toMatchObject({ to: 'in_review', cause: 'sync' });
    } finally {
      w.fake.hooks.push({ repo: 'acme/api', url: hookUrl, secret });
    }
  });

  it('reconciles by recent update and stops at the watermark', async () => {
    const listCalls = () => w.fake.calls.filter((c) => c.method === 'GET' && c.path === '/repos/acme/api/pulls');
    /** The listing queries one reconciliation made. */
    const reconcile = async () => {
      const before = listCalls().length;
      await reconcileProject(w.baton, w.dev, w.projectId, () => listCalls().length);
      return listCalls()
        .slice(before)
        .map((c) => c.query);
    };
    const key = (await createTicket(w.dev, w.projectId, { title: 'Many' })).key;
    w.repo.branches.set(`feature/${key}`, w.repo.branches.get('main')!);
    // More than one page (Gitea answers at most 50), none announced by a webhook.
    w.fake.hooks.length = 0;
    for (let i = 0; i < 55; i++) w.fake.state.addPull(w.repo, { head: `feature/${key}`, state: 'closed', title: `old ${i}` });
    const pull = w.fake.state.addPull(w.repo, { head: `feature/${key}`, title: `${key}: many` });
    w.fake.hooks.push({ repo: 'acme/api', url: hookUrl, secret });

    // No watermark yet: every page (the earlier tests' PRs and these fit in two).
    expect(await reconcile()).toEqual(['?state=all&sort=recentupdate&page=1&limit=50', '?state=all&sort=recentupdate&page=2&limit=50']);
    expect((await ticket(key)).status).toBe('in_review');
    const row = await w.baton.ctx.db.kysely.selectFrom('repositories').selectAll().where('id', '=', w.repositoryId).executeTakeFirstOrThrow();
    expect(row.reconcile_watermark).toBe(new Date(Math.max(...w.repo.pulls.map((p) => Date.parse(p.updatedAt)))).toISOString());

    w.fake.hooks.length = 0;
    w.fake.people.merge(w.repo, pull);
    w.fake.hooks.push({ repo: 'acme/api', url: hookUrl, secret });
    expect(await reconcile()).toEqual(['?state=all&sort=recentupdate&page=1&limit=50']);
    expect((await ticket(key)).status).toBe('done');
  });

  it('logs the deliveries, and replays one by its X-Gitea-Delivery id', async () => {
    const log = (await w.dev.api.get(`/api/projects/${w.projectId}/deliveries`)).body.items;
    // Only the merge of "Hooked" reached Baton as a closed delivery; the other changes were missed on purpose.
    const closed = log.filter((d: { action: string }) => d.action === 'closed');
    expect(closed).toEqual([expect.objectContaining({ event: 'pull_request', outcome: 'applied' })]);
    const sent = (await w.fake.deliveries()).find((d) => d.action === 'closed')!;
    expect(closed[0].deliveryId).toBe(sent.id);
    // Pretend the merge was lost from the store: the replay brings it back.
    const number = JSON.parse(sent.body).number as number;
    const pr = () =>
      w.baton.ctx.db.kysely
        .selectFrom('pull_requests')
        .selectAll()
        .where('repository_id', '=', w.repositoryId)
        .where('number', '=', number)
        .executeTakeFirstOrThrow();
    await w.baton.ctx.db.kysely
      .updateTable('pull_requests')
      .set({ state: 'open', provider_updated_at: '2024-01-01T00:00:00.000Z' })
      .where('id', '=', (await pr()).id)
      .execute();
    const replayed = await w.dev.api.post(`/api/projects/${w.projectId}/deliveries/${sent.id}/replay`);
    expect(replayed.status).toBe(202);
    const row = await waitFor(
      () => delivery(closed[0].id),
      (r) => r.outcome !== 'pending',
    );
    expect([row.outcome, row.error]).toEqual(['applied', null]);
    expect((await pr()).state).toBe('merged');
  });
});
