import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE_PAT, type FakeAzureDevOps, seedFabrikam, startFakeAzureDevOps } from '../../../test/fakes/azure-devops/index.ts';
import { ProviderError } from '../../errors.ts';
import type { GitProvider, ProviderCall } from '../types.ts';
import { createAzureDevOpsProvider } from './provider.ts';

const repo = { owner: 'fabrikam', name: 'api' };
const BRANCH = 'PAY-123-checkout';
const SPEC = '# PAY-123 Checkout\n\n- [ ] pays\n';
const GIT = '/fabrikam/Baton/_apis/git/repositories/api';

let fake: FakeAzureDevOps;
let world: ReturnType<typeof seedFabrikam>;
let calls: ProviderCall[];

beforeEach(async () => {
  fake = await startFakeAzureDevOps();
  world = seedFabrikam(fake);
  calls = [];
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

function provider(token = ALICE_PAT): GitProvider {
  return createAzureDevOpsProvider(
    { baseUrl: fake.url, token, settings: { organization: 'fabrikam', project: 'Baton' }, onRequest: (c) => calls.push(c) },
    { sleep: async () => {} },
  );
}

const callList = () => calls.map((c) => `${c.method} ${c.path}`);

async function startWork(p: GitProvider, content = SPEC) {
  const published = await p.publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content, message: 'PAY-123: spec' });
  const opened = await p.openPullRequest({ repo, head: BRANCH, base: 'main', title: 'PAY-123 Checkout', body: '- [ ] pays', draft: false });
  const review = await p.requestReviewer(repo, opened.pullRequest, { login: 'bob@example.com', externalUserId: world.bob.id });
  return { published, opened, review };
}

