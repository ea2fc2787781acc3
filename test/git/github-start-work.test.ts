import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/database.ts';
import { renderSpecFile } from '../../src/domain/ticket-documents.ts';
import {
  addCredential,
  addMember,
  callList,
  commitsOnBranch,
  createTicket,
  type GitHubWorld,
  startGitHubWorld,
  startWork,
  steps,
  waitForStartWork,
} from './world.ts';

const SPEC_PATH = (key: string) => `.tickets/${key}.md`;

describe.each<Engine>(['sqlite', 'postgres'])('GitHub Start work, happy path on %s', (engine) => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld({ engine });
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('creates one branch, one spec commit, one PR with the checklist and one review request, in five calls', async () => {
    const { key } = await createTicket(w.dev, w.projectId);
    const from = w.fake.calls.length;
    const accepted = await w.dev.api.post(`/api/tickets/${key}/start`);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ key, status: 'in_progress', startWork: { status: 'running', actorId: w.dev.id } });

    // Waits for the flow the request above started: pressing Start work again could begin a second flow once the first has finished.
    const ticket = await waitForStartWork(w.dev, key);
    const branch = `feature/${key}-refund-flow`;
    expect(ticket.startWork).toMatchObject({ status: 'succeeded', error: null });
    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:done']);
    expect(ticket.startWork.steps[3].detail).toBe('Requested a review from Rhea Reviewer (rhea), chosen automatically');
    expect(ticket).toMatchObject({ branch, status: 'in_review', reviewer: { id: w.rhea.id }, repositoryId: w.repositoryId });
    expect(ticket.pullRequests).toEqual([expect.objectContaining({ number: 1, state: 'open', title: `${key}: Refund flow` })]);
    expect(ticket.history.map((h: any) => [h.from, h.to, h.cause])).toEqual([
      [null, 'backlog', 'user'],
      ['backlog', 'in_progress', 'start_work'],
      ['in_progress', 'in_review', 'start_work'],
    ]);

    expect(callList(w.fake, from)).toEqual([
      'GET /repos/acme/api/git/ref/heads/main 200',
      'POST /repos/acme/api/git/refs 201',
      `PUT /repos/acme/api/contents/${SPEC_PATH(key)} 201`,
      'POST /repos/acme/api/pulls 201',
      'POST /repos/acme/api/pulls/1/requested_reviewers 201',
    ]);
    const expected = renderSpecFile({
      key,
      title: 'Refund flow',
      spec: 'Customers get their money back within five days.\n\n## Notes\n\nUse the payment provider API.',
      url: `http://baton.test/tickets/${key}`,
      criteria: [
        { text: 'Refund button on the order page', done: false },
        { text: 'Customer gets an email', done: false },
      ],
    });
    expect(w.fake.state.file(w.repo, branch, SPEC_PATH(key))).toBe(expected);
    expect(commitsOnBranch(w.fake, w.repo, branch)).toHaveLength(1);
    expect(w.repo.pulls).toHaveLength(1);
    const [pull] = w.repo.pulls;
    expect(pull).toMatchObject({ head: branch, base: 'main', title: `${key}: Refund flow`, draft: false, author: 'octo', requestedReviewers: ['rhea'] });
    expect(pull.body).toContain('Customers get their money back within five days.');
    expect(pull.body).toContain(`Ticket: [${key}](http://baton.test/tickets/${key})`);
    expect(pull.body).toContain('- [ ] Refund button on the order page\n- [ ] Customer gets an email');
  });
});

