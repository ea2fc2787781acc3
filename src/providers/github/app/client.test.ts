import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeApp } from '../../../../test/fakes/github/app.ts';
import { type FakeGitHub, startFakeGitHub } from '../../../../test/fakes/github/server.ts';
import { createGitHubAppClient, type GitHubAppClient, githubWebUrl, OAuthRefused } from './client.ts';
import { createAppJwtSigner } from './jwt.ts';

describe('GitHub App JWT', () => {
  it('is RS256 over header and claims, issued a minute ago, expiring ten minutes after that, issued by the client ID', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.parse('2025-03-01T12:00:00Z');
    const jwt = createAppJwtSigner({ issuer: 'Iv23liExample', privateKey, now: () => now }).sign();
    const [header, claims, signature] = jwt.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toEqual({ iat: now / 1000 - 60, exp: now / 1000 + 540, iss: 'Iv23liExample' });
    expect(verify('sha256', Buffer.from(`${header}.${claims}`), createPublicKey(privateKey), Buffer.from(signature, 'base64url'))).toBe(true);
  });
});

describe('GitHub web host of an API root', () => {
  it.each([
    ['https://api.github.com', 'https://github.com'],
    ['https://ghe.example.com/api/v3', 'https://ghe.example.com'],
    ['https://api.acme.ghe.com', 'https://acme.ghe.com'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
  ])('%s → %s', (api, web) => expect(githubWebUrl(api)).toBe(web));
});

describe('GitHub App client against the fake GitHub', () => {
  let fake: FakeGitHub;
  let app: FakeApp;
  let client: GitHubAppClient;
  const calls: string[] = [];

  beforeAll(async () => {
    fake = await startFakeGitHub({ pathPrefix: '/api/v3' });
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    for (const name of ['api', 'web', 'docs']) fake.state.addRepo({ owner: 'acme', name });
    app = fake.state.registerApp({ slug: 'baton-acme' });
    client = createGitHubAppClient(
      { appId: String(app.id), slug: app.slug, clientId: app.clientId, clientSecret: app.clientSecret, privateKey: app.privateKeyPem, baseUrl: fake.url },
      { onRequest: (c) => calls.push(`${c.method} ${c.path} ${c.status}`), now: () => fake.state.now(), tuning: { retryDelayMs: 1 } },
    );
  });
  afterAll(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('builds install and authorise links on the web host (Enterprise Server: without /api/v3)', () => {
    expect(client.installUrl('s t')).toBe(`${fake.webUrl}/apps/baton-acme/installations/new?state=s%20t`);
    const authorize = new URL(client.authorizeUrl('abc', 'https://baton.example/api/github-app/callback'));
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.webUrl}/login/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      client_id: app.clientId,
      redirect_uri: 'https://baton.example/api/github-app/callback',
      state: 'abc',
    });
  });

  it('reads the App and mints an installation token with the JWT, then lists what the installation reaches', async () => {
    const installation = app.install('acme', 'all');
    calls.length = 0;
    expect(await client.getApp()).toMatchObject({ id: app.id, slug: 'baton-acme' });
    const minted = await client.createInstallationToken(String(installation.id));
    expect(minted.token).toMatch(/^ghs_/);
    expect(minted.expiresAt!.getTime() - fake.state.now()).toBeGreaterThan(59 * 60_000);
    const first = await client.installationRepositories(minted.token, 1, 2);
    const second = await client.installationRepositories(minted.token, 2, 2);
    expect([first, second].map((p) => [p.items.map((r) => r.name), p.hasMore])).toEqual([
      [['api', 'web'], true],
      [['docs'], false],
    ]);
    expect(calls).toEqual([
      'GET /app 200',
      `POST /app/installations/${installation.id}/access_tokens 201`,
      'GET /installation/repositories 200',
      'GET /installation/repositories 200',
    ]);
  });

  it('exchanges a code for expiring user tokens, refreshes them, and lists the installations the person reaches', async () => {
    const tokens = await client.exchangeCode(app.authorize('octo'));
    expect(tokens).toMatchObject({ token: expect.stringMatching(/^ghu_/), refreshToken: expect.stringMatching(/^ghr_/) });
    expect(tokens.expiresAt!.getTime() - fake.state.now()).toBeCloseTo(8 * 3600_000, -4);
    expect((await client.currentUser(tokens.token)).login).toBe('octo');
    expect((await client.userInstallations(tokens.token)).map((i) => i.account?.login)).toContain('acme');

    const next = await client.refreshUserToken(tokens.refreshToken!);
    expect(next.token).not.toBe(tokens.token);
    expect(next.refreshToken).not.toBe(tokens.refreshToken);
  });

  it("turns the token endpoint's refusals into typed errors that carry neither code nor secret", async () => {
    const code = app.authorize('octo');
    await client.exchangeCode(code);
    const replayed = await client.exchangeCode(code).catch((e: unknown) => e);
    expect(replayed).toBeInstanceOf(OAuthRefused);
    expect(replayed).toMatchObject({ code: 'bad_verification_code', kind: 'validation' });
    const refused = await client.refreshUserToken('ghr_unknown').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'bad_refresh_token', kind: 'auth' });
    for (const error of [replayed, refused]) {
      expect((error as Error).message).not.toContain(code);
      expect((error as Error).message).not.toContain(app.clientSecret);
    }
  });
});
