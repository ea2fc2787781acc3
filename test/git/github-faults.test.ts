import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addCredential,
  addMember,
  callList,
  commitsOnBranch,
  createProject,
  createTicket,
  eventually,
  type GitHubWorld,
  linkRepository,
  startGitHubWorld,
  startWork,
  steps,
  waitForStartWork,
} from './world.ts';

const DOCS = 'https://docs.github.com/rest';

describe('GitHub Start work: faults and resume', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld();
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  const forbidden = (permission: string) => ({
    status: 403,
    headers: { 'x-accepted-github-permissions': permission },
    body: { message: 'Resource not accessible by personal access token', documentation_url: DOCS, status: '403' },
  });

  it.each([
    {
      after: 'the branch was created (the spec commit fails)',
      fault: { method: 'PUT', path: /^\/repos\/acme\/api\/contents\//, ...forbidden('contents=write') },
      failed: ['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending'],
      error: 'GitHub token lacks Contents: write on acme/api',
      resumeCalls: (key: string) => [
        'GET /repos/acme/api/git/ref/heads/main 200',
        'POST /repos/acme/api/git/refs 422',
        `GET /repos/acme/api/contents/.tickets/${key}.md 404`,
        `PUT /repos/acme/api/contents/.tickets/${key}.md 201`,
        'POST /repos/acme/api/pulls 201',
        expect.stringMatching(/^POST \/repos\/acme\/api\/pulls\/\d+\/requested_reviewers 201$/),
      ],
    },
    {
      after: 'the spec was committed (opening the PR fails)',
      fault: { method: 'POST', path: '/repos/acme/api/pulls', ...forbidden('pull_requests=write') },
      failed: ['branch:done', 'spec:done', 'pull_request:failed', 'reviewer:pending'],
      error: 'GitHub token lacks Pull requests: write on acme/api',
      resumeCalls: () => ['POST /repos/acme/api/pulls 201', expect.stringMatching(/^POST \/repos\/acme\/api\/pulls\/\d+\/requested_reviewers 201$/)],
    },
    {
      after: 'the PR was opened (the review request fails)',
      fault: { method: 'POST', path: /\/requested_reviewers$/, ...forbidden('pull_requests=write') },
      failed: ['branch:done', 'spec:done', 'pull_request:done', 'reviewer:failed'],
      error: 'Could not request a review from Rhea Reviewer (rhea), chosen automatically',
      resumeCalls: () => [
        expect.stringMatching(/^GET \/repos\/acme\/api\/pulls\/\d+ 200$/),
        expect.stringMatching(/^POST \/repos\/acme\/api\/pulls\/\d+\/requested_reviewers 201$/),
      ],
    },
  ])('fails after $after, then resumes on the next press with nothing duplicated', async ({ fault, failed, error, resumeCalls }) => {
    const { key } = await createTicket(w.dev, w.projectId, { title: `Fault ${w.fake.calls.length}` });
    w.fake.fail(fault);
    const broken = await startWork(w.dev, key);
    expect(steps(broken)).toEqual(failed);
    expect(broken.startWork.status).toBe('failed');
    expect(broken.startWork.error).toContain(error.replace(', chosen automatically', ''));

    const from = w.fake.calls.length;
    const resumed = await startWork(w.dev, key);
    expect(resumed.startWork.status).toBe('succeeded');
    expect(callList(w.fake, from)).toEqual(resumeCalls(key));
    const branch = resumed.branch;
    expect(commitsOnBranch(w.fake, w.repo, branch)).toHaveLength(1);
    const pulls = w.repo.pulls.filter((p) => p.head === branch);
    expect(pulls).toHaveLength(1);
    expect(pulls[0].requestedReviewers).toHaveLength(1);
  });

  it('retries 5xx without anybody pressing again', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Flaky' });
    // Three 502s use up the client's own retries; the job retries after its backoff.
    w.fake.fail({ method: 'POST', path: '/repos/acme/api/pulls', status: 502, times: 3, body: { message: 'Server Error' } });
    await w.dev.api.post(`/api/tickets/${key}/start`);
    const running = await eventually(async () => {
      const t = (await w.dev.api.get(`/api/tickets/${key}`)).body;
      return t.startWork.steps[2].error?.includes('(retrying)') ? t : null;
    });
    expect(running.startWork).toMatchObject({ status: 'running', steps: [{}, {}, { name: 'pull_request', status: 'running' }, {}] });
    const ticket = await waitForStartWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(w.repo.pulls.filter((p) => p.head === ticket.branch)).toHaveLength(1);
  });

  it.each([
    {
      limit: 'primary',
      fault: (reset: number) => ({
        status: 403,
        headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'core' },
        body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: DOCS, status: '403' },
      }),
    },
    {
      limit: 'secondary',
      fault: () => ({
        status: 403,
        headers: { 'retry-after': '2' },
        body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: DOCS, status: '403' },
      }),
    },
  ])('waits out a $limit rate limit by rescheduling the job, then succeeds', async ({ fault }) => {
    const { key, id } = await createTicket(w.dev, w.projectId, { title: 'Rate limited' });
    const reset = Math.ceil(Date.now() / 1000) + 2;
    w.fake.fail({ method: 'POST', path: '/repos/acme/api/pulls', ...fault(reset) });
    const pressedAt = Date.now();
    await w.dev.api.post(`/api/tickets/${key}/start`);

    const job = await eventually(() =>
      w.baton.ctx.db.kysely
        .selectFrom('jobs')
        .selectAll()
        .where('singleton_key', '=', `start_work:${id}`)
        .where('status', '=', 'queued')
        .where('last_error', 'is not', null)
        .executeTakeFirst(),
    );
    const seenAt = Date.now();
    expect(job.attempts).toBe(0); // waiting out a limit spends no attempt
    const runAt = Date.parse(job.run_at);
    expect(runAt).toBeGreaterThanOrEqual(pressedAt + 1000);
    // Until the limit ends: the reset time, or two seconds after GitHub's answer (which came before seenAt).
    expect(runAt).toBeLessThanOrEqual(Math.max(reset * 1000, seenAt + 2000) + 1000);
    const waiting = (await w.dev.api.get(`/api/tickets/${key}`)).body;
    expect(waiting.startWork.status).toBe('running');
    expect(waiting.startWork.steps[2].detail).toMatch(/^Waiting for the GitHub rate limit \(until /);

    const ticket = await waitForStartWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(Date.now()).toBeGreaterThanOrEqual(runAt - 50);
    expect(w.repo.pulls.filter((p) => p.head === ticket.branch)).toHaveLength(1);
  });

  it('ends the flow with a plain message when the token was revoked (401), without retrying', async () => {
    const dora = await w.baton.addUser({ name: 'Dora' });
    w.fake.state.addUser('dora');
    w.fake.state.account('acme')!.members.add('dora');
    w.fake.state.addToken('ghp_dora', { kind: 'classic', login: 'dora', scopes: ['repo'] });
    await addMember(w.dev, w.projectId, dora);
    await addCredential(dora, { provider: 'github', owner: 'acme', token: 'ghp_dora', baseUrl: w.fake.url });
    w.fake.state.tokens.delete('ghp_dora');
    const { key, id } = await createTicket(dora, w.projectId, { title: 'Revoked' });
    const from = w.fake.calls.length;

    const ticket = await startWork(dora, key);

    expect(steps(ticket)).toEqual(['branch:failed', 'spec:pending', 'pull_request:pending', 'reviewer:pending']);
    expect(ticket.startWork.error).toMatch(/^GitHub rejected the token for 127\.0\.0\.1:\d+: Bad credentials$/);
    expect(callList(w.fake, from)).toEqual(['GET /repos/acme/api/git/ref/heads/main 401']);
    // The flow records its end inside the job; the job is marked finished just after.
    const job = await eventually(async () => {
      const row = await w.baton.ctx.db.kysely.selectFrom('jobs').selectAll().where('singleton_key', '=', `start_work:${id}`).executeTakeFirstOrThrow();
      return row.status === 'running' ? null : row;
    });
    expect(job).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('names the missing permission when a fine-grained token lost Pull requests: write (403)', async () => {
    const finn = await w.baton.addUser({ name: 'Finn' });
    w.fake.state.addUser('finn');
    w.fake.state.account('acme')!.members.add('finn');
    const permissions = { metadata: 'read', contents: 'write', pull_requests: 'write' } as const;
    const token = { kind: 'fine-grained' as const, login: 'finn', owner: 'acme', permissions: { ...permissions } as Record<string, 'read' | 'write'> };
    w.fake.state.addToken('github_pat_finn', token);
    await addMember(w.dev, w.projectId, finn);
    await addCredential(finn, { provider: 'github', owner: 'acme', token: 'github_pat_finn', baseUrl: w.fake.url });
    delete token.permissions.pull_requests;
    const { key } = await createTicket(finn, w.projectId, { title: 'Lost permission' });

    const ticket = await startWork(finn, key);

    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:failed', 'reviewer:pending']);
    expect(ticket.startWork.error).toBe('GitHub token lacks Pull requests: write on acme/api');
  });

  it('says the repository is gone (404)', async () => {
    w.fake.state.addRepo({ owner: 'acme', name: 'legacy' });
    const projectId = await createProject(w.dev, { key: 'OLD', provider: 'github', settings: { baseUrl: w.fake.url } });
    const credentialId = (await w.dev.api.get('/api/me/credentials')).body.items[0].id;
    await linkRepository(w.dev, projectId, { credentialId, owner: 'acme', name: 'legacy' });
    w.fake.state.repos.delete('acme/legacy');
    const { key } = await createTicket(w.dev, projectId);

    const ticket = await startWork(w.dev, key);

    expect(ticket.startWork.status).toBe('failed');
    expect(ticket.startWork.error).toMatch(/^GitHub found nothing at acme\/legacy \(missing, or invisible to this token\)/);
  });
});