describe('GitHub Start work on SQLite', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld();
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('started twice: the second run adopts everything and changes nothing', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Twice' });
    await startWork(w.dev, key);
    const branch = `feature/${key}-twice`;
    const head = w.repo.branches.get(branch);
    const from = w.fake.calls.length;

    const again = await startWork(w.dev, key);

    expect(again.startWork.status).toBe('succeeded');
    expect(again.startWork.steps.map((s: any) => s.detail)).toEqual([
      `${branch} already existed; adopted it`,
      `${SPEC_PATH(key)} was already up to date`,
      expect.stringMatching(/^Adopted the open pull request #\d+/),
      'Rhea Reviewer (rhea) was already requested',
    ]);
    // Reads only: no write that is bound to be refused (422).
    expect(callList(w.fake, from)).toEqual([
      `GET /repos/acme/api/contents/${SPEC_PATH(key)} 200`,
      `GET /repos/acme/api/pulls/${again.pullRequests[0].number} 200`,
    ]);
    expect(w.repo.branches.get(branch)).toBe(head);
    expect(w.repo.pulls.filter((p) => p.head === branch)).toHaveLength(1);
    expect(again.pullRequests).toHaveLength(1);
  });

  it('pressed while running: one job, one flow', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Double click' });
    const [a, b] = await Promise.all([w.dev.api.post(`/api/tickets/${key}/start`), w.dev.api.post(`/api/tickets/${key}/start`)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const ticket = await startWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(w.repo.pulls.filter((p) => p.head === `feature/${key}-double-click`)).toHaveLength(1);
  });

  it('adopts an existing branch: one spec commit on it', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Existing branch' });
    const branch = `feature/${key}-existing-branch`;
    w.fake.state.addBranch(w.repo, branch);
    w.fake.state.writeFile(w.repo, branch, 'src/work.ts', 'export {};\n', 'Work in progress');

    const ticket = await startWork(w.dev, key);

    expect(ticket.startWork.steps[0]).toMatchObject({ status: 'done', detail: `${branch} already existed; adopted it` });
    expect(commitsOnBranch(w.fake, w.repo, branch).map((c) => c.message)).toEqual([`${key}: add the ticket spec`, 'Work in progress']);
    expect(w.fake.state.file(w.repo, branch, 'src/work.ts')).toBe('export {};\n');
  });

  it('adopts a pull request already open for the branch', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Open PR' });
    const branch = `feature/${key}-open-pr`;
    w.fake.state.addBranch(w.repo, branch);
    w.fake.state.writeFile(w.repo, branch, 'src/open.ts', 'export {};\n');
    const existing = w.fake.state.addPull(w.repo, { head: branch, title: 'WIP', author: 'octo' });

    const ticket = await startWork(w.dev, key);

    expect(ticket.startWork.status).toBe('succeeded');
    expect(ticket.startWork.steps[2].detail).toMatch(new RegExp(`^Adopted the open pull request #${existing.number}`));
    expect(w.repo.pulls.filter((p) => p.head === branch)).toHaveLength(1);
    expect(existing.requestedReviewers).toEqual(['rhea']);
    expect(ticket.pullRequests).toEqual([expect.objectContaining({ number: existing.number, state: 'open' })]);
  });

  it('leaves the PR open and says why when GitHub refuses the reviewer (422)', async () => {
    const stan = await w.baton.addUser({ name: 'Stan Stranger' });
    w.fake.state.addToken('ghp_stranger', { kind: 'classic', login: 'stranger', scopes: ['repo'] });
    await addMember(w.dev, w.projectId, stan);
    await addCredential(stan, { provider: 'github', owner: 'acme', token: 'ghp_stranger', baseUrl: w.fake.url });
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Rejected reviewer', reviewerId: stan.id });

    const ticket = await startWork(w.dev, key);

    expect(steps(ticket)).toEqual(['branch:done', 'spec:done', 'pull_request:done', 'reviewer:failed']);
    expect(ticket.startWork.status).toBe('failed');
    expect(ticket.startWork.error).toMatch(
      /^Could not request a review from Stan Stranger \(stranger\): GitHub rejected the request on acme\/api: Reviews may only be requested from collaborators/,
    );
    expect(ticket.startWork.error).toMatch(/choose another reviewer and press Start work again$/);
    expect(ticket.pullRequests).toEqual([expect.objectContaining({ state: 'open' })]);
    expect(ticket.status).toBe('in_review');

    // Choosing a reviewer GitHub accepts and pressing again resumes at the reviewer step only.
    await w.dev.api.patch(`/api/tickets/${key}`, { reviewerId: w.rhea.id });
    const from = w.fake.calls.length;
    const resumed = await startWork(w.dev, key);
    expect(resumed.startWork.status).toBe('succeeded');
    const number = ticket.pullRequests[0].number;
    expect(callList(w.fake, from)).toEqual([`GET /repos/acme/api/pulls/${number} 200`, `POST /repos/acme/api/pulls/${number}/requested_reviewers 201`]);
  });

  it('auto-assigns the member with the fewest open reviews, never the author', async () => {
    const remy = await w.baton.addUser({ name: 'Remy Reviewer' });
    w.fake.state.addUser('remy');
    w.repo.collaborators.add('remy');
    w.fake.state.addToken('ghp_remy', { kind: 'classic', login: 'remy', scopes: ['repo'] });
    await addMember(w.dev, w.projectId, remy);
    await addCredential(remy, { provider: 'github', owner: 'acme', token: 'ghp_remy', baseUrl: w.fake.url });
    // Rhea already reviews open PRs from the tests above; Remy reviews none.
    const first = await startWork(w.dev, (await createTicket(w.dev, w.projectId, { title: 'Load one' })).key);
    expect(first.reviewer).toEqual({ id: remy.id, name: 'Remy Reviewer' });
    // Started by Remy: Remy is the author, so the choice is among the others.
    const byRemy = await createTicket(remy, w.projectId, { title: 'By Remy' });
    const second = await startWork(remy, byRemy.key);
    expect(second.reviewer.id).not.toBe(remy.id);
  });

  it('makes whoever presses Start work the assignee when there is none, and keeps one already set', async () => {
    const unassigned = await createTicket(w.dev, w.projectId, { title: 'Nobody yet' });
    const accepted = await w.dev.api.post(`/api/tickets/${unassigned.key}/start`);
    expect(accepted.status).toBe(202);
    expect(accepted.body.assignee).toEqual({ id: w.dev.id, name: w.dev.name });
    expect((await waitForStartWork(w.dev, unassigned.key)).assignee).toEqual({ id: w.dev.id, name: w.dev.name });

    const assigned = await createTicket(w.dev, w.projectId, { title: 'Rhea owns it', assigneeId: w.rhea.id });
    expect((await w.dev.api.post(`/api/tickets/${assigned.key}/start`)).body.assignee).toEqual({ id: w.rhea.id, name: w.rhea.name });
    expect((await waitForStartWork(w.dev, assigned.key)).assignee).toEqual({ id: w.rhea.id, name: w.rhea.name });
  });

  it('skips the reviewer with a reason when nobody else can be asked', async () => {
    const solo = await startGitHubWorld({ projectKey: 'SOLO' });
    try {
      await solo.dev.api.delete(`/api/projects/${solo.projectId}/members/${solo.rhea.id}`);
      const { key } = await createTicket(solo.dev, solo.projectId);
      const ticket = await startWork(solo.dev, key);
      expect(ticket.startWork.status).toBe('succeeded');
      expect(ticket.startWork.steps[3]).toMatchObject({
        status: 'skipped',
        detail: 'No other project member has a GitHub credential for acme, so nobody could be chosen; set a reviewer on the ticket',
      });
      expect(solo.repo.pulls[0].requestedReviewers).toEqual([]);
      expect(solo.fake.violations).toEqual([]);
    } finally {
      await solo.close();
    }
  });

  it('opens a draft when the project asks for drafts', async () => {
    await w.dev.api.patch(`/api/projects/${w.projectId}`, { draftPullRequests: true });
    try {
      const { key } = await createTicket(w.dev, w.projectId, { title: 'Drafty' });
      const ticket = await startWork(w.dev, key);
      expect(w.repo.pulls.find((p) => p.head === `feature/${key}-drafty`)?.draft).toBe(true);
      expect(ticket).toMatchObject({ status: 'in_progress', pullRequests: [expect.objectContaining({ state: 'draft' })] });
    } finally {
      await w.dev.api.patch(`/api/projects/${w.projectId}`, { draftPullRequests: false });
    }
  });
});
