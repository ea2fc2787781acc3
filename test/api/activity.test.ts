import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTicket, eventually, type GitHubWorld, startGitHubWorld, startWork } from '../git/world.ts';
import { engines } from '../support/databases.ts';
import { githubEvent, newSecret, sendGitHub } from '../webhooks/support.ts';

// The ticket's activity feed: every change with who did it and why, written with the change.
// Edits by people, comments, Start work's steps (and its refusal), pull request events with the
// webhook delivery that carried them or the sync that found them. `history` keeps its status moves.

describe.each(engines)('ticket activity feed on %s', (engine) => {
  let w: GitHubWorld;
  let secret: string;

  beforeAll(async () => {
    w = await startGitHubWorld({ engine, projectKey: engine === 'sqlite' ? 'ACTS' : 'ACTP' });
    secret = await newSecret(w.dev, w.projectId);
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  const view = async (key: string) => {
    const res = await w.dev.api.get(`/api/tickets/${key}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const since = (entries: any[], from: number) => entries.slice(from);
  const brief = (e: any) => [e.kind, e.actor?.name ?? null, e.cause];

  it('records each edit with who made it and what changed, oldest first; history keeps only status moves', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Refund flow' });
    const bug = (await w.dev.api.post(`/api/projects/${w.projectId}/labels`, { name: 'bug', color: '#dc2626' })).body;
    const ux = (await w.dev.api.post(`/api/projects/${w.projectId}/labels`, { name: 'ux', color: '#2563eb' })).body;
    const before = await view(key);
    expect(before.activity.map(brief)).toEqual([['status', 'Dev Octo', 'user']]);
    const [first, second] = before.acceptanceCriteria;

    const patch = async (by: typeof w.dev, body: Record<string, unknown>) => {
      const res = await by.api.patch(`/api/tickets/${key}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    await patch(w.dev, { title: 'Refund flow, fast' });
    await patch(w.rhea, { spec: 'Money back within two days.' });
    await patch(w.dev, { assigneeId: w.rhea.id, reviewerId: w.dev.id });
    await patch(w.dev, { priority: 'high', labelIds: [bug.id, ux.id] });
    await patch(w.rhea, { labelIds: [ux.id] });
    await patch(w.dev, {
      acceptanceCriteria: [
        { id: first.id, text: 'Refund button on every order page', done: false },
        { id: second.id, text: second.text, done: true },
        { text: 'Refund shows in the ledger' },
      ],
    });
    await patch(w.dev, { acceptanceCriteria: [{ id: second.id, text: second.text, done: true }] });
    await patch(w.rhea, { archived: true });
    await patch(w.dev, { archived: false, status: 'ready' });
    // Saving what is already there is no change and records nothing.
    await patch(w.dev, { title: 'Refund flow, fast', priority: 'high', assigneeId: w.rhea.id, labelIds: [ux.id] });

    const after = await view(key);
    const entries = since(after.activity, 1);
    expect(entries.map(brief)).toEqual([
      ['title', 'Dev Octo', 'user'],
      ['spec', 'Rhea Reviewer', 'user'],
      ['assignee', 'Dev Octo', 'user'],
      ['reviewer', 'Dev Octo', 'user'],
      ['priority', 'Dev Octo', 'user'],
      ['labels', 'Dev Octo', 'user'],
      ['labels', 'Rhea Reviewer', 'user'],
      ['criteria', 'Dev Octo', 'user'],
      ['criteria', 'Dev Octo', 'user'],
      ['archived', 'Rhea Reviewer', 'user'],
      ['status', 'Dev Octo', 'user'],
      ['unarchived', 'Dev Octo', 'user'],
    ]);
    const [title, , assignee, reviewer, priority, labelsAdded, labelsRemoved, criteriaEdit, criteriaRemoved, , status] = entries;
    expect(title).toMatchObject({ from: 'Refund flow', to: 'Refund flow, fast', deliveryId: null });
    expect(assignee).toMatchObject({ fromPerson: null, toPerson: { id: w.rhea.id, name: 'Rhea Reviewer' } });
    expect(reviewer).toMatchObject({ fromPerson: null, toPerson: { id: w.dev.id, name: 'Dev Octo' } });
    expect(priority).toMatchObject({ from: 'none', to: 'high' });
    expect(labelsAdded).toMatchObject({ labelsAdded: [bug, ux], labelsRemoved: [] });
    expect(labelsRemoved).toMatchObject({ labelsAdded: [], labelsRemoved: [bug] });
    expect(criteriaEdit.criteria).toEqual([
      { change: 'edited', text: 'Refund button on every order page', previousText: 'Refund button on the order page' },
      { change: 'done', text: second.text },
      { change: 'added', text: 'Refund shows in the ledger' },
    ]);
    expect(criteriaRemoved.criteria).toEqual([
      { change: 'removed', text: 'Refund button on every order page' },
      { change: 'removed', text: 'Refund shows in the ledger' },
    ]);
    expect(status).toMatchObject({ from: 'backlog', to: 'ready' });
    // The status moves, as `history` has always shown them.
    expect(after.history.map((h: any) => [h.from, h.to, h.cause, h.actor?.name])).toEqual([
      [null, 'backlog', 'user', 'Dev Octo'],
      ['backlog', 'ready', 'user', 'Dev Octo'],
    ]);
  });

  it('records a comment with its author and where to find it', async () => {
    const { key } = await createTicket(w.dev, w.projectId);
    const comment = await w.rhea.api.post(`/api/tickets/${key}/comments`, { body: 'Looks   good\n\nto me' });
    expect(comment.status).toBe(201);
    expect((await view(key)).activity.at(-1)).toMatchObject({
      kind: 'comment',
      actor: { id: w.rhea.id },
      cause: 'user',
      commentId: comment.body.id,
      detail: 'Looks good to me',
    });
  });

  it("records Start work's steps, the PR events a webhook delivered (naming the delivery) and what a sync found", async () => {
    const { key } = await createTicket(w.dev, w.projectId);
    const started = await startWork(w.dev, key);
    expect(started.startWork.status).toBe('succeeded');
    const entries = since(started.activity, 1);
    expect(entries.map((e: any) => [e.kind, e.step ?? null, e.cause, e.actor?.name])).toEqual([
      ['start_work', 'requested', 'start_work', 'Dev Octo'],
      ['assignee', null, 'start_work', 'Dev Octo'],
      ['status', null, 'start_work', 'Dev Octo'],
      ['start_work', 'branch', 'start_work', 'Dev Octo'],
      ['start_work', 'spec', 'start_work', 'Dev Octo'],
      ['status', null, 'start_work', 'Dev Octo'],
      ['start_work', 'pull_request', 'start_work', 'Dev Octo'],
      ['reviewer', null, 'start_work', 'Dev Octo'],
      ['start_work', 'reviewer', 'start_work', 'Dev Octo'],
    ]);
    expect(entries[1].toPerson).toEqual({ id: w.dev.id, name: 'Dev Octo' });
    expect(entries[3].detail).toBe(`Created ${started.branch} from main`);
    expect(entries[4].detail).toMatch(new RegExp(`^Committed \\.tickets/${key}\\.md \\([0-9a-f]{7}\\)$`));
    expect(entries[6].detail).toMatch(/^Opened pull request #\d+: http/);
    expect(entries[7]).toMatchObject({ toPerson: { id: w.rhea.id }, detail: 'Chosen automatically' });
    expect(entries[8].detail).toBe('Requested a review from Rhea Reviewer (rhea), chosen automatically');

    // Closed at the provider, no webhook: "Sync PR status" finds it and says so.
    const pull = w.repo.pulls.find((p) => p.head === started.branch)!;
    const closedAt = new Date(Date.now() + 60_000).toISOString();
    Object.assign(pull, { state: 'closed', mergedAt: null, closedAt, updatedAt: closedAt });
    expect((await w.dev.api.post(`/api/tickets/${key}/sync`)).status).toBe(202);
    const synced = await eventually(
      async () => {
        const t = await view(key);
        return t.status === 'in_progress' ? t : null;
      },
      { what: `the sync of ${key} to move it back to in progress` },
    );
    expect(synced.activity.slice(-2).map((e: any) => [e.kind, e.cause, e.via, e.detail, e.deliveryId, e.actor?.name, e.pullRequest?.event ?? e.to])).toEqual([
      ['pull_request', 'sync', 'Sync PR status', `PR #${pull.number} closed without merging`, null, 'Dev Octo', 'closed'],
      ['status', 'sync', 'Sync PR status', `PR #${pull.number} closed without merging`, null, 'Dev Octo', 'in_progress'],
    ]);

    // A webhook delivery merges the PR: the PR event and the status move both name it.
    const merged = githubEvent('closed', {
      number: pull.number,
      head: pull.head,
      state: 'closed',
      merged: true,
      updatedAt: new Date(Date.now() + 120_000).toISOString(),
    });
    merged.repository = { ...merged.repository, id: w.repo.id, name: 'api', full_name: 'acme/api', owner: { ...merged.repository.owner, login: 'acme' } };
    merged.pull_request.html_url = `https://github.com/acme/api/pull/${pull.number}`;
    const sent = await sendGitHub(w.baton, w.projectId, { body: merged, secret });
    expect(sent.status).toBe(202);
    const done = await eventually(
      async () => {
        const t = await view(key);
        return t.status === 'done' ? t : null;
      },
      { what: `${key} moved to done by the delivery` },
    );
    const [prEvent, move] = done.activity.slice(-2);
    expect(prEvent).toMatchObject({
      kind: 'pull_request',
      cause: 'pr_event',
      actor: null,
      deliveryId: sent.body.id,
      detail: `PR #${pull.number} merged`,
      pullRequest: { number: pull.number, state: 'merged', event: 'merged', url: `https://github.com/acme/api/pull/${pull.number}` },
    });
    expect(move).toMatchObject({
      kind: 'status',
      from: 'in_progress',
      to: 'done',
      cause: 'pr_event',
      deliveryId: sent.body.id,
      detail: `PR #${pull.number} merged`,
    });
    expect(move.rule).toMatch(/^Rule \d+: /);
    expect(done.history.at(-1)).toMatchObject({ from: 'in_progress', to: 'done', cause: 'pr_event', rule: move.rule, delivery: { id: sent.body.id } });
    // The id is the delivery's row in the project's delivery log.
    const log = await w.dev.api.get(`/api/projects/${w.projectId}/deliveries`);
    expect(log.body.items.find((d: any) => d.id === sent.body.id)).toMatchObject({ outcome: 'applied', ticket: { key } });
  });

  it('records a Start work failure with its reason', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Forbidden flow' });
    w.fake.fail({ method: 'POST', path: '/repos/acme/api/pulls', status: 403, body: { message: 'Resource not accessible by personal access token' } });
    const ended = await startWork(w.dev, key);
    expect(ended.startWork.status).toBe('failed');
    const failure = ended.activity.at(-1);
    expect(failure).toMatchObject({ kind: 'start_work', step: 'failed', cause: 'start_work', actor: { id: w.dev.id } });
    expect(failure.detail).toBe(ended.startWork.error);
    expect(failure.detail).toMatch(/Resource not accessible/);
  });

  it('keeps a refusal of Start work in the feed until a later press gets through', async () => {
    const newcomer = await w.baton.addUser({ name: 'Nia Newcomer' });
    await addMember(w.dev, w.projectId, newcomer);
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Refused flow' });
    const refused = await newcomer.api.post(`/api/tickets/${key}/start`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'no_credential' });

    const after = await view(key);
    expect(after.startWork).toBeNull();
    expect(after.status).toBe('backlog');
    expect(after.activity.at(-1)).toMatchObject({
      kind: 'start_work',
      step: 'refused',
      reason: 'no_credential',
      actor: { id: newcomer.id },
      detail: refused.body.error.message,
    });

    const started = await startWork(w.dev, key);
    const steps = started.activity.filter((e: any) => e.kind === 'start_work').map((e: any) => e.step);
    expect(steps.slice(0, 2)).toEqual(['refused', 'requested']);
  });

  it('shows nothing of the feed to someone outside the project', async () => {
    const outsider = await w.baton.addUser({ name: 'Otto Outsider' });
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Private flow' });
    await w.dev.api.post(`/api/tickets/${key}/comments`, { body: 'Secret plans' });
    for (const path of [`/api/tickets/${key}`, `/api/tickets/${key}/comments`]) {
      const res = await outsider.api.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(JSON.stringify(res.body)).not.toMatch(/Secret plans|activity/);
    }
    expect((await outsider.api.get(`/api/projects/${w.projectId}/deliveries`)).status).toBe(404);
    // Nor can they write to it.
    expect((await outsider.api.post(`/api/tickets/${key}/comments`, { body: 'hi' })).status).toBe(404);
    expect((await outsider.api.patch(`/api/tickets/${key}`, { title: 'Mine now' })).status).toBe(404);
    expect((await outsider.api.post(`/api/tickets/${key}/start`)).status).toBe(404);
    expect((await view(key)).activity.map((e: any) => e.kind)).toEqual(['status', 'comment']);
  });
});
