import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AcmeWorld, DANA_TOKEN, FULL_SCOPES, seedAcme } from '../../../test/fakes/bitbucket/seed.ts';
import { type FakeBitbucket, startFakeBitbucket } from '../../../test/fakes/bitbucket/server.ts';
import type { GitProvider, Reviewer } from '../types.ts';
import { createBitbucketProvider } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };
const BRANCH = 'feature/PAY-1-refunds';
const PATH = '.tickets/PAY-1.md';
const SPEC = '# PAY-1 Refunds\n\nMoney back within five days.\n';

let fake: FakeBitbucket;
let world: AcmeWorld;
let bitbucket: GitProvider;
const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
const provider = (email: string, token: string) => createBitbucketProvider({ baseUrl: fake.url, token, username: email, settings: {} }, { retryDelayMs: 1 });

beforeEach(async () => {
  fake = await startFakeBitbucket();
  world = seedAcme(fake);
  bitbucket = provider('dana@acme.test', DANA_TOKEN);
});

afterEach(async () => {
  await fake.close();
  expect(fake.violations).toEqual([]);
});

describe('Bitbucket provider: start work', () => {
  const rui = (): Reviewer => ({ login: 'rui', externalUserId: world.rui.uuid });

  async function startWork(options: { headCreated?: boolean; reviewers?: Reviewer[]; content?: string } = {}) {
    const published = await bitbucket.publishFile({
      repo: REF,
      branch: BRANCH,
      baseBranch: 'main',
      path: PATH,
      content: options.content ?? SPEC,
      message: 'PAY-1: add the ticket spec',
    });
    const opened = await bitbucket.openPullRequest({
      repo: REF,
      head: BRANCH,
      base: 'main',
      title: 'PAY-1 Refunds',
      body: '- [ ] Refund button',
      draft: false,
      headCreated: options.headCreated ?? published.branchCreated,
      reviewers: options.reviewers ?? [rui()],
    });
    const review = await bitbucket.requestReviewer(REF, opened.pullRequest, rui());
    return { published, opened, review };
  }

  it('creates branch, spec, pull request and review request in three calls', async () => {
    const { published, opened, review } = await startWork();
    expect(calls()).toEqual([
      'GET /repositories/acme/api/refs/branches/main 200',
      'POST /repositories/acme/api/src 201',
      'POST /repositories/acme/api/pullrequests 201',
    ]);
    expect(published).toEqual({ branchCreated: true, commit: world.repo.branches.get(BRANCH) });
    expect(fake.state.file(world.repo, BRANCH, PATH)).toBe(SPEC);
    expect(fake.state.commits.get(world.repo.branches.get(BRANCH)!)!.parents).toEqual([world.repo.branches.get('main')]);
    expect(opened).toMatchObject({
      adopted: false,
      pullRequest: {
        number: 1,
        state: 'open',
        headBranch: BRANCH,
        baseBranch: 'main',
        title: 'PAY-1 Refunds',
        body: '- [ ] Refund button',
        requestedReviewers: [world.rui.uuid],
      },
    });
    expect(opened.pullRequest.url).toBe(`${new URL(fake.url).origin}/acme/api/pull-requests/1`);
    expect(review).toBe('already-requested');
    expect(world.repo.pulls[0]!.reviewers.map((r) => r.uuid)).toEqual([world.rui.uuid]);
  });

  it('changes nothing when run a second time', async () => {
    await startWork();
    const head = world.repo.branches.get(BRANCH);
    fake.calls.length = 0;

    const again = await startWork();

    expect(again).toMatchObject({
      published: { branchCreated: false, commit: null },
      opened: { adopted: true, pullRequest: { number: 1 } },
      review: 'already-requested',
    });
    expect(world.repo.branches.get(BRANCH)).toBe(head);
    expect(world.repo.pulls).toHaveLength(1);
    expect(calls()).toEqual([
      'GET /repositories/acme/api/refs/branches/main 200',
      'POST /repositories/acme/api/src 409',
      `GET /repositories/acme/api/refs/branches/${BRANCH} 200`,
      `GET /repositories/acme/api/src/${head}/${PATH} 200`,
      'GET /repositories/acme/api/pullrequests 200',
    ]);
  });

  it('commits a changed spec on top of the branch tip, keeping commits others pushed', async () => {
    await startWork();
    fake.state.writeFiles(world.repo, BRANCH, { 'src/refund.ts': 'export {}' }, 'work', world.dana);
    const theirs = world.repo.branches.get(BRANCH)!;

    const again = await startWork({ content: `${SPEC}\nAlso by email.\n` });

    expect(again.published).toEqual({ branchCreated: false, commit: world.repo.branches.get(BRANCH) });
    expect(fake.state.commits.get(world.repo.branches.get(BRANCH)!)!.parents).toEqual([theirs]);
    expect(fake.state.file(world.repo, BRANCH, 'src/refund.ts')).toBe('export {}');
    expect(fake.state.file(world.repo, BRANCH, PATH)).toContain('Also by email.');
  });

  it('opens the pull request without a refused reviewer, and the review request reports Bitbucket’s reason', async () => {
    const author: Reviewer = { login: 'dana', externalUserId: world.dana.uuid };
    const published = await bitbucket.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: SPEC, message: 'm' });
    const opened = await bitbucket.openPullRequest({
      repo: REF,
      head: BRANCH,
      base: 'main',
      title: 't',
      body: 'b',
      draft: true,
      headCreated: published.branchCreated,
      reviewers: [author],
    });

    expect(opened).toMatchObject({ adopted: false, pullRequest: { number: 1, state: 'draft', requestedReviewers: [] } });
    await expect(bitbucket.requestReviewer(REF, opened.pullRequest, author)).rejects.toMatchObject({
      kind: 'validation',
      retryable: false,
      message: expect.stringContaining('Dana Developer is the author and cannot be included as a reviewer.'),
    });
    expect(world.repo.pulls.map((p) => [p.state, p.reviewers.length])).toEqual([['OPEN', 0]]);
    expect(calls().slice(2)).toEqual([
      'POST /repositories/acme/api/pullrequests 400',
      'POST /repositories/acme/api/pullrequests 201',
      'PUT /repositories/acme/api/pullrequests/1 400',
    ]);
  });

  it('requests a reviewer later by PUT, keeping the reviewers already there', async () => {
    const carol = fake.state.addAccount('carol', 'Carol');
    world.repo.workspace.members.add(carol.uuid);
    await bitbucket.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: SPEC, message: 'm' });
    const { pullRequest } = await bitbucket.openPullRequest({
      repo: REF,
      head: BRANCH,
      base: 'main',
      title: 't',
      body: 'b',
      draft: false,
      headCreated: true,
      reviewers: [rui()],
    });

    expect(await bitbucket.requestReviewer(REF, pullRequest, { login: 'carol', externalUserId: carol.uuid })).toBe('requested');
    expect(world.repo.pulls[0]!.reviewers.map((r) => r.nickname)).toEqual(['rui', 'carol']);
  });

  it('adopts the open pull request of a branch it did not create, but never one from a fork', async () => {
    const fork = fake.state.addRepo({ workspace: 'acme', slug: 'api-fork', parent: world.repo });
    fake.state.writeFiles(fork, BRANCH, { 'x.md': 'x' }, 'x', world.rui);
    fake.state.addPull(world.repo, { sourceBranch: BRANCH, sourceRepo: fork, author: world.rui, title: 'from a fork' });
    fake.state.writeFiles(world.repo, BRANCH, { 'y.md': 'y' }, 'y', world.dana);

    const first = await bitbucket.openPullRequest({ repo: REF, head: BRANCH, base: 'main', title: 'PAY-1', body: '', draft: false, headCreated: false });
    expect(first).toMatchObject({ adopted: false, pullRequest: { number: 2, title: 'PAY-1' } });
    const second = await bitbucket.openPullRequest({ repo: REF, head: BRANCH, base: 'main', title: 'PAY-1', body: '', draft: false, headCreated: false });
    expect(second).toMatchObject({ adopted: true, pullRequest: { number: 2 } });
  });

  it('updates title and description without dropping the reviewers', async () => {
    await startWork();
    const updated = await bitbucket.updatePullRequest(REF, 1, { body: '- [x] Refund button' });
    expect(updated).toMatchObject({ title: 'PAY-1 Refunds', body: '- [x] Refund button', requestedReviewers: [world.rui.uuid] });
  });
});

