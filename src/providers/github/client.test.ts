import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedAcme, TOKEN } from '../../../test/fakes/github/seed.ts';
import { type FakeGitHub, startFakeGitHub } from '../../../test/fakes/github/server.ts';
import { ProviderError } from '../../errors.ts';
import type { ProviderCall, ProviderConnection } from '../types.ts';
import { permissionLabel, rateLimitRetryAt } from './client.ts';
import { createGitHubProvider } from './provider.ts';

const REF = { owner: 'acme', name: 'api' };

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  expect(error.message).not.toContain(TOKEN);
  return error;
}

describe('GitHub client', () => {
  let fake: FakeGitHub;
  // The client's own 30 s timeout unless a test hangs a request on purpose.
  const connect = (extra: Partial<ProviderConnection> = {}, timeoutMs?: number) =>
    createGitHubProvider({ baseUrl: fake.url, token: TOKEN, settings: {}, ...extra }, { retryDelayMs: 1, timeoutMs });

  beforeEach(async () => {
    fake = await startFakeGitHub();
    seedAcme(fake);
  });

  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('rejects a bad token as auth, naming the host but never the token', async () => {
    const error = await failure(createGitHubProvider({ baseUrl: fake.url, token: 'ghp_wrong', settings: {} }).getRepository(REF));
    expect(error).toMatchObject({ kind: 'auth', status: 401, message: `GitHub rejected the token for ${new URL(fake.url).host}: Bad credentials` });
    expect(error.message).not.toContain('ghp_wrong');
  });

  it('names the permission a fine-grained token lacks', async () => {
    fake.state.addToken('github_pat_read_only', {
      kind: 'fine-grained',
      login: 'octo',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'read' },
    });
    const github = createGitHubProvider({ baseUrl: fake.url, token: 'github_pat_read_only', settings: {} });
    const error = await failure(github.openPullRequest({ repo: REF, head: 'main', base: 'main', title: 't', body: '', draft: false }));
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, message: 'GitHub token lacks Pull requests: write on acme/api' });
  });

  it("keeps GitHub's reason for a 403 that is not about the token's permissions", async () => {
    const saml = 'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.';
    fake.fail({
      path: '/repos/acme/api',
      status: 403,
      headers: { 'x-accepted-github-permissions': 'metadata=read', 'x-github-sso': 'required; url=https://github.com/orgs/acme/sso' },
      body: { message: saml },
    });
    expect(await failure(connect().getRepository(REF))).toMatchObject({ kind: 'forbidden', message: `GitHub refused access to acme/api: ${saml}` });
  });

  it('reports a repository that is gone as not_found', async () => {
    expect(await failure(connect().getRepository({ owner: 'acme', name: 'gone' }))).toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('hands a primary rate limit back with its reset time instead of waiting', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    fake.fail({
      path: '/repos/acme/api',
      status: 403,
      headers: {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-resource': 'core',
      },
      body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
    });
    const started = Date.now();
    const error = await failure(connect().getRepository(REF));
    expect(Date.now() - started).toBeLessThan(60_000); // did not wait for the reset, half an hour away
    expect(error).toMatchObject({ kind: 'rate_limited', status: 403, retryAt: new Date(reset * 1000) });
    expect(error.retryable).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it.each([
    [403, { 'retry-after': '120' }, 120],
    [429, { 'retry-after': '30' }, 30],
    [403, {}, 60],
  ])('hands a secondary rate limit (%i, %o) back with retry-after or one minute', async (status, headers, seconds) => {
    fake.fail({
      method: 'POST',
      path: '/repos/acme/api/pulls',
      status,
      headers,
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        documentation_url: 'https://docs.github.com/rest',
      },
    });
    const started = Date.now();
    const error = await failure(connect().openPullRequest({ repo: REF, head: 'x', base: 'main', title: 't', body: '', draft: false }));
    expect(error.kind).toBe('rate_limited');
    expect(Date.now() - started).toBeLessThan(seconds * 1000); // handed back instead of waited out
    expect(error.retryAt!.getTime()).toBeGreaterThanOrEqual(started + seconds * 1000);
    expect(error.retryAt!.getTime()).toBeLessThan(Date.now() + seconds * 1000 + 1000);
    expect(fake.calls).toHaveLength(1);
  });

  it('retries 5xx with backoff and then succeeds', async () => {
    fake.fail({ path: '/repos/acme/api', status: 502, times: 2, body: { message: 'Server Error' } });
    expect(await connect().getRepository(REF)).toMatchObject({ name: 'api' });
    expect(fake.calls.map((c) => c.status)).toEqual([502, 502, 200]);
  });

  it('gives up after the retries as transient', async () => {
    fake.fail({ path: '/repos/acme/api', status: 503, times: 5 });
    const error = await failure(connect().getRepository(REF));
    expect(error).toMatchObject({ kind: 'transient', status: 503 });
    expect(fake.calls).toHaveLength(3);
  });

  it('retries a request that hangs past the timeout', async () => {
    fake.fail({ path: '/repos/acme/api', hang: true });
    // Long enough for the retry's real answer on a busy machine; the hung call waits it out once.
    expect(await connect({}, 3000).getRepository(REF)).toMatchObject({ name: 'api' });
    fake.fail({ path: '/repos/acme/api', hang: true, times: 3 });
    expect(await failure(connect({}, 100).getRepository(REF))).toMatchObject({ kind: 'transient' });
  });

  it('does not follow redirects with the token', async () => {
    fake.fail({ path: '/repos/acme/api', status: 301, headers: { location: 'http://127.0.0.1:9/elsewhere' }, body: { message: 'Moved Permanently' } });
    expect(await failure(connect().getRepository(REF))).toMatchObject({ kind: 'not_found', status: 301 });
    expect(fake.calls).toHaveLength(1);
  });

  it('pins the API version, reports each call, and paces only mutations by a token hash', async () => {
    const versions: (string | null)[] = [];
    const reported: ProviderCall[] = [];
    const paced: string[] = [];
    const github = connect({
      fetch: (input, init) => {
        versions.push(new Headers(init?.headers).get('x-github-api-version'));
        return fetch(input, init);
      },
      onRequest: (call) => reported.push(call),
      pace: async (key) => void paced.push(key),
    });
    await github.publishFile({ repo: REF, branch: 'b', baseBranch: 'main', path: 'a/b.md', content: 'x', message: 'm' });
    expect(versions).toEqual(['2022-11-28', '2022-11-28', '2022-11-28']);
    expect(reported).toEqual([
      { method: 'GET', path: '/repos/acme/api/git/ref/heads/main', status: 200 },
      { method: 'POST', path: '/repos/acme/api/git/refs', status: 201 },
      { method: 'PUT', path: '/repos/acme/api/contents/a/b.md', status: 201 },
    ]);
    expect(paced).toHaveLength(2);
    expect(paced[0]).toMatch(/^github:[0-9a-f]{32}$/);
    expect(paced[1]).toBe(paced[0]);
  });
});

