import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';

describe('API token expiry', () => {
  let baton: TestBaton;
  let user: TestUser;
  const me = (token: string) => fetch(`${baton.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    baton = await startTestBaton();
    user = await baton.addUser();
  });
  afterAll(() => baton?.stop());

  it('never expires by default, and lists expiry and last use', async () => {
    const created = await user.api.post('/api/me/tokens', { name: 'forever' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'forever', expiresAt: null, lastUsedAt: null });
    expect((await me(created.body.token)).status).toBe(200);
    const listed = (await user.api.get('/api/me/tokens')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed).toMatchObject({ expiresAt: null, lastUsedAt: expect.any(String) });
    expect(listed).not.toHaveProperty('token');
  });

  it('accepts a token until its expiry and shows when that is', async () => {
    const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await user.api.post('/api/me/tokens', { name: 'a week', expiresAt });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(expiresAt);
    expect((await me(created.body.token)).status).toBe(200);
    const listed = (await user.api.get('/api/me/tokens')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed.expiresAt).toBe(expiresAt);
  });

  it('refuses an expired token with 401 saying so', async () => {
    const { token } = await createApiToken(baton.ctx.db.kysely, user.id, 'lapsed', new Date(Date.now() - 1000).toISOString());
    const refused = await me(token);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.message).toMatch(/expired/);
  });

  it('refuses an expiry in the past or not a date, naming the field, and creates nothing', async () => {
    const before = (await user.api.get('/api/me/tokens')).body.items.length;
    const past = await user.api.post('/api/me/tokens', { name: 'past', expiresAt: '2001-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.details.fields).toEqual({ expiresAt: 'Expiration must be in the future.' });
    const garbage = await user.api.post('/api/me/tokens', { name: 'garbage', expiresAt: 'next week' });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.details.fields.expiresAt).toMatch(/date and time/);
    expect((await user.api.get('/api/me/tokens')).body.items).toHaveLength(before);
  });
});
