import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_TOKEN, seedAcme } from './seed.ts';
import { type FakeGitea, type FakeRepo, startFakeGitea } from './server.ts';
import { giteaValidator } from './spec.ts';
import { signBody } from './webhooks.ts';

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === null ? [] : [[k, withoutNulls(v)]])));
}

describe('fake Gitea', () => {
  let fake: FakeGitea;
  let repo: FakeRepo;
  const call = async (method: string, path: string, body?: unknown, token = DEV_TOKEN) => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.text().then((t) => (t ? JSON.parse(t) : null))) as any };
  };
  /**
   * The answer also has to match what the description says the real server answers. Go writes
   * an unset pointer as null, which Swagger 2.0 cannot express: nulls are left out of the check.
   */
  const conforming = async (method: string, route: string, path: string, body?: unknown) => {
    const res = await call(method, path, body);
    expect(giteaValidator().checkResponse(`${method} ${route}`, res.status, withoutNulls(res.body))).toEqual([]);
    return res;
  };
  const base64 = (s: string) => Buffer.from(s).toString('base64');

  beforeEach(async () => {
    fake = await startFakeGitea();
    ({ repo } = seedAcme(fake));
  });
  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('flags requests the description does not allow, and answers 400', async () => {
    expect((await call('POST', '/repos/acme/api/pulls', { head: 'x', base: 'main', title: 'T', draft: true })).status).toBe(400);
    expect((await call('GET', '/repos/acme/api/pullz')).status).toBe(400);
    expect((await call('PUT', '/repos/acme/api/pulls')).status).toBe(400);
    expect((await call('GET', '/repos/acme/api/pulls?per_page=5')).status).toBe(400);
    expect(fake.violations).toEqual([
      'POST /repos/acme/api/pulls: body has unknown property "draft"',
      "GET /repos/acme/api/pullz: no path in Gitea's API description (v1.22) matches /repos/acme/api/pullz",
      "PUT /repos/acme/api/pulls: PUT is not an operation of /repos/acme/api/pulls in Gitea's API description (v1.22)",
      'GET /repos/acme/api/pulls: query parameter "per_page" is not declared for repoListPullRequests',
    ]);
    fake.violations.length = 0;
  });

  it('answers a head filter on the pull list with every pull request, as Gitea 1.22 does, and records it', async () => {
    fake.state.addPull(repo, { head: 'main', title: 'one' });
    repo.branches.set('other', repo.branches.get('main')!);
    fake.state.addPull(repo, { head: 'other', title: 'two' });
    const res = await call('GET', '/repos/acme/api/pulls?head=acme:other&state=open');
    expect(res.status).toBe(200);
    expect(res.body.map((p: any) => p.title)).toEqual(['two', 'one']);
    expect(fake.violations).toEqual([
      'GET /repos/acme/api/pulls: query parameter "head" is not declared for repoListPullRequests (Gitea ignores it and lists every pull request)',
    ]);
    fake.violations.length = 0;
  });

  it("refuses a bad token (401) and names a missing scope in Gitea's words (403), before looking at the repository", async () => {
    fake.state.addToken('read-only', { login: 'dev', scopes: ['read:user', 'read:repository'] });
    expect(await call('GET', '/user', undefined, 'nope')).toMatchObject({ status: 401, body: { message: 'user does not exist [uid: 0, name: ]' } });
    const refused = await call('POST', '/repos/acme/no-such-repo/pulls', { head: 'a', base: 'b', title: 't' }, 'read-only');
    expect(refused).toMatchObject({ status: 403, body: { message: 'token does not have at least one of required scope(s): [write:repository]' } });
    expect((await call('POST', '/repos/acme/no-such-repo/pulls', { head: 'a', base: 'b', title: 't' })).status).toBe(404);
  });

  it('creates a branch and a file in one call, then answers the 422s Gitea answers', async () => {
    const path = '/repos/acme/api/contents/.tickets/PAY-1.md';
    const created = await conforming('POST', '/repos/{owner}/{repo}/contents/{filepath}', path, {
      content: base64('# PAY-1\n'),
      message: 'PAY-1: add the ticket spec',
      branch: 'main',
      new_branch: 'feature/PAY-1-x',
    });
    expect(created.status).toBe(201);
    expect(fake.state.file(repo, 'feature/PAY-1-x', '.tickets/PAY-1.md')).toBe('# PAY-1\n');
    const again = await call('POST', path, { content: base64('# PAY-1\n'), branch: 'main', new_branch: 'feature/PAY-1-x' });
    expect(again.body.message).toBe('branch already exists [name: feature/PAY-1-x]');
    const onBranch = await call('POST', path, { content: base64('x'), branch: 'feature/PAY-1-x' });
    expect([onBranch.status, onBranch.body.message]).toEqual([422, 'repository file already exists [path: .tickets/PAY-1.md]']);
    const read = await conforming('GET', '/repos/{owner}/{repo}/contents/{filepath}', `${path}?ref=feature/PAY-1-x`);
    const stale = await call('PUT', path, { content: base64('new'), sha: 'f'.repeat(40), branch: 'feature/PAY-1-x' });
    expect([stale.status, stale.body.message]).toEqual([422, `sha does not match [given: ${'f'.repeat(40)}, expected: ${read.body.sha}]`]);
    const updated = await conforming('PUT', '/repos/{owner}/{repo}/contents/{filepath}', path, {
      content: base64('new'),
      sha: read.body.sha,
      branch: 'feature/PAY-1-x',
    });
    expect(updated.status).toBe(200);
    expect(fake.state.file(repo, 'feature/PAY-1-x', '.tickets/PAY-1.md')).toBe('new');
  });

  it('opens a pull request, refuses a second one for the same head with 409, finds it by base and head, and drafts by WIP: title', async () => {
    repo.branches.set('feature/PAY-2-y', repo.branches.get('main')!);
    const opened = await conforming('POST', '/repos/{owner}/{repo}/pulls', '/repos/acme/api/pulls', {
      head: 'feature/PAY-2-y',
      base: 'main',
      title: 'WIP: PAY-2: y',
      body: '- [ ] a',
    });
    expect(opened.body).toMatchObject({ number: 1, draft: true, state: 'open', head: { ref: 'feature/PAY-2-y' } });
    const second = await call('POST', '/repos/acme/api/pulls', { head: 'feature/PAY-2-y', base: 'main', title: 'again' });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/^pull request already exists for these targets \[id: \d+, issue_id: 1, /);
    const found = await conforming('GET', '/repos/{owner}/{repo}/pulls/{base}/{head}', '/repos/acme/api/pulls/main/feature/PAY-2-y');
    expect(found.body.number).toBe(1);
    const reviewers = await conforming('POST', '/repos/{owner}/{repo}/pulls/{index}/requested_reviewers', '/repos/acme/api/pulls/1/requested_reviewers', {
      reviewers: ['rhea'],
    });
    expect(reviewers.status).toBe(201);
    expect((await call('GET', '/repos/acme/api/pulls/1')).body.requested_reviewers.map((u: any) => u.login)).toEqual(['rhea']);
    const poster = await call('POST', '/repos/acme/api/pulls/1/requested_reviewers', { reviewers: ['dev'] });
    expect([poster.status, poster.body.message]).toEqual([
      422,
      `poster of pr can't be reviewer [user_id: ${fake.state.account('dev')!.id}, repo_id: ${repo.id}]`,
    ]);
  });

  it('lists by recent update with Link and X-Total-Count', async () => {
    for (const title of ['a', 'b', 'c']) fake.state.addPull(repo, { head: 'main', title });
    fake.people.retitle(repo, repo.pulls[0], 'a2');
    const first = await conforming('GET', '/repos/{owner}/{repo}/pulls', '/repos/acme/api/pulls?state=all&sort=recentupdate&limit=2&page=1');
    expect(first.body.map((p: any) => p.title)).toEqual(['a2', 'c']);
    expect(first.headers.get('x-total-count')).toBe('3');
    expect(first.headers.get('link')).toContain('rel="next"');
    const second = await call('GET', '/repos/acme/api/pulls?state=all&sort=recentupdate&limit=2&page=2');
    expect(second.body.map((p: any) => p.title)).toEqual(['b']);
    expect(second.headers.get('link')).not.toContain('rel="next"');
  });

  it.each(['gitea', 'forgejo'] as const)('signs webhook deliveries the %s way', async (flavour) => {
    const other = await startFakeGitea({ flavour });
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const sink = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end('{}');
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    try {
      const { repo: api } = seedAcme(other);
      other.hooks.push({ repo: 'acme/api', url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`, secret: 's3cret' });
      other.people.open(api, { head: 'main', title: 'T' });
      const [sent] = await other.deliveries();
      expect(sent.status).toBe(202);
      const [{ headers, body }] = received;
      const signature = flavour === 'gitea' ? headers['x-gitea-signature'] : headers['x-forgejo-signature'];
      expect(signature).toBe(signBody(body, 's3cret'));
      expect(headers['x-gitea-signature'] === undefined).toBe(flavour === 'forgejo');
      expect([headers['x-gitea-event'], headers['x-gitea-event-type'], headers['x-gitea-delivery']]).toEqual(['pull_request', 'pull_request', sent.id]);
      expect(JSON.parse(body)).toMatchObject({
        action: 'opened',
        number: 1,
        pull_request: { title: 'T', merged: false },
        repository: { full_name: 'acme/api' },
      });
      expect(other.violations).toEqual([]);
    } finally {
      sink.close();
      await other.close();
    }
  });
});
