import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCriteriaChecklist } from '../../src/domain/criteria-checklist.ts';
import { type BitbucketWorld, bitbucketCalls, bitbucketCommitsOnBranch, startBitbucketWorld } from './bitbucket-world.ts';
import { addCredential, addMember, createTicket, eventually, startWork, steps, waitForStartWork } from './world.ts';

describe('Bitbucket Start work', () => {
  let w: BitbucketWorld;
  beforeAll(async () => {
    w = await startBitbucketWorld();
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('creates branch and spec in one form post and opens the PR with the checklist and the reviewer by UUID: three calls', async () => {
    const { key } = await createTicket(w.dana, w.projectId);
    const from = w.fake.calls.length;
    const ticket = await startWork(w.dana, key);

    const branch = `feature/${key}-refund-flow`;
    expect(ticket.startWork.status).toBe('succeeded');
    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:done']);
    expect(ticket).toMatchObject({ branch, status: 'in_review', reviewer: { id: w.rui.id } });
    expect(bitbucketCalls(w.fake, from)).toEqual([
      'GET /repositories/acme/api/refs/branches/main 200',
      'POST /repositories/acme/api/src 201',
      'POST /repositories/acme/api/pullrequests 201',
    ]);
    expect(w.fake.state.file(w.repo, branch, `.tickets/${key}.md`)).toMatch(new RegExp(`^# ${key}: Refund flow\\n`));
    expect(bitbucketCommitsOnBranch(w.fake, w.repo, branch)).toEqual([`${key}: add the ticket spec`]);
    const pull = w.repo.pulls.find((p) => p.sourceBranch === branch)!;
    expect(pull).toMatchObject({ title: `${key}: Refund flow`, destinationBranch: 'main', state: 'OPEN', draft: false });
    expect(pull.author.uuid).toBe(w.accounts.dana.uuid);
    expect(pull.reviewers.map((r) => r.uuid)).toEqual([w.accounts.rui.uuid]);
    expect(parseCriteriaChecklist(pull.description)).toEqual([
      { text: 'Refund button on the order page', checked: false },
      { text: 'Customer gets an email', checked: false },
    ]);
    expect(ticket.startWork.steps.map((s: { detail: string }) => s.detail)).toEqual([
      `Created ${branch} from main`,
      expect.stringMatching(new RegExp(`^Committed \\.tickets/${key}\\.md \\([0-9a-f]{7}\\)$`)),
      `Opened pull request #${pull.id}: ${new URL(w.fake.url).origin}/acme/api/pull-requests/${pull.id}`,
      'Requested a review from Rui Reviewer (rui) with the pull request, chosen automatically',
    ]);
  });

  it('started twice: the second run finds the branch, the spec and the PR, and commits, opens and requests nothing', async () => {
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Twice' });
    const first = await startWork(w.dana, key);
    const head = w.repo.branches.get(first.branch);
    const from = w.fake.calls.length;
    const again = await startWork(w.dana, key);

    expect(again.startWork.status).toBe('succeeded');
    // Reads only: no write that is bound to be refused.
    expect(bitbucketCalls(w.fake, from)).toEqual([
      `GET /repositories/acme/api/refs/branches/${first.branch} 200`,
      `GET /repositories/acme/api/src/${head}/.tickets/${key}.md 200`,
      `GET /repositories/acme/api/pullrequests/${first.pullRequests[0].number} 200`,
    ]);
    expect(w.repo.branches.get(first.branch)).toBe(head);
    expect(w.repo.pulls.filter((p) => p.sourceBranch === first.branch)).toHaveLength(1);
    expect(again.startWork.steps.map((s: { detail: string }) => s.detail)).toEqual([
      `${first.branch} already existed; adopted it`,
      `.tickets/${key}.md was already up to date`,
      expect.stringMatching(/^Adopted the open pull request #\d+/),
      'Rui Reviewer (rui) was already requested',
    ]);
  });

  // Each step's request is carried out by Bitbucket, but its answer is lost: the flow fails at
  // that step, and the next press must finish without doing anything twice.
  it.each([
    {
      step: 'the base branch read',
      method: 'GET',
      path: '/repositories/acme/api/refs/branches/main',
      failed: ['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending'],
    },
    {
      step: 'the branch and spec',
      method: 'POST',
      path: '/repositories/acme/api/src',
      failed: ['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending'],
    },
    {
      step: 'the pull request',
      method: 'POST',
      path: '/repositories/acme/api/pullrequests',
      failed: ['branch:done', 'spec:done', 'pull_request:failed', 'reviewer:pending'],
    },
  ])('a fault after $step: the next press resumes with nothing duplicated', async ({ method, path, failed }) => {
    const { key } = await createTicket(w.dana, w.projectId, { title: `Fault ${w.fake.calls.length}` });
    // 403 is not retried: the flow stops and waits for a person.
    w.fake.fail({ method, path, after: true, status: 403, body: { type: 'error', error: { message: 'connection reset by proxy' } } });
    const broken = await startWork(w.dana, key);
    expect(steps(broken)).toEqual(failed);
    expect(broken.startWork.error).toContain('connection reset by proxy');

    const resumed = await startWork(w.dana, key);
    expect(resumed.startWork.status).toBe('succeeded');
    expect(resumed.status).toBe('in_review');
    expect(bitbucketCommitsOnBranch(w.fake, w.repo, resumed.branch)).toHaveLength(1);
    const pulls = w.repo.pulls.filter((p) => p.sourceBranch === resumed.branch);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.reviewers.map((r) => r.nickname)).toEqual(['rui']);
  });

  it('a fault after the review request (a PUT, when the PR was opened without it): the next press finds it requested', async () => {
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Late review' });
    // The reviewer step's own call: a PR already open without reviewers (opened by hand).
    const branch = `feature/${key}-late-review`;
    w.fake.state.writeFiles(w.repo, branch, { [`.tickets/${key}.md`]: 'draft' }, 'by hand', w.accounts.dana);
    w.fake.state.addPull(w.repo, { sourceBranch: branch, author: w.accounts.dana, title: 'by hand' });
    w.fake.fail({
      method: 'PUT',
      path: /^\/repositories\/acme\/api\/pullrequests\/\d+$/,
      after: true,
      status: 403,
      body: { type: 'error', error: { message: 'lost' } },
    });
    const broken = await startWork(w.dana, key);
    expect(steps(broken)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:failed']);

    const resumed = await startWork(w.dana, key);
    expect(resumed.startWork.status).toBe('succeeded');
    expect(resumed.startWork.steps[3].detail).toBe('Rui Reviewer (rui) was already requested');
    expect(w.repo.pulls.filter((p) => p.sourceBranch === branch).map((p) => p.reviewers.map((r) => r.nickname))).toEqual([['rui']]);
  });

  it('retries a 5xx without anybody pressing again, and a step answered 502 after it was done is found done', async () => {
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Flaky' });
    w.fake.fail({ method: 'POST', path: '/repositories/acme/api/src', after: true, status: 502 });
    w.fake.fail({ method: 'POST', path: '/repositories/acme/api/pullrequests', status: 502, times: 3 });
    await w.dana.api.post(`/api/tickets/${key}/start`);
    const running = await eventually(async () => {
      const t = (await w.dana.api.get(`/api/tickets/${key}`)).body;
      return t.startWork.steps[2].error?.includes('(retrying)') ? t : null;
    });
    expect(running.startWork).toMatchObject({
      status: 'running',
      steps: [{ status: 'done' }, { status: 'done' }, { name: 'pull_request', status: 'running' }, {}],
    });
    const ticket = await waitForStartWork(w.dana, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(bitbucketCommitsOnBranch(w.fake, w.repo, ticket.branch)).toHaveLength(1);
    expect(w.repo.pulls.filter((p) => p.sourceBranch === ticket.branch)).toHaveLength(1);
  });

  it('waits out a 429 by rescheduling the job, showing the wait on the ticket', async () => {
    const { key, id } = await createTicket(w.dana, w.projectId, { title: 'Throttled' });
    w.fake.fail({
      method: 'POST',
      path: '/repositories/acme/api/pullrequests',
      status: 429,
      headers: { 'retry-after': '1' },
      body: { type: 'error', error: { message: 'Rate limit for this resource has been exceeded' } },
    });
    await w.dana.api.post(`/api/tickets/${key}/start`);
    const waiting = await eventually(async () => {
      const t = (await w.dana.api.get(`/api/tickets/${key}`)).body;
      return t.startWork.steps[2].detail?.startsWith('Waiting for the') ? t : null;
    });
    expect(waiting.startWork.steps[2].detail).toMatch(/^Waiting for the Bitbucket Cloud rate limit \(until /);
    const job = await w.baton.ctx.db.kysely.selectFrom('jobs').selectAll().where('payload', 'like', `%${id}%`).executeTakeFirstOrThrow();
    expect(job.attempts).toBeLessThanOrEqual(1);
    expect((await waitForStartWork(w.dana, key)).startWork.status).toBe('succeeded');
  });

  it('names the missing scope when a token loses write:repository:bitbucket', async () => {
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Scoped' });
    const token = [...w.fake.state.tokens.values()].find((t) => t.kind === 'api' && t.account === w.accounts.dana)!;
    const scopes = token.scopes;
    token.scopes = scopes.filter((s) => s !== 'write:repository:bitbucket');
    try {
      const ticket = await startWork(w.dana, key);
      expect(steps(ticket)).toEqual(['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending']);
      expect(ticket.startWork.error).toBe(
        'Bitbucket API token lacks write:repository:bitbucket on acme/api; add the scope to the token (or create one that has it)',
      );
    } finally {
      token.scopes = scopes;
    }
  });
});

describe('Bitbucket Start work with a reviewer Bitbucket refuses', () => {
  let w: BitbucketWorld;
  beforeAll(async () => {
    w = await startBitbucketWorld({ projectKey: 'REV', draftPullRequests: true });
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('leaves the draft PR open without the reviewer and puts Bitbucket’s reason on the ticket', async () => {
    // Olga's own credential is valid, but she is not a member of the acme workspace.
    const olga = await w.baton.addUser({ name: 'Olga Outsider' });
    await addMember(w.dana, w.projectId, olga);
    w.fake.state.addApiToken(w.accounts.olga, 'olga-token-0123456789', [
      'read:user:bitbucket',
      'read:workspace:bitbucket',
      'read:repository:bitbucket',
      'read:pullrequest:bitbucket',
      'write:repository:bitbucket',
      'write:pullrequest:bitbucket',
    ]);
    w.fake.state.addRepo({ workspace: 'acme', slug: 'olga-scratch' }).permissions.set(w.accounts.olga.uuid, 'read');
    await addCredential(olga, { provider: 'bitbucket', owner: 'acme', email: w.accounts.olga.email, token: 'olga-token-0123456789', baseUrl: w.fake.url });
    const { key } = await createTicket(w.dana, w.projectId, { title: 'Outsider review', reviewerId: olga.id });

    const from = w.fake.calls.length;
    const ticket = await startWork(w.dana, key);

    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:failed']);
    expect(ticket.startWork.error).toBe(
      'Could not request a review from Olga Outsider (olga): Bitbucket rejected the request on acme/api: reviewers: Olga Outsider is not a member of this workspace and cannot be added to this pull request.; choose another reviewer and press Start work again',
    );
    expect(bitbucketCalls(w.fake, from)).toEqual([
      'GET /repositories/acme/api/refs/branches/main 200',
      'POST /repositories/acme/api/src 201',
      'POST /repositories/acme/api/pullrequests 400',
      'POST /repositories/acme/api/pullrequests 201',
      expect.stringMatching(/^PUT \/repositories\/acme\/api\/pullrequests\/\d+ 400$/),
    ]);
    const pull = w.repo.pulls.find((p) => p.sourceBranch === ticket.branch)!;
    expect(pull).toMatchObject({ state: 'OPEN', draft: true, reviewers: [] });
    expect(ticket.pullRequests).toEqual([expect.objectContaining({ number: pull.id, state: 'draft' })]);
  });
});
