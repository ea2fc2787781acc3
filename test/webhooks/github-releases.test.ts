import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, type FakeRelease, startFakeGitHub } from '../fakes/github/server.ts';
import { releaseJson } from '../fakes/github/shapes-releases.ts';
import type { FakePull, FakeRepo } from '../fakes/github/state.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { githubWebhookExamples } from '../support/reference.ts';
import { createProject, createTicket, linkRepo, newSecret, reconcileProject, sendGitHub, storeCredential, waitFor } from './support.ts';

describe.each(engines)('releases from GitHub on %s', (engine) => {
  let fake: FakeGitHub;
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;
  let api: FakeRepo;
  let web: FakeRepo;
  let secret: string;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addToken('octo-token', { kind: 'classic', login: 'octo', scopes: ['repo'] });
    api = fake.state.addRepo({ owner: 'acme', name: 'api' });
    web = fake.state.addRepo({ owner: 'acme', name: 'web' });
    // Reconciliation is driven by the tests here, not by the clock.
    baton = await startTestBaton({ engine, env: { BATON_RECONCILIATION_PERIOD: '0' } });
    owner = await baton.addUser({ name: 'Rita Releaser' });
    projectId = await createProject(owner, { key: 'REL', settings: { baseUrl: fake.url } });
    secret = await newSecret(owner, projectId);
    const credentialId = await storeCredential(baton, owner, { provider: 'github', owner: 'acme', baseUrl: fake.url, token: 'octo-token' });
    for (const repo of [api, web]) await linkRepo(baton, projectId, { owner: 'acme', name: repo.name, externalId: String(repo.id) }, { credentialId });
  });
  afterAll(async () => {
    await baton?.stop();
    await fake?.close();
    expect(fake.violations).toEqual([]);
  });

  const ticket = async (key: string) => (await owner.api.get(`/api/tickets/${key}`)).body;
  const calls = (path: string) => fake.calls.filter((c) => c.method === 'GET' && c.path === path);
  const syncPulls = () => reconcileProject(baton, owner, projectId, () => calls('/repos/acme/api/pulls').length);

  /** A ticket with a PR from a branch carrying a commit of its own, squash-merged into the default branch. */
  function mergedPull(repo: FakeRepo, key: string): FakePull {
    fake.state.addBranch(repo, key);
    fake.state.writeFile(repo, key, `${key}.txt`, key);
    const pull = fake.state.addPull(repo, { head: key, title: `${key} work` });
    fake.state.mergePull(repo, pull);
    return pull;
  }

  async function mergedTicket(repo = api): Promise<{ key: string; pull: FakePull }> {
    const key = await createTicket(owner, projectId);
    return { key, pull: mergedPull(repo, key) };
  }

  /** Sends a `release` delivery built from GitHub's published example, carrying the fake's release as GitHub shows it. */
  async function sendRelease(action: 'published' | 'prereleased' | 'deleted' | 'edited', repo: FakeRepo, release: FakeRelease) {
    const body = structuredClone(githubWebhookExamples('release').find((e) => e.action === action)!);
    body.release = releaseJson(fake.world, repo, release);
    Object.assign(body.repository, { id: repo.id, name: repo.name, full_name: `acme/${repo.name}` });
    body.repository.owner.login = 'acme';
    const sent = await sendGitHub(baton, projectId, { body, secret, event: 'release' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
  }

  const releasedIn = (key: string, tag: string | null) =>
    waitFor(
      () => ticket(key),
      (t) => (t.release?.tag ?? null) === tag,
    );

  const liveReleaseJobs = () =>
    baton.ctx.db.kysely.selectFrom('jobs').select('kind').where('kind', 'like', 'release.%').where('status', 'in', ['queued', 'running']).execute();

  async function syncReleases(): Promise<void> {
    const before = calls('/repos/acme/api/releases').length;
    expect((await owner.api.post(`/api/projects/${projectId}/releases/sync`)).status).toBe(202);
    await waitFor(
      async () => calls('/repos/acme/api/releases').length,
      (n) => n > before,
    );
    expect(await waitFor(liveReleaseJobs, (live) => live.length === 0)).toEqual([]);
  }

  it('ships the tickets whose PRs a release holds; a ticket merged after the release waits for the next', async () => {
    const a = await mergedTicket();
    const b = await mergedTicket();
    await syncPulls();
    const first = fake.state.addRelease(api, { tag: 'v1.0.0', name: 'First' });
    await sendRelease('published', api, first);

    for (const { key } of [a, b]) {
      const view = await releasedIn(key, 'v1.0.0');
      expect(view.release).toMatchObject({
        tag: 'v1.0.0',
        name: 'First',
        prerelease: false,
        repository: 'acme/api',
        url: `${fake.webUrl}/acme/api/releases/tag/v1.0.0`,
        publishedAt: new Date(first.publishedAt!).toISOString(),
      });
      expect(view.prerelease).toBeNull();
    }
    // The first release has no predecessor: its history is read back from the tag, one page here.
    expect(calls('/repos/acme/api/commits').map((c) => c.status)).toEqual([200]);

    const c = await mergedTicket();
    await syncPulls();
    expect((await ticket(c.key)).release).toBeNull();

    const second = fake.state.addRelease(api, { tag: 'v1.1.0' });
    await sendRelease('published', api, second);
    expect((await releasedIn(c.key, 'v1.1.0')).release.tag).toBe('v1.1.0');
    expect((await ticket(a.key)).release.tag).toBe('v1.0.0');
    expect(calls('/repos/acme/api/compare/v1.0.0...v1.1.0').map((x) => x.status)).toEqual([200]);

    const listed = await owner.api.get(`/api/projects/${projectId}/releases`);
    expect(listed.status).toBe(200);
    const byTag = new Map(listed.body.items.map((r: any) => [r.tag, r]));
    expect((byTag.get('v1.1.0') as any).tickets.map((t: any) => t.key)).toEqual([c.key]);
    expect((byTag.get('v1.0.0') as any).tickets.map((t: any) => t.key)).toEqual([a.key, b.key]);
    expect((byTag.get('v1.0.0') as any).notes).toBe(
      `## First (v1.0.0) — ${first.publishedAt!.slice(0, 10)}\n\n- ${a.key}: Webhook ticket\n- ${b.key}: Webhook ticket\n`,
    );
  });

  it('matches a squash merge by its merge commit, never by the head commit', async () => {
    const { key, pull } = await mergedTicket();
    await syncPulls();
    const head = api.branches.get(pull.head)!;
    expect(pull.mergeCommitSha).not.toBe(head);
    const stored = await baton.ctx.db.kysely
      .selectFrom('pull_requests')
      .select('merge_commit_sha')
      .where('number', '=', pull.number)
      .where('url', 'like', '%/acme/api/%')
      .executeTakeFirstOrThrow();
    expect(stored.merge_commit_sha).toBe(pull.mergeCommitSha);

    const release = fake.state.addRelease(api, { tag: 'v1.1.1' });
    await sendRelease('published', api, release);
    expect((await releasedIn(key, 'v1.1.1')).release.tag).toBe('v1.1.1');
    const commits = await baton.ctx.db.kysely.selectFrom('release_commits').select('sha').where('sha', 'in', [head, pull.mergeCommitSha!]).execute();
    expect(commits.map((r) => r.sha)).toEqual([pull.mergeCommitSha]);
  });

  it('marks a pre-release first, then the release, compared with the previous release', async () => {
    const { key } = await mergedTicket();
    await syncPulls();
    const rc = fake.state.addRelease(api, { tag: 'v1.2.0-rc.1', prerelease: true });
    await sendRelease('prereleased', api, rc);
    const pre = await waitFor(
      () => ticket(key),
      (t) => t.prerelease?.tag === 'v1.2.0-rc.1',
    );
    expect(pre.prerelease).toMatchObject({ tag: 'v1.2.0-rc.1', prerelease: true });
    expect(pre.release).toBeNull();

    const final = fake.state.addRelease(api, { tag: 'v1.2.0' });
    await sendRelease('published', api, final);
    const view = await releasedIn(key, 'v1.2.0');
    expect(view.prerelease.tag).toBe('v1.2.0-rc.1');
    // Compared with the last release, not the pre-release, so it holds what the pre-release held.
    expect(calls('/repos/acme/api/compare/v1.1.1...v1.2.0')).toHaveLength(1);
  });

  it('forgets a deleted release; its tickets ship with the next one', async () => {
    const { key } = await mergedTicket();
    await syncPulls();
    const doomed = fake.state.addRelease(api, { tag: 'v1.3.0' });
    await sendRelease('published', api, doomed);
    await releasedIn(key, 'v1.3.0');

    fake.state.deleteRelease(api, doomed);
    await sendRelease('deleted', api, doomed);
    expect((await releasedIn(key, null)).release).toBeNull();
    const listed = await owner.api.get(`/api/projects/${projectId}/releases`);
    expect(listed.body.items.map((r: any) => r.tag)).not.toContain('v1.3.0');

    const next = fake.state.addRelease(api, { tag: 'v1.3.1' });
    await sendRelease('published', api, next);
    expect((await releasedIn(key, 'v1.3.1')).release.tag).toBe('v1.3.1');
    expect(calls('/repos/acme/api/compare/v1.2.0...v1.3.1')).toHaveLength(1);
  });

  it('repairs a missed release webhook by reconciliation, and an idle repository then costs a 304', async () => {
    const { key } = await mergedTicket();
    await syncPulls();
    fake.state.addRelease(api, { tag: 'v1.4.0' }); // its delivery never arrives
    await syncReleases();
    expect((await releasedIn(key, 'v1.4.0')).release.tag).toBe('v1.4.0');

    const start = fake.calls.length;
    await syncReleases();
    const repoCalls = fake.calls.slice(start).filter((c) => c.path.startsWith('/repos/acme/api/'));
    expect(repoCalls.map((c) => [c.method, c.path, c.status])).toEqual([['GET', '/repos/acme/api/releases', 304]]);
  });

  it('ships a ticket with PRs in two repositories when both are released', async () => {
    const key = await createTicket(owner, projectId);
    mergedPull(api, key);
    mergedPull(web, key);
    await reconcileProject(baton, owner, projectId, () => calls('/repos/acme/web/pulls').length);
    const apiRelease = fake.state.addRelease(api, { tag: 'v1.5.0' });
    await sendRelease('published', api, apiRelease);
    await waitFor(liveReleaseJobs, (live) => live.length === 0);
    expect((await ticket(key)).release).toBeNull();

    const webRelease = fake.state.addRelease(web, { tag: 'web-0.1.0' });
    await sendRelease('published', web, webRelease);
    const view = await releasedIn(key, 'web-0.1.0');
    expect(view.release.repository).toBe('acme/web');
  });
});
