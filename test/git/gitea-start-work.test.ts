import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCriteriaChecklist } from '../../src/domain/criteria-checklist.ts';
import { type GiteaWorld, giteaCalls, giteaCommitsOnBranch, startGiteaWorld } from './gitea-world.ts';
import { createTicket, eventually, startWork, steps, waitForStartWork } from './world.ts';

const REVIEWERS = /^POST \/repos\/acme\/api\/pulls\/\d+\/requested_reviewers 201$/;

describe('Gitea Start work', () => {
  let w: GiteaWorld;
  beforeAll(async () => {
    w = await startGiteaWorld();
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('creates branch and spec in one call, opens the PR with the checklist and requests the reviewer by login: three calls', async () => {
    const { key } = await createTicket(w.dev, w.projectId);
    const from = w.fake.calls.length;
    const ticket = await startWork(w.dev, key);

    const branch = `feature/${key}-refund-flow`;
    expect(ticket.startWork.status).toBe('succeeded');
    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:done']);
    expect(ticket).toMatchObject({ branch, status: 'in_review', reviewer: { id: w.rhea.id } });
    expect(giteaCalls(w.fake, from)).toEqual([
      `POST /repos/acme/api/contents/.tickets/${key}.md 201`,
      'POST /repos/acme/api/pulls 201',
      expect.stringMatching(REVIEWERS),
    ]);
    expect(w.fake.state.file(w.repo, branch, `.tickets/${key}.md`)).toMatch(new RegExp(`^# ${key}: Refund flow\\n`));
    expect(giteaCommitsOnBranch(w.fake, w.repo, branch)).toEqual([`${key}: add the ticket spec`]);
    const pull = w.repo.pulls.find((p) => p.head === branch)!;
    expect(pull).toMatchObject({ title: `${key}: Refund flow`, base: 'main', poster: 'dev', requestedReviewers: ['rhea'] });
    expect(parseCriteriaChecklist(pull.body)).toEqual([
      { text: 'Refund button on the order page', checked: false },
      { text: 'Customer gets an email', checked: false },
    ]);
    expect(ticket.startWork.steps.map((s: { detail: string }) => s.detail)).toEqual([
      `Created ${branch} from main`,
      expect.stringMatching(new RegExp(`^Committed \\.tickets/${key}\\.md \\([0-9a-f]{7}\\)$`)),
      `Opened pull request #${pull.number}: ${w.fake.webUrl}/acme/api/pulls/${pull.number}`,
      'Requested a review from Rhea Reviewer (rhea), chosen automatically',
    ]);
  });

  it('started twice: the second run finds the branch, the spec and the PR, and commits, opens and requests nothing', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Twice' });
    const first = await startWork(w.dev, key);
    const head = w.repo.branches.get(first.branch);
    const from = w.fake.calls.length;
    const again = await startWork(w.dev, key);

    expect(again.startWork.status).toBe('succeeded');
    // Reads only: no write that is bound to be refused.
    expect(giteaCalls(w.fake, from)).toEqual([
      `GET /repos/acme/api/contents/.tickets/${key}.md 200`,
      `GET /repos/acme/api/pulls/${first.pullRequests[0].number} 200`,
    ]);
    expect(w.repo.branches.get(first.branch)).toBe(head);
    expect(w.repo.pulls.filter((p) => p.head === first.branch)).toHaveLength(1);
    expect(again.startWork.steps.map((s: { detail: string }) => s.detail)).toEqual([
      `${first.branch} already existed; adopted it`,
      `.tickets/${key}.md was already up to date`,
      expect.stringMatching(/^Adopted the open pull request #\d+/),
      'Rhea Reviewer (rhea) was already requested',
    ]);
  });

  // Each step's request is carried out by the server, but its answer is lost: the flow fails at
  // that step, and the next press must finish without doing anything twice.
  it.each([
    {
      step: 'the branch and spec',
      path: /^\/repos\/acme\/api\/contents\//,
      method: 'POST',
      failed: ['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending'],
    },
    {
      step: 'the pull request',
      path: '/repos/acme/api/pulls',
      method: 'POST',
      failed: ['branch:done', 'spec:done', 'pull_request:failed', 'reviewer:pending'],
    },
    {
      step: 'the review request',
      path: /\/requested_reviewers$/,
      method: 'POST',
      failed: ['branch:done', 'spec:done', 'pull_request:done', 'reviewer:failed'],
    },
  ])('a fault after $step: the next press resumes with nothing duplicated', async ({ path, method, failed }) => {
    const { key } = await createTicket(w.dev, w.projectId, { title: `Fault ${w.fake.calls.length}` });
    // 403 is not retried: the flow stops and waits for a person.
    w.fake.fail({ method, path, after: true, status: 403, body: { message: 'connection reset by proxy', url: `${w.fake.webUrl}/api/swagger` } });
    const broken = await startWork(w.dev, key);
    expect(steps(broken)).toEqual(failed);
    expect(broken.startWork.error).toContain('connection reset by proxy');

    const resumed = await startWork(w.dev, key);
    expect(resumed.startWork.status).toBe('succeeded');
    expect(resumed.status).toBe('in_review');
    expect(giteaCommitsOnBranch(w.fake, w.repo, resumed.branch)).toHaveLength(1);
    const pulls = w.repo.pulls.filter((p) => p.head === resumed.branch);
    expect(pulls).toHaveLength(1);
    expect(pulls[0].requestedReviewers).toEqual(['rhea']);
  });

  it('retries a 5xx without anybody pressing again, and a step answered 502 after it was done is found done', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Flaky' });
    w.fake.fail({ method: 'POST', path: /^\/repos\/acme\/api\/contents\//, after: true, status: 502, body: { message: '' } });
    w.fake.fail({ method: 'POST', path: '/repos/acme/api/pulls', status: 502, times: 3, body: { message: '' } });
    await w.dev.api.post(`/api/tickets/${key}/start`);
    const running = await eventually(async () => {
      const t = (await w.dev.api.get(`/api/tickets/${key}`)).body;
      return t.startWork.steps[2].error?.includes('(retrying)') ? t : null;
    });
    expect(running.startWork).toMatchObject({
      status: 'running',
      steps: [{ status: 'done' }, { status: 'done' }, { name: 'pull_request', status: 'running' }, {}],
    });
    const ticket = await waitForStartWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(ticket.startWork.steps[0].detail).toBe(`${ticket.branch} already existed; adopted it`);
    expect(giteaCommitsOnBranch(w.fake, w.repo, ticket.branch)).toHaveLength(1);
    expect(w.repo.pulls.filter((p) => p.head === ticket.branch)).toHaveLength(1);
  });

  it('waits out a 429 from a proxy by rescheduling the job at Retry-After', async () => {
    const { key, id } = await createTicket(w.dev, w.projectId, { title: 'Throttled' });
    w.fake.fail({ method: 'POST', path: '/repos/acme/api/pulls', status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } });
    await w.dev.api.post(`/api/tickets/${key}/start`);
    const waiting = await eventually(async () => {
      const t = (await w.dev.api.get(`/api/tickets/${key}`)).body;
      return t.startWork.steps[2].detail?.startsWith('Waiting for the') ? t : null;
    });
    expect(waiting.startWork.steps[2].detail).toMatch(/^Waiting for the Gitea \/ Forgejo rate limit \(until /);
    const job = await w.baton.ctx.db.kysely.selectFrom('jobs').selectAll().where('singleton_key', '=', `start_work:${id}`).executeTakeFirstOrThrow();
    expect(job.attempts).toBeLessThanOrEqual(1);
    const ticket = await waitForStartWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
  });

  it('names a missing scope when a token loses write:repository', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Scoped' });
    const token = w.fake.state.tokens.get('gitea-token-for-dev-0000000000000000000001')!;
    const scopes = token.scopes;
    token.scopes = ['read:user', 'read:repository'];
    try {
      const ticket = await startWork(w.dev, key);
      expect(steps(ticket)).toEqual(['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending']);
      expect(ticket.startWork.error).toMatch(/^Gitea token lacks the write:repository scope on 127\.0\.0\.1:\d+/);
    } finally {
      token.scopes = scopes;
    }
  });
});

describe('Gitea Start work as a draft', () => {
  let w: GiteaWorld;
  beforeAll(async () => {
    w = await startGiteaWorld({ draftPullRequests: true, projectKey: 'WIP' });
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('opens a "WIP:" pull request, shows it as a draft, and keeps the prefix when the title is published again', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Draft work' });
    const ticket = await startWork(w.dev, key);
    const pull = w.repo.pulls.find((p) => p.head === ticket.branch)!;
    expect(pull.title).toBe(`WIP: ${key}: Draft work`);
    expect(ticket.pullRequests).toEqual([expect.objectContaining({ number: pull.number, state: 'draft', title: `${key}: Draft work` })]);
    expect(ticket.status).toBe('in_progress');

    expect((await w.dev.api.patch(`/api/tickets/${key}`, { title: 'Draft work, renamed' })).status).toBe(200);
    await eventually(() => pull.title === `WIP: ${key}: Draft work, renamed`);
    expect(w.fake.state.file(w.repo, ticket.branch, `.tickets/${key}.md`)).toMatch(/^# \S+: Draft work, renamed\n/);
  });
});