describe('start work', () => {
  it('creates branch + spec in one push, opens the PR and requests the reviewer in 4 calls', async () => {
    const { published, opened, review } = await startWork(provider());

    expect(callList()).toEqual([`GET ${GIT}/refs`, `POST ${GIT}/pushes`, `POST ${GIT}/pullrequests`, `PUT ${GIT}/pullRequests/1/reviewers/${world.bob.id}`]);
    expect(published).toEqual({ branchCreated: true, commit: world.repo.refs.get(`refs/heads/${BRANCH}`) });
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/.tickets/PAY-123.md')).toBe(SPEC);
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/README.md')).toBe('# hello\n');
    expect(opened.adopted).toBe(false);
    expect(opened.pullRequest).toMatchObject({
      number: 1,
      externalId: '1',
      url: `${fake.url}/fabrikam/Baton/_git/api/pullrequest/1`,
      title: 'PAY-123 Checkout',
      body: '- [ ] pays',
      state: 'open',
      headBranch: BRANCH,
      baseBranch: 'main',
      requestedReviewers: [],
    });
    expect(review).toBe('requested');
    expect(world.repo.pullRequests[0]!.reviewers.map((r) => [r.identity.id, r.vote])).toEqual([[world.bob.id, 0]]);
  });

  it('run twice: no second commit, pull request or reviewer', async () => {
    await startWork(provider());
    const again = await startWork(provider());

    expect(again.published).toEqual({ branchCreated: false, commit: null });
    expect(again.opened.adopted).toBe(true);
    expect(again.opened.pullRequest.requestedReviewers).toEqual([world.bob.id]);
    expect(again.review).toBe('already-requested');
    expect(world.repo.pushes).toHaveLength(1);
    expect(world.repo.pullRequests).toHaveLength(1);
    expect(world.repo.pullRequests[0]!.reviewers).toHaveLength(1);
  });

  it('edits the spec on an existing branch only when it differs', async () => {
    const p = provider();
    await p.publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: 'old', message: 'm' });
    calls = [];
    const result = await p.publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });

    expect(result).toEqual({ branchCreated: false, commit: world.repo.refs.get(`refs/heads/${BRANCH}`) });
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/.tickets/PAY-123.md')).toBe(SPEC);
    expect(callList()).toEqual([`GET ${GIT}/refs`, `POST ${GIT}/pushes`, `GET ${GIT}/refs`, `GET ${GIT}/items`, `POST ${GIT}/pushes`]);
    expect(calls[1]!.status).toBe(409);
  });

  it('adds the spec to an existing branch that has moved on and lacks it', async () => {
    const main = world.repo.refs.get('refs/heads/main')!;
    const wip = fake.state.commit(world.repo, [main], new Map([...world.repo.commits.get(main)!.files, ['/wip.txt', 'wip']]), 'wip', world.alice);
    world.repo.refs.set(`refs/heads/${BRANCH}`, wip.commitId);
    const result = await provider().publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });

    expect(result.branchCreated).toBe(false);
    expect(world.repo.commits.get(result.commit!)!.parents).toEqual([wip.commitId]);
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/.tickets/PAY-123.md')).toBe(SPEC);
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/wip.txt')).toBe('wip');
  });

  it('writes the spec in the one push to a branch left at the base tip, as to a new one', async () => {
    world.repo.refs.set(`refs/heads/${BRANCH}`, world.repo.refs.get('refs/heads/main')!);
    const result = await provider().publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });

    // One push cannot tell "created" from "found at the base tip": either way the branch now
    // starts at the base with the spec on it.
    expect(result.branchCreated).toBe(true);
    expect(fake.callList().filter((c) => c.startsWith('POST'))).toHaveLength(1);
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/.tickets/PAY-123.md')).toBe(SPEC);
  });

  it('adopts an active pull request someone else opened for the branch', async () => {
    const p = provider();
    await p.publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });
    const theirs = fake.state.addPullRequest(world.repo, {
      sourceRefName: `refs/heads/${BRANCH}`,
      targetRefName: 'refs/heads/main',
      title: 'Mine',
      description: '',
      isDraft: true,
      createdBy: world.bob,
    });
    const { pullRequest, adopted } = await p.openPullRequest({ repo, head: BRANCH, base: 'main', title: 't', body: 'b', draft: false });

    expect(adopted).toBe(true);
    expect(pullRequest).toMatchObject({ number: theirs.pullRequestId, state: 'draft', title: 'Mine' });
    expect(world.repo.pullRequests).toHaveLength(1);
  });

  it('never adopts a pull request from a fork whose branch has the same name', async () => {
    const p = provider();
    await p.publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });
    const ours = fake.state.addPullRequest(world.repo, {
      sourceRefName: `refs/heads/${BRANCH}`,
      targetRefName: 'refs/heads/main',
      title: 'Ours',
      description: '',
      isDraft: false,
      createdBy: world.bob,
    });
    // Newer, so listed first by the service.
    fake.state.addPullRequest(world.repo, {
      sourceRefName: `refs/heads/${BRANCH}`,
      targetRefName: 'refs/heads/main',
      title: 'From a fork',
      description: '',
      isDraft: false,
      createdBy: world.bob,
      forkSource: { repositoryId: 'f0f0f0f0-0000-0000-0000-000000000001', repositoryName: 'payments-fork' },
    });
    const { pullRequest, adopted } = await p.openPullRequest({ repo, head: BRANCH, base: 'main', title: 't', body: 'b', draft: false });

    expect(adopted).toBe(true);
    expect(pullRequest).toMatchObject({ number: ours.pullRequestId, title: 'Ours', fromFork: false });
  });

  it('opens drafts and cuts descriptions to the 4000 characters ADO allows', async () => {
    const p = provider();
    await p.publishFile({ repo, branch: BRANCH, baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });
    const { pullRequest } = await p.openPullRequest({ repo, head: BRANCH, base: 'main', title: 't', body: 'x'.repeat(5000), draft: true });

    expect(pullRequest.state).toBe('draft');
    expect(world.repo.pullRequests[0]!.description).toHaveLength(4000);
  });

  it('branches from a base that already holds the spec (a ticket started again)', async () => {
    const main = world.repo.refs.get('refs/heads/main')!;
    world.repo.commits.get(main)!.files.set('/.tickets/PAY-123.md', SPEC);
    const same = await provider().publishFile({ repo, branch: 'again', baseBranch: 'main', path: '.tickets/PAY-123.md', content: SPEC, message: 'm' });
    expect(same).toEqual({ branchCreated: true, commit: null });
    expect(world.repo.refs.get('refs/heads/again')).toBe(main);

    const changed = await provider().publishFile({ repo, branch: 'changed', baseBranch: 'main', path: '.tickets/PAY-123.md', content: 'v2', message: 'm' });
    expect(changed.branchCreated).toBe(true);
    expect(fake.state.fileAt(world.repo, 'refs/heads/changed', '/.tickets/PAY-123.md')).toBe('v2');
  });

  it('fails on a missing base branch', async () => {
    const err = await provider()
      .publishFile({ repo, branch: BRANCH, baseBranch: 'develop', path: 'x.md', content: 'x', message: 'm' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found' });
  });

  // A step's request reaches ADO but its answer is lost (500 after the state changed), and the
  // client's retries fail too; running start work again must converge without duplicates.
  it.each([
    ['refs', 'GET', '/refs'],
    ['push', 'POST', '/pushes'],
    ['pull request', 'POST', '/pullrequests'],
    ['reviewer', 'PUT', '/reviewers/'],
  ])('resumes after a failure at the %s step', async (_step, method, path) => {
    fake.fail({ method, path, status: 500, after: true, times: 3 });
    const err = await startWork(provider()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'transient' });

    await startWork(provider());
    expect(world.repo.pushes).toHaveLength(1);
    expect(world.repo.pullRequests).toHaveLength(1);
    expect(world.repo.pullRequests[0]!.reviewers.map((r) => r.identity.id)).toEqual([world.bob.id]);
    expect(fake.state.fileAt(world.repo, `refs/heads/${BRANCH}`, '/.tickets/PAY-123.md')).toBe(SPEC);
  });
});

