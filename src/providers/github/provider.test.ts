import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAcme, TOKEN } from '../../../test/fakes/github/seed.ts';
import { type FakeGitHub, type FakeRepo, startFakeGitHub } from '../../../test/fakes/github/server.ts';
import { ProviderError } from '../../errors.ts';
import type { GitProvider } from '../types.ts';
import { createGitHubProvider } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };
const BRANCH = 'feature/PAY-1-login';
const PATH = '.tickets/PAY-1.md';
const SPEC = '# PAY-1 Login\n\nUsers sign in with SSO.\n';

describe('GitHub provider: start work', () => {
  let fake: FakeGitHub;
  let repo: FakeRepo;
  let github: GitProvider;
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);

  async function startWork(content = SPEC) {
    const published = await github.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content, message: 'PAY-1: add spec' });
    const opened = await github.openPullRequest({ repo: REF, head: BRANCH, base: 'main', title: 'PAY-1 Login', body: '- [ ] SSO works', draft: true });
    const review = await github.requestReviewer(REF, opened.pullRequest, { login: 'rhea', externalUserId: null });
    return { published, opened, review };
  }

  beforeEach(async () => {
    fake = await startFakeGitHub();
    ({ repo } = seedAcme(fake));
    github = createGitHubProvider({ baseUrl: fake.url, token: TOKEN, settings: {} }, { retryDelayMs: 1 });
  });

  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('creates branch, spec, PR and review request in five calls', async () => {
    const { published, opened, review } = await startWork();

    expect(calls()).toEqual([
      'GET /repos/acme/api/git/ref/heads/main 200',
      'POST /repos/acme/api/git/refs 201',
      `PUT /repos/acme/api/contents/${PATH} 201`,
      'POST /repos/acme/api/pulls 201',
      'POST /repos/acme/api/pulls/1/requested_reviewers 201',
    ]);
    expect(published).toEqual({ branchCreated: true, commit: repo.branches.get(BRANCH) });
    expect(fake.state.file(repo, BRANCH, PATH)).toBe(SPEC);
    expect(opened.adopted).toBe(false);
    expect(opened.pullRequest).toMatchObject({
      number: 1,
      state: 'draft',
      headBranch: BRANCH,
      baseBranch: 'main',
      title: 'PAY-1 Login',
      body: '- [ ] SSO works',
    });
    expect(opened.pullRequest.url).toBe(`${new URL(fake.url).origin}/acme/api/pull/1`);
    expect(review).toBe('requested');
    expect(repo.pulls[0].requestedReviewers).toEqual(['rhea']);
  });

  it('changes nothing when run a second time', async () => {
    await startWork();
    const head = repo.branches.get(BRANCH);
    fake.calls.length = 0;

    const again = await startWork();

    expect(again.published).toEqual({ branchCreated: false, commit: null });
    expect(again.opened).toMatchObject({ adopted: true, pullRequest: { number: 1, requestedReviewers: ['rhea'] } });
    expect(again.review).toBe('already-requested');
    expect(repo.branches.get(BRANCH)).toBe(head);
    expect(repo.pulls).toHaveLength(1);
    expect(calls()).toEqual([
      'GET /repos/acme/api/git/ref/heads/main 200',
      'POST /repos/acme/api/git/refs 422',
      `GET /repos/acme/api/contents/${PATH} 200`,
      'POST /repos/acme/api/pulls 422',
      'GET /repos/acme/api/pulls 200',
    ]);
  });

  it('updates the spec on an existing branch with the blob sha', async () => {
    fake.state.addBranch(repo, BRANCH);
    fake.state.writeFile(repo, BRANCH, PATH, 'old spec\n');

    const published = await github.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: SPEC, message: 'PAY-1: update spec' });

    expect(published).toEqual({ branchCreated: false, commit: repo.branches.get(BRANCH) });
    expect(fake.state.file(repo, BRANCH, PATH)).toBe(SPEC);
    expect(calls().slice(-2)).toEqual([`GET /repos/acme/api/contents/${PATH} 200`, `PUT /repos/acme/api/contents/${PATH} 200`]);
  });

  it('writes the spec on an existing branch that lacks it', async () => {
    fake.state.addBranch(repo, BRANCH);
    const published = await github.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: SPEC, message: 'm' });
    expect(published.branchCreated).toBe(false);
    expect(published.commit).toBe(repo.branches.get(BRANCH));
    expect(calls().slice(-2)).toEqual([`GET /repos/acme/api/contents/${PATH} 404`, `PUT /repos/acme/api/contents/${PATH} 201`]);
  });

  it('replaces a spec the new branch inherited from its base', async () => {
    fake.state.writeFile(repo, 'main', PATH, 'spec from an earlier start\n');
    const published = await github.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: SPEC, message: 'm' });
    expect(published).toEqual({ branchCreated: true, commit: repo.branches.get(BRANCH) });
    expect(fake.state.file(repo, BRANCH, PATH)).toBe(SPEC);
    expect(calls().slice(2)).toEqual([
      `PUT /repos/acme/api/contents/${PATH} 422`,
      `GET /repos/acme/api/contents/${PATH} 200`,
      `PUT /repos/acme/api/contents/${PATH} 200`,
    ]);
  });

  it('adopts the pull request already open for the head branch', async () => {
    fake.state.addBranch(repo, BRANCH);
    fake.state.writeFile(repo, BRANCH, PATH, SPEC);
    fake.state.addPull(repo, { head: BRANCH, title: 'Opened by hand', requestedReviewers: ['rhea'] });

    const opened = await github.openPullRequest({ repo: REF, head: BRANCH, base: 'main', title: 'PAY-1 Login', body: '', draft: false });

    expect(opened).toMatchObject({ adopted: true, pullRequest: { number: 1, title: 'Opened by hand', state: 'open' } });
    expect(await github.requestReviewer(REF, opened.pullRequest, { login: 'RHEA', externalUserId: null })).toBe('already-requested');
    expect(calls()).toEqual(['POST /repos/acme/api/pulls 422', 'GET /repos/acme/api/pulls 200']);
  });

  it("surfaces GitHub's message when the reviewer is not a collaborator", async () => {
    const { opened } = await startWork();
    const error = await github.requestReviewer(REF, opened.pullRequest, { login: 'stranger', externalUserId: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'validation', status: 422 });
    expect((error as Error).message).toContain('Reviews may only be requested from collaborators');
  });

  it('reads, updates and maps pull requests (merged, closed, draft)', async () => {
    fake.state.addBranch(repo, 'a');
    fake.state.addPull(repo, { head: 'a', merged: true });
    fake.state.addPull(repo, { head: 'b', state: 'closed' });
    fake.state.addPull(repo, { head: 'c', draft: true, body: 'x' });
    expect((await github.getPullRequest(REF, 1)).state).toBe('merged');
    expect((await github.getPullRequest(REF, 2)).state).toBe('closed');
    expect(await github.getPullRequest(REF, 3)).toMatchObject({ state: 'draft', body: 'x', headBranch: 'c', externalId: String(repo.pulls[2].id) });
    const updated = await github.updatePullRequest(REF, 3, { title: 'New title' });
    expect(updated).toMatchObject({ title: 'New title', body: 'x' });
    await expect(github.getPullRequest(REF, 9)).rejects.toMatchObject({ kind: 'not_found' });
  });
});