describe('GitHub client on Enterprise Server', () => {
  it('serves everything below /api/v3', async () => {
    const fake = await startFakeGitHub({ pathPrefix: '/api/v3' });
    seedAcme(fake);
    const reported: ProviderCall[] = [];
    const github = createGitHubProvider({ baseUrl: fake.url, token: TOKEN, settings: {}, onRequest: (c) => reported.push(c) });
    expect(await github.getRepository(REF)).toMatchObject({ name: 'api' });
    expect(await github.validateCredential('acme')).toMatchObject({ login: 'octo', missing: [] });
    expect(reported.map((c) => c.path)).toEqual(['/repos/acme/api', '/user']);
    expect(fake.calls).toHaveLength(2);
    await fake.close();
    expect(fake.violations).toEqual([]);
  });
});

describe('rate-limit and permission helpers', () => {
  it('reads retry times from the headers GitHub documents', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(rateLimitRetryAt(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1735690000' }, 'API rate limit exceeded', now)).toEqual(
      new Date(1735690000 * 1000),
    );
    expect(rateLimitRetryAt(429, {}, 'slow down', now)).toEqual(new Date(now + 60_000));
    expect(rateLimitRetryAt(403, { 'x-ratelimit-remaining': '4999' }, 'Resource not accessible by personal access token', now)).toBeNull();
    expect(rateLimitRetryAt(404, { 'retry-after': '5' }, 'Not Found', now)).toBeNull();
  });

  it('labels X-Accepted-GitHub-Permissions', () => {
    expect(permissionLabel('pull_requests=write')).toBe('Pull requests: write');
    expect(permissionLabel('contents=write,metadata=read; pull_requests=admin')).toBe('Contents: write and Metadata: read or Pull requests: admin');
  });
});