describe('pull requests', () => {
  async function opened() {
    const p = provider();
    await startWork(p);
    return { p, pr: world.repo.pullRequests[0]! };
  }

  it('maps completed to merged and abandoned to closed, then reactivated to open', async () => {
    const { p, pr } = await opened();
    pr.status = 'abandoned';
    pr.closedDate = new Date().toISOString();
    expect((await p.getPullRequest(repo, 1)).state).toBe('closed');
    pr.status = 'active';
    pr.closedDate = null;
    expect((await p.getPullRequest(repo, 1)).state).toBe('open');
    pr.status = 'completed';
    expect((await p.getPullRequest(repo, 1)).state).toBe('merged');
  });

  it('dates a sighting by the service clock, never before the PR was created or closed', async () => {
    const { p, pr } = await opened();
    const before = Date.now() - 1000;
    const seen = await p.getPullRequest(repo, 1);
    expect(Date.parse(seen.updatedAt)).toBeGreaterThanOrEqual(Math.max(before, Date.parse(pr.creationDate)) - 1000);
    pr.closedDate = '2999-01-01T00:00:00.000Z';
    expect((await p.getPullRequest(repo, 1)).updatedAt).toBe('2999-01-01T00:00:00.000Z');
  });

  it('updates title and description', async () => {
    const { p } = await opened();
    const updated = await p.updatePullRequest(repo, 1, { body: 'new body' });
    expect(updated).toMatchObject({ title: 'PAY-123 Checkout', body: 'new body' });
  });

  it('lists every state newest first, page by page', async () => {
    for (let i = 0; i < 5; i++) {
      fake.state.addPullRequest(world.repo, {
        sourceRefName: 'refs/heads/main',
        targetRefName: 'refs/heads/main',
        title: `pr ${i}`,
        description: '',
        isDraft: false,
        createdBy: world.alice,
        status: i % 2 ? 'completed' : 'abandoned',
      });
    }
    const p = provider();
    const first = await p.listPullRequests(repo, { page: 1, perPage: 2 });
    const last = await p.listPullRequests(repo, { page: 3, perPage: 2 });

    expect(first).toMatchObject({ notModified: false, etag: null, page: { hasMore: true } });
    if (first.notModified || last.notModified) throw new Error('unexpected');
    expect(first.page.items.map((i) => [i.number, i.state])).toEqual([
      [5, 'closed'],
      [4, 'merged'],
    ]);
    expect(last.page).toMatchObject({ hasMore: false, items: [{ number: 1 }] });
  });
});

describe('repositories', () => {
  it('lists, searches and pages the project repositories', async () => {
    fake.state.addRepository(world.project, 'web', null);
    fake.state.addRepository(world.project, 'apps', null);
    const p = provider();
    const page = await p.listRepositories('fabrikam', { search: 'ap', page: 1, perPage: 1 });

    expect(page.hasMore).toBe(true);
    expect(page.items).toEqual([
      { owner: 'fabrikam', name: 'api', externalId: world.repo.id, defaultBranch: 'main', webUrl: `${fake.url}/fabrikam/Baton/_git/api`, private: true },
    ]);
    expect((await p.getRepository({ owner: 'fabrikam', name: 'web' })).defaultBranch).toBe('main');
  });

  it('reports a repository that is gone as not_found', async () => {
    fake.state.removeRepository(world.repo);
    const err = await provider()
      .getRepository(repo)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not_found', status: 404 });
    expect((err as Error).message).toContain('TF401019');
  });
});