describe('GitHub provider: listings', () => {
  let fake: FakeGitHub;
  let repo: FakeRepo;
  let github: GitProvider;

  beforeEach(async () => {
    fake = await startFakeGitHub();
    ({ repo } = seedAcme(fake));
    github = createGitHubProvider({ baseUrl: fake.url, token: TOKEN, settings: {} }, { retryDelayMs: 1 });
  });

  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('lists pull requests most recently updated first, page by page, and answers 304 as not modified', async () => {
    for (const head of ['a', 'b', 'c']) fake.state.addPull(repo, { head });
    repo.pulls[0].updatedAt = fake.state.tick();

    const first = await github.listPullRequests(REF, { page: 1, perPage: 2 });
    if (first.notModified) throw new Error('expected a page');
    expect(first.page.items.map((p) => p.number)).toEqual([1, 3]);
    expect(first.page.hasMore).toBe(true);
    const second = await github.listPullRequests(REF, { page: 2, perPage: 2 });
    expect(second).toMatchObject({ notModified: false, page: { hasMore: false, items: [{ number: 2 }] } });

    expect(await github.listPullRequests(REF, { page: 1, perPage: 2, etag: first.etag })).toEqual({ notModified: true });
    fake.state.addPull(repo, { head: 'd' });
    expect(await github.listPullRequests(REF, { page: 1, perPage: 2, etag: first.etag })).toMatchObject({ notModified: false });
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200, 304, 200]);
  });

  it('lists repositories of an organisation, of the token owner, and by search', async () => {
    fake.state.addRepo({ owner: 'acme', name: 'web', private: false });
    fake.state.addRepo({ owner: 'octo', name: 'dotfiles' });

    expect(await github.listRepositories('acme', { page: 1, perPage: 1 })).toMatchObject({
      hasMore: true,
      items: [{ owner: 'acme', name: 'api', private: true, defaultBranch: 'main', externalId: String(repo.id) }],
    });
    expect(await github.listRepositories('octo', { page: 1, perPage: 10 })).toMatchObject({ hasMore: false, items: [{ owner: 'octo', name: 'dotfiles' }] });
    expect(await github.listRepositories('acme', { page: 1, perPage: 10, search: 'we' })).toMatchObject({ items: [{ name: 'web' }] });
    expect(await github.getRepository(REF)).toMatchObject({ owner: 'acme', name: 'api', webUrl: `${new URL(fake.url).origin}/acme/api` });
  });
});
