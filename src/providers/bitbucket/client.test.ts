import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AcmeWorld, DANA_TOKEN, seedAcme } from '../../../test/fakes/bitbucket/seed.ts';
import { type FakeBitbucket, startFakeBitbucket } from '../../../test/fakes/bitbucket/server.ts';
import type { ProviderCall } from '../types.ts';
import { BitbucketFieldError, createBitbucketClient, MissingScopes } from './client.ts';
import { accountSchema, pageOf, repoSchema } from './schema.ts';

let fake: FakeBitbucket;
let world: AcmeWorld;
let calls: ProviderCall[];

beforeEach(async () => {
  fake = await startFakeBitbucket();
  world = seedAcme(fake);
  calls = [];
});

afterEach(async () => {
  await fake.close();
  expect(fake.violations).toEqual([]);
});

const client = (token = DANA_TOKEN, email = 'dana@acme.test', timeoutMs = 5000) =>
  createBitbucketClient({ baseUrl: fake.url, token, username: email, settings: {}, onRequest: (c) => calls.push(c) }, { retryDelayMs: 1, timeoutMs });
const user = (c = client()) => c.request({ method: 'GET', path: '/user', schema: accountSchema });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e as Error & Record<string, unknown>,
  );

describe('Bitbucket client', () => {
  it('sends the API token as Basic email:token and reads the account', async () => {
    expect((await user()).data).toMatchObject({ uuid: world.dana.uuid, nickname: 'dana' });
    expect(calls).toEqual([{ method: 'GET', path: '/user', status: 200 }]);
  });

  it('turns a 401 into auth, never echoing the token', async () => {
    const err = await failure(user(client('not-the-token-secret')));
    expect(err).toMatchObject({ name: 'ProviderError', kind: 'auth', status: 401 });
    expect(err?.message).toContain('Atlassian account email and API token');
    expect(err?.message).not.toContain('not-the-token-secret');
  });

  it('names the missing scope from the 403 body and keeps what was granted', async () => {
    fake.state.addApiToken(world.dana, 'no-user', ['read:repository:bitbucket']);
    const err = await failure(user(client('no-user')));
    expect(err).toBeInstanceOf(MissingScopes);
    expect(err).toMatchObject({ kind: 'forbidden', required: ['read:user:bitbucket'], granted: ['read:repository:bitbucket'] });
    expect(err?.message).toMatch(/lacks read:user:bitbucket/);
  });

  it('keeps the fields of a 400 for the caller', async () => {
    const err = await failure(
      client().request({
        method: 'POST',
        path: '/repositories/{workspace}/{repo_slug}/pullrequests',
        params: { workspace: 'acme', repo_slug: 'api' },
        json: {},
        schema: z.unknown(),
      }),
    );
    expect(err).toBeInstanceOf(BitbucketFieldError);
    expect(err).toMatchObject({ kind: 'validation', fields: { title: ['This field is required.'] } });
  });

  it('turns 404 and 409 into not_found and conflict naming the repository', async () => {
    const repo = (slug: string) =>
      client().request({
        method: 'GET',
        path: '/repositories/{workspace}/{repo_slug}',
        params: { workspace: 'acme', repo_slug: slug },
        schema: repoSchema,
        subject: `acme/${slug}`,
      });
    expect(await failure(repo('nope'))).toMatchObject({ kind: 'not_found', message: expect.stringContaining('acme/nope') });
    fake.fail({ method: 'GET', path: '/repositories/acme/api', status: 409, body: { type: 'error', error: { message: 'busy' } } });
    expect(await failure(repo('api'))).toMatchObject({ kind: 'conflict', message: 'Bitbucket reported a conflict on acme/api: busy' });
  });

  it('retries a 5xx and a hang, then reports transient', async () => {
    fake.fail({ method: 'GET', path: '/user', status: 502 });
    expect((await user()).status).toBe(200);
    expect(calls.map((c) => c.status)).toEqual([502, 200]);
    fake.fail({ method: 'GET', path: '/user', hang: true, times: 3 });
    expect(await failure(user(client(DANA_TOKEN, 'dana@acme.test', 100)))).toMatchObject({ kind: 'transient', message: expect.stringContaining('timed out') });
  });

  it('turns a 429 into rate_limited with Retry-After, or a minute without it', async () => {
    fake.fail({
      method: 'GET',
      path: '/user',
      status: 429,
      headers: { 'retry-after': '120' },
      body: { type: 'error', error: { message: 'Rate limit exceeded' } },
    });
    const before = Date.now();
    const err = (await failure(user())) as { kind: string; retryAt: Date } | null;
    expect(err?.kind).toBe('rate_limited');
    expect(err!.retryAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    fake.hourlyLimit = 0;
    const limited = (await failure(user())) as { kind: string; retryAt: Date } | null;
    expect(limited?.kind).toBe('rate_limited');
    expect(limited!.retryAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
  });

  it('answers a redirect instead of following it with the credential', async () => {
    fake.fail({ method: 'GET', path: '/user', status: 302, headers: { location: 'http://127.0.0.1:9/steal' } });
    expect(await failure(user())).toMatchObject({ kind: 'not_found', status: 302 });
  });

  it('refuses a response of the wrong shape, and a next link to another origin', async () => {
    fake.fail({ method: 'GET', path: '/user', status: 200, body: { nickname: 'no uuid' } });
    expect(await failure(user())).toMatchObject({ kind: 'validation', message: expect.stringContaining('uuid') });
    await expect(client().follow('https://elsewhere.example/2.0/repositories/acme?page=2', '/repositories/{workspace}', pageOf(repoSchema))).rejects.toThrow(
      /outside its API/,
    );
  });
});
