import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_TOKEN, seedAcme } from '../../../test/fakes/gitea/seed.ts';
import { type FakeGitea, type FakeRepo, startFakeGitea } from '../../../test/fakes/gitea/server.ts';
import { ProviderError } from '../../errors.ts';
import type { GitProvider } from '../types.ts';
import { createGiteaProvider, SCOPE_PROBE_REPO } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };
const BRANCH = 'feature/PAY-1-login';
const PATH = '.tickets/PAY-1.md';
const SPEC = '# PAY-1 Login\n\nUsers sign in with SSO.\n';

describe('Gitea provider', () => {
  let fake: FakeGitea;
  let repo: FakeRepo;
  let gitea: GitProvider;
  const calls = () => fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`);
  const as = (token: string) => createGiteaProvider({ baseUrl: fake.url, token, settings: {} }, { retryDelayMs: 1 });

  async function startWork(options: { content?: string; draft?: boolean } = {}) {
    const published = await gitea.publishFile({
      repo: REF,
      branch: BRANCH,
      baseBranch: 'main',
      path: PATH,
      content: options.content ?? SPEC,
      message: 'PAY-1: add spec',
    });
    const opened = await gitea.openPullRequest({
      repo: REF,
      head: BRANCH,
      base: 'main',
      title: 'PAY-1: Login',
      body: '- [ ] SSO works',
      draft: options.draft ?? false,
    });
    const review = await gitea.requestReviewer(REF, opened.pullRequest, { login: 'rhea', externalUserId: null });
    return { published, opened, review };
  }

  beforeEach(async () => {
    fake = await startFakeGitea();
    ({ repo } = seedAcme(fake));
    gitea = as(DEV_TOKEN);
  });
  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  describe('start work', () => {
    it('creates branch and spec in one call, then the PR and the review request: three calls', async () => {
      const { published, opened, review } = await startWork();

      expect(calls()).toEqual([
        `POST /repos/acme/api/contents/${PATH} 201`,
        'POST /repos/acme/api/pulls 201',
        'POST /repos/acme/api/pulls/1/requested_reviewers 201',
      ]);
      expect(published).toEqual({ branchCreated: true, commit: repo.branches.get(BRANCH) });
      expect(fake.state.file(repo, BRANCH, PATH)).toBe(SPEC);
      expect(fake.state.file(repo, 'main', PATH)).toBeUndefined();
      expect(opened).toMatchObject({
        adopted: false,
        pullRequest: { number: 1, state: 'open', headBranch: BRANCH, baseBranch: 'main', title: 'PAY-1: Login' },
      });
      expect(opened.pullRequest.url).toBe(`${fake.webUrl}/acme/api/pulls/1`);
      expect(review).toBe('requested');
      expect(repo.pulls[0].requestedReviewers).toEqual(['rhea']);
    });

    it('changes nothing when run a second time: the branch and the PR are found, the reviewer is not asked again', async () => {
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
        `POST /repos/acme/api/contents/${PATH} 422`,
        `GET /repos/acme/api/contents/${PATH} 200`,
        'POST /repos/acme/api/pulls 409',
        `GET /repos/acme/api/pulls/main/${BRANCH} 200`,
      ]);
    });

    it('updates the spec on an existing branch with its blob sha, and adds it where the branch lacks it', async () => {
      await startWork();
      const changed = await gitea.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: 'v2', message: 'PAY-1: update' });
      expect(changed).toEqual({ branchCreated: false, commit: repo.branches.get(BRANCH) });
      expect(fake.state.file(repo, BRANCH, PATH)).toBe('v2');

      repo.branches.set('bare', repo.branches.get('main')!);
      const added = await gitea.publishFile({ repo: REF, branch: 'bare', baseBranch: 'main', path: PATH, content: 'v3', message: 'PAY-1: add' });
      expect(added.branchCreated).toBe(false);
      expect(fake.state.file(repo, 'bare', PATH)).toBe('v3');
    });

    it('branches from a base that already holds the spec (started again after its merge)', async () => {
      fake.state.writeFile(repo, 'main', PATH, SPEC);
      fake.calls.length = 0;
      const same = await gitea.publishFile({ repo: REF, branch: BRANCH, baseBranch: 'main', path: PATH, content: SPEC, message: 'm' });
      expect(same).toEqual({ branchCreated: true, commit: null });
      expect(repo.branches.get(BRANCH)).toBe(repo.branches.get('main'));
      expect(calls()).toEqual([`POST /repos/acme/api/contents/${PATH} 422`, `GET /repos/acme/api/contents/${PATH} 200`, 'POST /repos/acme/api/branches 201']);

      const other = await gitea.publishFile({ repo: REF, branch: 'feature/PAY-1-again', baseBranch: 'main', path: PATH, content: 'new', message: 'm' });
      expect(other.branchCreated).toBe(true);
      expect(fake.state.file(repo, 'feature/PAY-1-again', PATH)).toBe('new');
      expect(fake.state.file(repo, 'main', PATH)).toBe(SPEC);
    });

    it('opens a draft as a "WIP:" title and reports it as a draft with the title Baton gave it', async () => {
      const { opened } = await startWork({ draft: true });
      expect(repo.pulls[0].title).toBe('WIP: PAY-1: Login');
      expect(opened.pullRequest).toMatchObject({ state: 'draft', title: 'PAY-1: Login' });

      const edited = await gitea.updatePullRequest(REF, 1, { title: 'PAY-1: Sign-in' });
      expect(repo.pulls[0].title).toBe('WIP: PAY-1: Sign-in');
      expect(edited).toMatchObject({ state: 'draft', title: 'PAY-1: Sign-in' });
    });

    it('adopts the open PR when a closed one for the same branches is found first', async () => {
      repo.branches.set(BRANCH, repo.branches.get('main')!);
      fake.state.addPull(repo, { head: BRANCH, state: 'closed', title: 'old' });
      const open = fake.state.addPull(repo, { head: BRANCH, title: 'current' });
      const { opened } = await startWork();
      expect(opened).toMatchObject({ adopted: true, pullRequest: { number: open.number, title: 'current' } });
    });

    it("names the reviewer refusal in Gitea's words", async () => {
      const { opened } = await startWork();
      const refused = await gitea.requestReviewer(REF, opened.pullRequest, { login: 'dev', externalUserId: null }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ProviderError);
      expect((refused as ProviderError).kind).toBe('validation');
      expect((refused as ProviderError).message).toMatch(/poster of pr can't be reviewer/);
    });
  });

  describe('credentials', () => {
    it('identifies the token in two calls: GET /user, and a write to a repository that cannot exist', async () => {
      const check = await gitea.validateCredential('acme');
      expect(check).toEqual({
        login: 'dev',
        externalUserId: String(fake.state.account('dev')!.id),
        displayName: 'Dev Eloper',
        scopes: ['read:user', 'write:repository'],
        missing: [],
        expiresAt: null,
      });
      expect(calls()).toEqual(['GET /user 200', `PATCH /repos/acme/${SCOPE_PROBE_REPO} 404`]);
    });

    it('names a missing write:repository scope', async () => {
      fake.state.addToken('read-only', { login: 'dev', scopes: ['read:user', 'read:repository'] });
      const check = await as('read-only').validateCredential('acme');
      expect(check).toMatchObject({ login: 'dev', missing: ['write:repository'], scopes: ['read:user'] });
    });

    it('names a missing read:user scope, as a Forgejo token limited to repositories has', async () => {
      const forgejo = await startFakeGitea({ flavour: 'forgejo' });
      try {
        seedAcme(forgejo);
        forgejo.state.addToken('limited', { login: 'dev', scopes: ['write:repository'], repositories: ['acme/api'] });
        const check = await createGiteaProvider({ baseUrl: forgejo.url, token: 'limited', settings: {} }).validateCredential('acme');
        expect(check).toMatchObject({ login: '', missing: ['read:user'] });
        expect(check.note).toMatch(/limited to specific repositories cannot have that scope/);
        expect(forgejo.violations).toEqual([]);
      } finally {
        await forgejo.close();
      }
    });

    it('throws auth for a token the server does not know', async () => {
      const error = await as('unknown-token')
        .validateCredential('acme')
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'auth', status: 401 });
      expect((error as Error).message).not.toContain('unknown-token');
    });
  });

  describe('repositories and listings', () => {
    it("lists an organisation's repositories without read:organization, and searches them by name", async () => {
      fake.state.addRepo({ owner: 'acme', name: 'web', private: false });
      fake.state.addRepo({ owner: 'stranger', name: 'api-elsewhere', private: false });
      const all = await gitea.listRepositories('acme', { page: 1, perPage: 30 });
      expect(all.items.map((r) => r.name)).toEqual(['api', 'web']);
      expect(all.items[0]).toEqual({
        owner: 'acme',
        name: 'api',
        externalId: String(repo.id),
        defaultBranch: 'main',
        webUrl: `${fake.webUrl}/acme/api`,
        private: true,
      });
      const found = await gitea.listRepositories('acme', { search: 'ap', page: 1, perPage: 30 });
      expect(found.items.map((r) => `${r.owner}/${r.name}`)).toEqual(['acme/api']);
      const paged = await gitea.listRepositories('acme', { page: 1, perPage: 1 });
      expect(paged).toMatchObject({ items: [{ name: 'api' }], hasMore: true });
    });

    it('lists pull requests most recently updated first, with hasMore from the Link header', async () => {
      repo.branches.set('a', repo.branches.get('main')!);
      const first = fake.state.addPull(repo, { head: 'a', title: 'first' });
      fake.state.addPull(repo, { head: 'a', title: 'second', merged: true });
      fake.people.retitle(repo, first, 'first again');
      const page = await gitea.listPullRequests(REF, { page: 1, perPage: 1 });
      expect(page).toMatchObject({ notModified: false, etag: null, page: { hasMore: true, items: [{ title: 'first again', state: 'open' }] } });
      const next = await gitea.listPullRequests(REF, { page: 2, perPage: 1 });
      expect(next).toMatchObject({ page: { hasMore: false, items: [{ title: 'second', state: 'merged' }] } });
      expect(fake.calls.at(-1)?.query).toBe('?state=all&sort=recentupdate&page=2&limit=1');
    });
  });
});
