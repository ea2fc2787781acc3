import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALICE_PAT, type FakeAzureDevOps, seedFabrikam, startFakeAzureDevOps } from '../../../test/fakes/azure-devops/index.ts';
import type { ProviderCall } from '../types.ts';
import type { ClientTuning } from './client.ts';
import { createAzureDevOpsProvider } from './provider.ts';

const repo = { owner: 'fabrikam', name: 'api' };
const AUTH_MESSAGE = 'Azure DevOps rejected the token: it is invalid, expired or lacks a scope';

let fake: FakeAzureDevOps;
let world: ReturnType<typeof seedFabrikam>;
let calls: ProviderCall[];
let sleeps: number[];
const NOW = Date.parse('2025-03-01T12:00:00Z');

beforeEach(async () => {
  fake = await startFakeAzureDevOps();
  world = seedFabrikam(fake);
  calls = [];
  sleeps = [];
});

afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

function provider(token = ALICE_PAT, tuning: ClientTuning = {}) {
  return createAzureDevOpsProvider(
    { baseUrl: fake.url, token, settings: { organization: 'fabrikam', project: 'Baton' }, onRequest: (c) => calls.push(c) },
    // The client's own 30 s timeout: a short one turns a slow answer on a busy machine into a retry.
    { sleep: async (ms) => void sleeps.push(ms), now: () => NOW, ...tuning },
  );
}

const publish = (p: ReturnType<typeof provider>) =>
  p.publishFile({ repo, branch: 'PAY-1', baseBranch: 'main', path: '.tickets/PAY-1.md', content: 'spec', message: 'm' });

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as Error & Record<string, unknown>,
  );

describe('authentication', () => {
  it('turns a 401 for a bad PAT into auth, without echoing the token', async () => {
    const err = await failure(provider('wrong-token-secret').getRepository(repo));
    expect(err).toMatchObject({ name: 'ProviderError', kind: 'auth', status: 401, message: AUTH_MESSAGE });
    expect(err?.message).not.toContain('wrong-token-secret');
  });

  it('turns the 203 HTML sign-in page into auth', async () => {
    fake.signInPageForBadTokens = true;
    const err = await failure(provider('wrong-token').getRepository(repo));
    expect(err).toMatchObject({ kind: 'auth', status: 203, message: AUTH_MESSAGE });
  });

  it('turns a missing scope (401 like ADO) into auth', async () => {
    fake.state.addToken('read-only', world.alice, ['vso.code']);
    const err = await failure(publish(provider('read-only')));
    expect(err).toMatchObject({ kind: 'auth' });
    expect(calls.map((c) => c.status)).toEqual([200, 401]);
  });
});

describe('errors', () => {
  it('passes ADO’s message through for a 400', async () => {
    await publish(provider());
    const pr = await provider().openPullRequest({ repo, head: 'PAY-1', base: 'main', title: 't', body: 'b', draft: false });
    const err = await failure(provider().requestReviewer(repo, pr.pullRequest, { login: 'x', externalUserId: '00000000-0000-0000-0000-000000000001' }));
    expect(err).toMatchObject({ kind: 'validation', status: 400 });
    expect(err?.message).toContain('could not be found');
  });

  it('fails when a push item failed inside a 200', async () => {
    fake.fail({
      method: 'POST',
      path: '/pushes',
      status: 200,
      body: { commits: [], refUpdates: [{ name: 'refs/heads/PAY-1', success: false, updateStatus: 'createBranchPermissionRequired' }] },
    });
    const err = await failure(publish(provider()));
    expect(err).toMatchObject({ kind: 'forbidden' });
    expect(err?.message).toContain('createBranchPermissionRequired');
  });

  it('rejects a response that does not match the expected shape', async () => {
    fake.fail({ path: '/repositories/api', status: 200, body: { id: 1 } });
    expect(await failure(provider().getRepository(repo))).toMatchObject({ kind: 'validation' });
  });
});

describe('retries', () => {
  it('retries a 5xx, then succeeds', async () => {
    fake.fail({ method: 'GET', path: '/repositories/api', status: 503 });
    expect((await provider().getRepository(repo)).name).toBe('api');
    expect(calls.map((c) => c.status)).toEqual([503, 200]);
    expect(sleeps).toEqual([250]);
  });

  it('gives up as transient after a couple of 5xx retries', async () => {
    fake.fail({ method: 'GET', path: '/repositories/api', status: 500, times: 5 });
    expect(await failure(provider().getRepository(repo))).toMatchObject({ kind: 'transient', status: 500 });
    expect(calls).toHaveLength(3);
  });

  it('retries a timeout, then reports transient', async () => {
    fake.fail({ method: 'GET', path: '/repositories/api', hang: true, times: 2 });
    expect(
      (await provider(ALICE_PAT, { timeoutMs: 100, retries: 1 })
        .getRepository(repo)
        .catch((e: Error) => e)) as Error,
    ).toMatchObject({
      kind: 'transient',
      message: 'Azure DevOps did not answer GET /{organization}/{project}/_apis/git/repositories/{repositoryId}: timed out',
    });
    expect(calls.map((c) => c.status)).toEqual([0, 0]);
  });
});

