import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_STATUSES } from '../../src/domain/status.ts';
import { applyPullRequest } from '../../src/features/pr-status/pull-requests.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { linkRepository, pullRequest } from '../support/pr-fixtures.ts';

// The board read through HTTP: true counts per column, every ticket reachable by paging a
// column, filters that combine, search by key, title and spec, and nothing of a project for
// someone outside it.

const PER_STATUS = 24; // more than one page of 10 per column, with a remainder

describe.each(engines)('board and search API on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let dev: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let otherProjectId: string;
  let repositoryId: string;
  const keys: Record<string, string> = {};

  const board = (query = '') => owner.api.get(`/api/projects/${projectId}/board${query}`);
  const counts = (body: any) => Object.fromEntries(body.columns.map((c: any) => [c.status, c.count]));
  const keysOf = (body: any) => body.columns.flatMap((c: any) => c.items.map((t: any) => t.key)).sort();

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    dev = await baton.addUser({ name: 'Dana Dev' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
    projectId = (await owner.api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).body.id;
    otherProjectId = (await outsider.api.post('/api/projects', { key: 'OPS', name: 'Ops', provider: 'github' })).body.id;
    expect((await owner.api.post(`/api/projects/${projectId}/members`, { userId: dev.id, role: 'member' })).status).toBe(200);
    repositoryId = await linkRepository(baton.ctx.db, projectId, { owner: 'acme', name: 'api' });

    // Filler: PER_STATUS tickets in every status, plain words only.
    for (const status of TICKET_STATUSES) {
      for (let i = 0; i < PER_STATUS; i++) {
        const res = await owner.api.post(`/api/projects/${projectId}/tickets`, { title: `Chore ${status} ${i}`, status });
        expect(res.status).toBe(201);
      }
    }
    const create = async (name: string, body: Record<string, unknown>) => {
      const res = await owner.api.post(`/api/projects/${projectId}/tickets`, body);
      expect(res.status).toBe(201);
      keys[name] = res.body.key;
    };
    await create('refund', { title: 'Partial refunds for card payments', status: 'ready', assigneeId: dev.id, reviewerId: owner.id, repositoryId });
    await create('ledger', { title: 'Ledger export', spec: 'Write the **reconciliation** file nightly.', status: 'ready', assigneeId: dev.id });
    await create('audit', { title: 'Audit trail', status: 'in_progress', assigneeId: owner.id, reviewerId: dev.id, repositoryId });
    await outsider.api.post(`/api/projects/${otherProjectId}/tickets`, { title: 'Partial outage runbook' });

    // A pull request on the audit ticket, as a webhook or sync would record it.
    await baton.ctx.db.transaction((tx) =>
      applyPullRequest(tx, {
        repositoryId,
        pullRequest: pullRequest({ number: 7, headBranch: `feature/${keys.audit}-trail`, state: 'draft' }),
        cause: 'pr_event',
      }),
    );
  });
  afterAll(() => baton?.stop());

  it('answers every column with its true count and first page, newest first', async () => {
    const res = await board('?limit=10');
    expect(res.status).toBe(200);
    expect(res.body.columns.map((c: any) => c.status)).toEqual([...TICKET_STATUSES]);
    expect(counts(res.body)).toEqual({ backlog: PER_STATUS, ready: PER_STATUS + 2, in_progress: PER_STATUS + 1, in_review: PER_STATUS, done: PER_STATUS });
    const ready = res.body.columns[1];
    expect(ready.items).toHaveLength(10);
    expect(ready.items[0]).toMatchObject({ key: keys.ledger, assignee: { id: dev.id, name: 'Dana Dev' }, reviewer: null });
    expect(ready.items[1]).toMatchObject({ key: keys.refund, reviewer: { id: owner.id, name: 'Olive Owner' } });
    const numbers = ready.items.map((t: any) => t.number);
    expect(numbers).toEqual([...numbers].sort((a: number, b: number) => b - a));
    expect(ready.nextCursor).toBe(String(numbers.at(-1)));
    const inProgress = res.body.columns[2];
    expect(inProgress.items[0]).toMatchObject({ key: keys.audit, pullRequests: [{ number: 7, state: 'draft' }] });
  });

  it('reaches every ticket of a column exactly once by following its cursor', async () => {
    const first = (await board('?limit=10')).body.columns.find((c: any) => c.status === 'done');
    const seen = first.items.map((t: any) => t.key);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await owner.api.get(`/api/projects/${projectId}/tickets?status=done&limit=10&cursor=${cursor}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((t: any) => t.key));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(first.count);
    expect(new Set(seen).size).toBe(first.count);
  });

  it('filters by assignee, reviewer, repository and pull request state, combined, with counts under the filter', async () => {
    expect(keysOf((await board(`?assigneeId=${dev.id}`)).body)).toEqual([keys.refund, keys.ledger].sort());
    expect(counts((await board(`?assigneeId=${dev.id}`)).body)).toEqual({ backlog: 0, ready: 2, in_progress: 0, in_review: 0, done: 0 });
    expect(keysOf((await board(`?reviewerId=${dev.id}`)).body)).toEqual([keys.audit]);
    expect(keysOf((await board(`?repositoryId=${repositoryId}`)).body)).toEqual([keys.refund, keys.audit].sort());
    expect(keysOf((await board('?prState=draft')).body)).toEqual([keys.audit]);
    expect(keysOf((await board('?prState=open')).body)).toEqual([]);
    expect(keysOf((await board(`?assigneeId=${dev.id}&repositoryId=${repositoryId}`)).body)).toEqual([keys.refund]);
    expect(keysOf((await board(`?assigneeId=${dev.id}&reviewerId=none`)).body)).toEqual([keys.ledger]);

    const unassigned = await board('?assigneeId=none&limit=1');
    expect(Object.values(counts(unassigned.body)).reduce((a: number, b) => a + (b as number), 0)).toBe(PER_STATUS * 5);
    const noPr = await board('?prState=none&limit=1');
    expect(counts(noPr.body).in_progress).toBe(PER_STATUS);
  });

  it('searches key, title and spec by word prefixes, and combines search with filters', async () => {
    expect(keysOf((await board('?q=refund')).body)).toEqual([keys.refund]);
    expect(keysOf((await board('?q=PART%20REF')).body)).toEqual([keys.refund]);
    expect(keysOf((await board('?q=reconcil')).body)).toEqual([keys.ledger]);
    expect(keysOf((await board(`?q=${keys.audit.toLowerCase()}`)).body)).toEqual([keys.audit]);
    expect(keysOf((await board(`?q=chore%20done&assigneeId=${dev.id}`)).body)).toEqual([]);
    const chores = await board('?q=chore%20done&limit=5');
    expect(counts(chores.body)).toEqual({ backlog: 0, ready: 0, in_progress: 0, in_review: 0, done: PER_STATUS });
    // Punctuation is not query syntax: it finds what the words find, and never fails.
    expect((await board('?q=%22refund*%22%20OR%20(')).status).toBe(200);
    expect(keysOf((await board('?q=%22refund*%22')).body)).toEqual([keys.refund]);
    // Blank text searches for nothing in particular: the whole board.
    expect(counts((await board('?q=%20%20')).body)).toEqual(counts((await board()).body));
  });

  it('follows edits: a new title is found, the old one no longer', async () => {
    expect((await owner.api.patch(`/api/tickets/${keys.ledger}`, { title: 'Settlement export' })).status).toBe(200);
    expect(keysOf((await board('?q=settlement')).body)).toEqual([keys.ledger]);
    expect(keysOf((await board('?q=ledger')).body)).toEqual([]);
    expect(keysOf((await board('?q=reconciliation')).body)).toEqual([keys.ledger]);
  });

  it('pages a searched and filtered column with the same filters', async () => {
    const first = (await board('?q=chore&limit=10')).body.columns[0];
    const second = await owner.api.get(`/api/projects/${projectId}/tickets?status=backlog&q=chore&limit=10&cursor=${first.nextCursor}`);
    expect(second.body.items).toHaveLength(10);
    expect(second.body.items.every((t: any) => t.title.startsWith('Chore backlog'))).toBe(true);
  });

  it('searches across the projects the caller can see, and only those', async () => {
    const mine = await owner.api.get('/api/tickets?q=partial');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((t: any) => t.key)).toEqual([keys.refund]);
    const theirs = await outsider.api.get('/api/tickets?q=partial');
    expect(theirs.body.items.map((t: any) => t.key)).toEqual(['OPS-1']);
    const admin = await baton.addUser({ isAdmin: true });
    expect((await admin.api.get('/api/tickets?q=partial')).body.items.map((t: any) => t.key).sort()).toEqual([keys.refund, 'OPS-1'].sort());
    expect((await dev.api.get(`/api/tickets?q=${keys.audit}`)).body.items.map((t: any) => t.key)).toEqual([keys.audit]);
  });

  it('shows nothing of a project to someone outside it', async () => {
    expect((await outsider.api.get(`/api/projects/${projectId}/board`)).status).toBe(404);
    expect((await outsider.api.get(`/api/projects/${projectId}/tickets?q=refund`)).status).toBe(404);
  });

  it('refuses bad filters with the field named and what to send', async () => {
    const bad = await board(`?assigneeId=bob&prState=finished&q=${'x'.repeat(201)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual({
      assigneeId: '"assigneeId" must be the id of a person, or "none".',
      prState: '"prState" must be open, draft, merged, closed or none.',
      q: '"q" must be at most 200 characters.',
    });
    const unknown = await board('?label=x');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toEqual({ label: '"label" is not a field Baton accepts here; leave it out.' });
  });
});