describe('Bitbucket provider: credentials and listings', () => {
  it('identifies the token’s account by UUID and finds nothing missing', async () => {
    const check = await bitbucket.validateCredential('acme');
    expect(check).toEqual({ login: 'dana', externalUserId: world.dana.uuid, displayName: 'Dana Developer', scopes: FULL_SCOPES, missing: [], expiresAt: null });
    expect(calls()).toEqual(['GET /user 200', 'GET /repositories/acme 200', 'POST /repositories/acme/api/pullrequests 400']);
    expect(world.repo.pulls).toEqual([]);
  });

  it('names exactly the scopes a token lacks, from the first 403', async () => {
    fake.state.addApiToken(world.dana, 'narrow', ['read:user:bitbucket', 'read:repository:bitbucket', 'read:pullrequest:bitbucket']);
    const check = await provider('dana@acme.test', 'narrow').validateCredential('acme');
    expect(check.missing).toEqual(['read:workspace:bitbucket', 'write:repository:bitbucket', 'write:pullrequest:bitbucket']);
    expect(check.login).toBe('dana');
  });

  it('refuses a wrong email or token as auth, without the token in the message', async () => {
    const err = await provider('someone@acme.test', DANA_TOKEN)
      .validateCredential('acme')
      .then(
        () => null,
        (e: unknown) => e as Error,
      );
    expect(err).toMatchObject({ name: 'ProviderError', kind: 'auth' });
    expect(err?.message).not.toContain(DANA_TOKEN);
  });

  it('lists the workspace’s repositories by page, with a name search', async () => {
    for (const slug of ['billing', 'web']) fake.state.addRepo({ workspace: 'acme', slug });
    expect(await bitbucket.listRepositories('acme', { page: 1, perPage: 2 })).toMatchObject({ items: [{ name: 'api' }, { name: 'billing' }], hasMore: true });
    expect(await bitbucket.listRepositories('acme', { page: 2, perPage: 2 })).toMatchObject({ items: [{ name: 'web' }], hasMore: false });
    const found = await bitbucket.listRepositories('acme', { search: 'bill', page: 1, perPage: 10 });
    expect(found.items.map((r) => r.name)).toEqual(['billing']);
    expect(await bitbucket.getRepository(REF)).toMatchObject({ owner: 'acme', name: 'api', externalId: world.repo.uuid, defaultBranch: 'main', private: true });
  });

  it('lists pull requests updated since a watermark, newest first, following next links as given', async () => {
    for (const branch of ['a', 'b', 'c', 'd']) {
      fake.state.writeFiles(world.repo, branch, { [`${branch}.md`]: branch }, branch, world.dana);
      fake.state.addPull(world.repo, { sourceBranch: branch, author: world.dana });
    }
    fake.merge(world.repo, world.repo.pulls[0]!, world.rui);
    const watermark = world.repo.pulls[1]!.updatedOn;

    const first = await bitbucket.listPullRequests(REF, { page: 1, perPage: 2, updatedSince: watermark });
    const second = await bitbucket.listPullRequests(REF, { page: 2, perPage: 2, updatedSince: watermark });
    const numbers = [first, second].flatMap((l) => (l.notModified ? [] : l.page.items.map((p) => `${p.number} ${p.state}`)));
    expect(numbers).toEqual(['1 merged', '4 open', '3 open', '2 open']);
    expect(second).toMatchObject({ notModified: false, page: { hasMore: false } });
    const queries = fake.calls.map((c) => new URLSearchParams(c.query));
    expect(queries[0]!.getAll('state')).toEqual(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']);
    expect(queries[0]!.get('q')).toBe(`updated_on >= "${new Date(watermark).toISOString()}"`);
    expect(queries[1]!.get('page')).toBe('2');
  });
});
