import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSetupToken } from '../../src/services/setup.ts';
import { startTestBaton, type TestBaton } from '../support/baton.ts';

function cookiesOf(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
}

describe('first-run setup, sessions, CSRF and login throttling', () => {
  let baton: TestBaton;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${baton.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    baton = await startTestBaton();
  });
  afterAll(() => baton?.stop());

  it('creates the first admin only with the one-time setup token, then never again', async () => {
    expect(await (await fetch(`${baton.url}/api/setup`)).json()).toEqual({ needed: true });
    const token = (await issueSetupToken(baton.ctx.db))!;
    const admin = { email: 'Ada@Example.com', name: 'Ada', password: 'a long password' };
    expect((await post('/api/setup', { ...admin, token: 'wrong' })).status).toBe(401);
    expect((await post('/api/projects', { key: 'NOPE', name: 'x', provider: 'github' })).status).toBe(401);

    const created = await post('/api/setup', { ...admin, token });
    expect(created.status).toBe(201);
    expect((await created.json()).user).toMatchObject({ email: 'ada@example.com', isAdmin: true });
    expect(cookiesOf(created)).toHaveProperty('baton_session');
    expect((await post('/api/setup', { ...admin, email: 'eve@example.com', token })).status).toBe(409);
    expect(await (await fetch(`${baton.url}/api/setup`)).json()).toEqual({ needed: false });
  });

  it('signs in with an HttpOnly SameSite=Lax cookie, rotates it at each login, and signs out', async () => {
    const first = await post('/api/session', { email: 'ada@example.com', password: 'a long password' });
    expect(first.status).toBe(200);
    const raw = first.headers.getSetCookie().find((c) => c.startsWith('baton_session='))!;
    expect(raw).toMatch(/HttpOnly/i);
    expect(raw).toMatch(/SameSite=Lax/i);
    const session = cookiesOf(first).baton_session;
    const cookie = `baton_session=${session}`;
    expect((await fetch(`${baton.url}/api/me`, { headers: { cookie } })).status).toBe(200);

    const second = await post('/api/session', { email: 'ada@example.com', password: 'a long password' }, { cookie });
    const rotated = cookiesOf(second).baton_session;
    expect(rotated).not.toBe(session);
    expect((await fetch(`${baton.url}/api/me`, { headers: { cookie } })).status).toBe(401);

    const out = await fetch(`${baton.url}/api/session`, { method: 'DELETE', headers: { cookie: `baton_session=${rotated}` } });
    expect(out.status).toBe(204);
    expect((await fetch(`${baton.url}/api/me`, { headers: { cookie: `baton_session=${rotated}` } })).status).toBe(401);
  });

  it('requires the CSRF token for cookie-authenticated changes', async () => {
    const login = await post('/api/session', { email: 'ada@example.com', password: 'a long password' });
    const { baton_session, baton_csrf } = cookiesOf(login);
    const cookie = `baton_session=${baton_session}; baton_csrf=${baton_csrf}`;
    const project = { key: 'CSRF', name: 'Csrf', provider: 'github' };
    expect((await post('/api/projects', project, { cookie })).status).toBe(403);
    expect((await post('/api/projects', project, { cookie, 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await post('/api/projects', project, { cookie, 'x-csrf-token': baton_csrf })).status).toBe(201);
  });

  it('throttles repeated failed logins per account, even with the right password afterwards', async () => {
    for (let i = 0; i < 5; i++) expect((await post('/api/session', { email: 'ada@example.com', password: 'wrong password!' })).status).toBe(401);
    const blocked = await post('/api/session', { email: 'ada@example.com', password: 'a long password' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await blocked.json()).error.code).toBe('too_many_requests');
  });

  it('answers health and readiness probes', async () => {
    expect((await fetch(`${baton.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${baton.url}/readyz`)).json()).toEqual({ status: 'ready' });
  });
});