describe('throttling', () => {
  it('turns a 429 into rate_limited with the Retry-After time', async () => {
    fake.fail({ path: '/refs', status: 429, headers: { 'Retry-After': '30' } });
    const err = await failure(publish(provider()));
    expect(err).toMatchObject({ kind: 'rate_limited', retryAt: new Date(NOW + 30_000) });
    expect(calls).toHaveLength(1);
  });

  it('falls back to X-RateLimit-Reset for the retry time', async () => {
    fake.fail({ path: '/refs', status: 429, headers: { 'X-RateLimit-Reset': String(NOW / 1000 + 90) } });
    expect(await failure(publish(provider()))).toMatchObject({ retryAt: new Date(NOW + 90_000) });
  });

  it('honours Retry-After on a 200 before the next call', async () => {
    fake.fail({ path: '/refs', headers: { 'Retry-After': '3' } });
    await publish(provider());
    expect(sleeps).toEqual([3000]);
    expect(calls.map((c) => c.status)).toEqual([200, 201]);
  });

  it('paces calls when X-RateLimit-Remaining runs low', async () => {
    fake.fail({ path: '/refs', headers: { 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '9', 'X-RateLimit-Reset': String(NOW / 1000 + 5) } });
    await publish(provider());
    expect(sleeps).toEqual([500]);
  });

  it('does not pace while the budget is healthy', async () => {
    fake.fail({ path: '/refs', headers: { 'X-RateLimit-Limit': '200', 'X-RateLimit-Remaining': '150', 'X-RateLimit-Reset': String(NOW / 1000 + 5) } });
    await publish(provider());
    expect(sleeps).toEqual([]);
  });

  it('fails fast as rate_limited rather than block for a long Retry-After', async () => {
    fake.fail({ path: '/refs', headers: { 'Retry-After': '120' } });
    const err = await failure(publish(provider()));
    expect(err).toMatchObject({ kind: 'rate_limited', retryAt: new Date(NOW + 120_000) });
    expect(calls).toHaveLength(1);
  });
});

describe('credential check', () => {
  it('identifies an organisation-scoped PAT through connectionData, never profiles/me, and finds nothing missing', async () => {
    const check = await provider().validateCredential('fabrikam');
    expect(check).toEqual({
      login: 'alice@example.com',
      externalUserId: world.alice.id,
      displayName: 'Alice Example',
      scopes: ['vso.code', 'vso.code_write'],
      missing: [],
      expiresAt: null,
    });
    expect(fake.callList()).toEqual([
      'GET /fabrikam/_apis/connectionData',
      'GET /fabrikam/Baton/_apis/git/repositories',
      `POST /fabrikam/Baton/_apis/git/repositories/${world.repo.id}/refs`,
    ]);
    expect(fake.calls[0]!.query).toBe('?api-version=7.1-preview.1');
  });

  it('names Code: Read & write when a PAT can only read', async () => {
    fake.state.addToken('narrow', world.alice, ['vso.code'], ['fabrikam']);
    const check = await provider('narrow').validateCredential('fabrikam');
    expect(check).toMatchObject({ login: 'alice@example.com', externalUserId: world.alice.id, scopes: ['vso.code'], missing: ['Code: Read & write'] });
  });

  it('still identifies a PAT without any Code scope, and names what it lacks', async () => {
    fake.state.addToken('no-code', world.alice, ['vso.work'], ['fabrikam']);
    const check = await provider('no-code').validateCredential('fabrikam');
    expect(check).toMatchObject({ login: 'alice@example.com', externalUserId: world.alice.id, scopes: [], missing: ['Code: Read & write'] });
  });

  it('throws auth for a rejected token, and for a PAT scoped to another organisation', async () => {
    expect(await failure(provider('nope').validateCredential('fabrikam'))).toMatchObject({ kind: 'auth' });
    fake.state.addOrganization('contoso');
    fake.state.addToken('contoso-only', world.alice, ['vso.code_write'], ['contoso']);
    expect(await failure(provider('contoso-only').validateCredential('fabrikam'))).toMatchObject({ kind: 'auth', status: 401 });
  });
});
