import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppJwtSigner } from '../../../src/providers/github/app/jwt.ts';
import type { FakeApp } from './app.ts';
import { checkResponse } from './openapi.ts';
import { type FakeGitHub, startFakeGitHub } from './server.ts';

describe('fake GitHub App endpoints', () => {
  let fake: FakeGitHub;
  let app: FakeApp;
  const jwt = (over: { issuer?: string; now?: () => number } = {}) =>
    createAppJwtSigner({ issuer: over.issuer ?? app.clientId, privateKey: app.privateKeyPem, now: over.now ?? (() => fake.state.now()) }).sign();
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const documented = (route: string, answer: { status: number; body: unknown }) => expect(checkResponse(route, answer.status, answer.body)).toEqual([]);
  const exchange = (params: Record<string, string>, accept = 'application/json') =>
    fetch(`${fake.webUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
      body: new URLSearchParams(params).toString(),
    });

  beforeEach(async () => {
    fake = await startFakeGitHub();
    fake.state.addUser('octo');
    fake.state.addOrg('acme', ['octo']);
    fake.state.addRepo({ owner: 'acme', name: 'api' });
    fake.state.addRepo({ owner: 'acme', name: 'web' });
    app = fake.state.registerApp({ slug: 'baton-acme' });
  });
  afterEach(async () => {
    await fake.close();
    expect(fake.violations).toEqual([]);
  });

  it('answers GET /app and mints expiring installation tokens for a good JWT, as documented', async () => {
    const installation = app.install('acme', [fake.state.repo('acme', 'api')!]);
    const me = await call('GET', '/app', jwt());
    expect(me).toMatchObject({ status: 200, body: { id: app.id, slug: 'baton-acme', client_id: app.clientId } });
    documented('GET /app', me);

    const minted = await call('POST', `/app/installations/${installation.id}/access_tokens`, jwt(), {});
    expect(minted.status).toBe(201);
    documented('POST /app/installations/{installation_id}/access_tokens', minted);
    expect(Date.parse(minted.body.expires_at) - fake.state.now()).toBeGreaterThan(59 * 60_000);

    const repos = await call('GET', '/installation/repositories?per_page=10', minted.body.token);
    expect(repos.body.repositories.map((r: any) => r.full_name)).toEqual(['acme/api']);
    documented('GET /installation/repositories', repos);

    fake.state.advanceTime(61 * 60_000);
    expect((await call('GET', '/installation/repositories', minted.body.token)).status).toBe(401);
  });

  it('refuses JWTs that GitHub refuses: another key, expired, too long-lived, wrong issuer', async () => {
    const past = () => fake.state.now() - 11 * 60_000;
    expect((await call('GET', '/app', jwt({ now: past }))).body.message).toMatch(/'Expiration time' claim \('exp'\) must be a numeric value/);
    expect((await call('GET', '/app', jwt({ issuer: 'Iv1.someoneelse' }))).body.message).toMatch(/'Issuer' claim/);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = createAppJwtSigner({ issuer: app.clientId, privateKey: stranger }).sign();
    expect(await call('GET', '/app', forged)).toMatchObject({ status: 401, body: { message: 'A JSON web token could not be decoded' } });
    const iat = Math.floor(fake.state.now() / 1000) - 60;
    const tooLong = signed({ iat, exp: iat + 601, iss: app.clientId }, app.privateKeyPem);
    expect((await call('GET', '/app', tooLong)).body.message).toBe("'Expiration time' claim ('exp') is too far in the future.");
    expect((await call('GET', '/app', signed({ iat, exp: iat + 600, iss: String(app.id) }, app.privateKeyPem))).status).toBe(200);
    expect((await call('GET', '/app', 'ghp_notAJwt')).status).toBe(401);
  });

  it('exchanges a code once for a user token and a refresh token, refreshes once, and answers refusals with 200 and an error', async () => {
    const code = app.authorize('octo');
    const first = await exchange({ client_id: app.clientId, client_secret: app.clientSecret, code });
    const tokens = await first.json();
    expect(tokens).toMatchObject({
      access_token: expect.stringMatching(/^ghu_/),
      refresh_token: expect.stringMatching(/^ghr_/),
      expires_in: 28800,
      token_type: 'bearer',
    });
    const replay = await (await exchange({ client_id: app.clientId, client_secret: app.clientSecret, code })).json();
    expect(replay).toMatchObject({ error: 'bad_verification_code' });

    const installations = await call('GET', '/user/installations', tokens.access_token);
    documented('GET /user/installations', installations);

    const refreshed = await (
      await exchange({ client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json();
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const again = await (
      await exchange({ client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: tokens.refresh_token })
    ).json();
    expect(again).toMatchObject({ error: 'bad_refresh_token' });
    expect(await (await exchange({ client_id: app.clientId, client_secret: 'wrong', code: app.authorize('octo') })).json()).toMatchObject({
      error: 'incorrect_client_credentials',
    });
    // Without Accept: application/json, GitHub answers form-encoded.
    const form = await exchange({ client_id: app.clientId, client_secret: app.clientSecret, code: app.authorize('octo') }, '*/*');
    expect(new URLSearchParams(await form.text()).get('access_token')).toMatch(/^ghu_/);
  });

  it('answers each person only the installations and repositories they can access, as documented', async () => {
    fake.state.addUser('mallory');
    fake.state.addUser('cora');
    fake.state.addOrg('evil', ['mallory']);
    fake.state.addRepo({ owner: 'evil', name: 'loot' });
    fake.state.addRepo({ owner: 'evil', name: 'plans', collaborators: ['cora'] });
    const acme = app.install('acme', 'all');
    const evil = app.install('evil', 'all');
    const tokenOf = async (login: string) =>
      (await (await exchange({ client_id: app.clientId, client_secret: app.clientSecret, code: app.authorize(login) })).json()).access_token as string;
    const octo = await tokenOf('octo');
    const mallory = await tokenOf('mallory');
    const cora = await tokenOf('cora');
    const ids = async (token: string) => (await call('GET', '/user/installations', token)).body.installations.map((i: any) => i.id);
    const names = async (token: string, id: number) => {
      const answer = await call('GET', `/user/installations/${id}/repositories?per_page=50`, token);
      return answer.status === 200 ? answer.body.repositories.map((r: any) => r.full_name) : answer.status;
    };

    expect(await ids(octo)).toEqual([acme.id]);
    expect(await ids(mallory)).toEqual([evil.id]);
    // A collaborator on one repository of an organisation sees that installation, and only that repository.
    expect(await ids(cora)).toEqual([evil.id]);
    expect(await names(octo, acme.id)).toEqual(['acme/api', 'acme/web']);
    expect(await names(octo, evil.id)).toBe(404);
    expect(await names(mallory, evil.id)).toEqual(['evil/loot', 'evil/plans']);
    expect(await names(cora, evil.id)).toEqual(['evil/plans']);
    expect(await names(octo, 999_999)).toBe(404);
    documented('GET /user/installations/{installation_id}/repositories', await call('GET', `/user/installations/${evil.id}/repositories`, mallory));
    documented('GET /user/installations/{installation_id}/repositories', await call('GET', `/user/installations/${evil.id}/repositories`, octo));

    // A person with no installation gets an empty list, and only a person's token may ask.
    fake.state.addUser('nobody');
    expect(await call('GET', '/user/installations', await tokenOf('nobody'))).toMatchObject({ status: 200, body: { total_count: 0, installations: [] } });
    const installationToken = (await call('POST', `/app/installations/${evil.id}/access_tokens`, jwt(), {})).body.token;
    expect((await call('GET', `/user/installations/${evil.id}/repositories`, installationToken)).status).toBe(403);
  });

  it('flags OAuth parameters GitHub does not document, and missing ones', async () => {
    await exchange({ client_id: app.clientId, client_secret: app.clientSecret, code: 'x', scope: 'repo' });
    await exchange({ client_id: app.clientId, grant_type: 'refresh_token' });
    expect(fake.violations).toEqual([
      'POST /login/oauth/access_token: parameter scope is not one GitHub documents for this grant',
      'POST /login/oauth/access_token: parameter client_secret is required',
      'POST /login/oauth/access_token: parameter refresh_token is required',
    ]);
    fake.violations.length = 0;
  });
});

/** A JWT with exactly these claims. */
function signed(claims: Record<string, unknown>, key: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${sign('sha256', Buffer.from(body), key).toString('base64url')}`;
}
