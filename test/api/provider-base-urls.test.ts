import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';

// Base URLs are checked when saved — projects' as credentials' — in every spelling of a private
// address, and by what a typed name resolves to (`localhost` resolves from the hosts file, so
// these tests need no network).
const PRIVATE_BASE_URLS = [
  'https://localhost:8443/api/v3',
  'https://127.0.0.1/api/v3',
  'https://[::ffff:169.254.169.254]/api/v3',
  'https://[::ffff:10.0.0.1]/api/v3',
  'https://[0:0:0:0:0:ffff:7f00:1]/api/v3',
  'https://[::127.0.0.1]/api/v3',
  'https://[64:ff9b::a9fe:a9fe]/api/v3',
  'https://2130706433/api/v3',
];

describe('provider base URLs when saved', () => {
  let baton: TestBaton;
  let user: TestUser;
  beforeAll(async () => {
    baton = await startTestBaton({ env: { BATON_ALLOWED_PROVIDER_HOSTS: '' } });
    user = await baton.addUser({ isAdmin: true });
  });
  afterAll(() => baton?.stop());

  it('refuses a project whose base URL is a private address in any spelling, or a name resolving to one', async () => {
    for (const baseUrl of PRIVATE_BASE_URLS) {
      const res = await user.api.post('/api/projects', { key: 'GHE', name: 'Enterprise', provider: 'github', settings: { baseUrl } });
      expect(res.status, baseUrl).toBe(422);
      expect(res.body.error.details.fields['settings.baseUrl'], baseUrl).toMatch(/BATON_ALLOWED_PROVIDER_HOSTS/);
    }
    expect((await user.api.get('/api/projects')).body.items).toEqual([]);
  });

  it('refuses the same when a project’s settings are changed, and keeps the old ones', async () => {
    const created = await user.api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' });
    expect(created.status).toBe(201);
    for (const baseUrl of PRIVATE_BASE_URLS) {
      const res = await user.api.patch(`/api/projects/${created.body.id}`, { settings: { baseUrl } });
      expect(res.status, baseUrl).toBe(422);
    }
    expect((await user.api.get(`/api/projects/${created.body.id}`)).body.settings.baseUrl).toBe('https://api.github.com');
  });

  it('refuses a credential for a private base URL in any spelling', async () => {
    for (const baseUrl of PRIVATE_BASE_URLS) {
      const res = await user.api.post('/api/me/credentials', { provider: 'github', owner: 'acme', token: 'ghp_notsent', baseUrl });
      expect(res.status, baseUrl).toBe(422);
      expect(res.body.error.details.fields.baseUrl, baseUrl).toMatch(/BATON_ALLOWED_PROVIDER_HOSTS/);
    }
    expect((await user.api.get('/api/me/credentials')).body.items).toEqual([]);
  });
});
