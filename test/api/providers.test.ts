import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../src/clock.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

describe.each(engines)('providers on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
  });
  afterAll(() => baton?.stop());

  it('lists the supported providers with their forms, token help and webhook steps', async () => {
    const res = await owner.api.get('/api/providers');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { kind: string; label: string }) => [p.kind, p.label])).toEqual([
      ['github', 'GitHub'],
      ['ado', 'Azure DevOps'],
      ['bitbucket', 'Bitbucket Cloud'],
      ['gitea', 'Gitea / Forgejo'],
    ]);
    const [github, ado] = res.body.items;
    expect(github).toMatchObject({
      defaultBaseUrl: 'https://api.github.com',
      owner: { label: 'Owner' },
      settings: [{ name: 'baseUrl', label: 'API base URL', required: false, type: 'url' }],
      credential: { scopes: ['Metadata: read', 'Contents: write', 'Pull requests: write'], fields: [{ name: 'baseUrl' }] },
      webhooks: { contentType: 'application/json', events: ['Pull requests'] },
    });
    expect(github.credential.tokenHelp).toContain('Pull requests: write');
    expect(github.webhooks.steps).toContain('Payload URL: {url}');
    expect(ado).toMatchObject({
      defaultBaseUrl: 'https://dev.azure.com',
      owner: { label: 'Organization' },
      credential: { fields: [{ name: 'project', label: 'Azure DevOps project', required: false }, { name: 'baseUrl' }] },
    });
    expect(ado.settings.map((f: { name: string; required: boolean }) => [f.name, f.required])).toEqual([
      ['organization', true],
      ['project', true],
      ['baseUrl', false],
    ]);
    for (const scope of ado.credential.scopes) expect(ado.credential.tokenHelp).toContain(scope);
    expect(ado.webhooks.steps).toContain('Action URL: {url}');
    // Nothing but form text goes out: no code, no adapters.
    expect(JSON.stringify(res.body)).not.toMatch(/adapter|checkSettings|extraOrigins/);
  });

  it("checks project settings against the provider's fields, named as the form labels them", async () => {
    const missing = await owner.api.post('/api/projects', { key: 'ADOX', name: 'Ado', provider: 'ado', settings: { project: 'Payments' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({
      message: 'Organization is required.',
      details: { fields: { 'settings.organization': 'Organization is required.' } },
    });
    const foreign = await owner.api.post('/api/projects', { key: 'GHX', name: 'Gh', provider: 'github', settings: { organization: 'contoso' } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.details.fields).toEqual({ 'settings.organization': '"organization" is not a setting of GitHub projects; leave it out.' });
    const badUrl = await owner.api.post('/api/projects', { key: 'GHY', name: 'Gh', provider: 'github', settings: { baseUrl: 'ftp://example.com' } });
    expect(badUrl.body.error.details.fields).toEqual({ 'settings.baseUrl': 'API base URL must be a web address starting with https://.' });
    expect((await owner.api.get('/api/projects')).body.items.map((p: { key: string }) => p.key)).not.toContain('ADOX');
  });

  it('needs a signed-in caller', async () => {
    expect((await fetch(`${baton.url}/api/providers`)).status).toBe(401);
  });

  it.each(['gitlab', 'perforce'])('refuses a project or credential for %s, naming the available providers', async (provider) => {
    const project = await owner.api.post('/api/projects', { key: 'HALF', name: 'Half', provider, settings: {} });
    expect(project.status).toBe(400);
    expect(project.body.error.details.fields.provider).toBe(
      'Git provider must be one of the providers this Baton offers: github (GitHub), ado (Azure DevOps), bitbucket (Bitbucket Cloud), gitea (Gitea / Forgejo).',
    );
    const credential = await owner.api.post('/api/me/credentials', { provider, owner: 'acme', token: 'token-1234567890' });
    expect(credential.status).toBe(400);
    expect(credential.body.error.details.fields.provider).toBe(
      'Provider must be one of the providers this Baton offers: github (GitHub), ado (Azure DevOps), bitbucket (Bitbucket Cloud), gitea (Gitea / Forgejo).',
    );
    expect((await owner.api.get('/api/projects')).body.items.filter((p: { key: string }) => p.key === 'HALF')).toEqual([]);
    expect((await owner.api.get('/api/me/credentials')).body.items).toEqual([]);
  });

  describe('data kept from a provider this version does not offer', () => {
    let projectId: string;
    let credentialId: string;

    beforeAll(async () => {
      projectId = (await owner.api.post('/api/projects', { key: 'OLD', name: 'Old', provider: 'github' })).body.id;
      const db = baton.ctx.db.kysely;
      await db
        .updateTable('projects')
        .set({ provider: 'gitlab', settings: JSON.stringify({ baseUrl: 'https://gitlab.com/api/v4', workspace: 'acme' }) })
        .where('id', '=', projectId)
        .execute();
      credentialId = newId();
      await db
        .insertInto('git_credentials')
        .values({
          id: credentialId,
          user_id: owner.id,
          provider: 'gitlab',
          owner: 'acme',
          base_url: 'https://gitlab.com/api/v4',
          token_ciphertext: baton.ctx.secrets.seal('gl-token-0000'),
          token_last4: '0000',
          login: 'olive',
          external_user_id: null,
          scopes: '[]',
          missing: '[]',
          expires_at: null,
          validated_at: nowIso(),
          created_at: nowIso(),
        })
        .execute();
    });

    it('still shows the project, its webhook card and the credential', async () => {
      expect((await owner.api.get(`/api/projects/${projectId}`)).body).toMatchObject({ provider: 'gitlab', key: 'OLD' });
      expect((await owner.api.get('/api/projects')).body.items.map((p: { key: string }) => p.key)).toContain('OLD');
      const webhook = await owner.api.get(`/api/projects/${projectId}/webhook-secret`);
      expect(webhook.status).toBe(200);
      expect(webhook.body.setup).toEqual({ contentType: 'application/json', events: [], steps: ['This Baton version cannot receive gitlab webhooks.'] });
      expect((await owner.api.get('/api/me/credentials')).body.items).toEqual([expect.objectContaining({ id: credentialId, provider: 'gitlab' })]);
    });

    it('answers git work with a 4xx that names the available providers', async () => {
      const listing = await owner.api.get(`/api/projects/${projectId}/repositories/available?credentialId=${credentialId}`);
      expect(listing.status).toBe(422);
      expect(listing.body.error.message).toBe(
        'Baton does not support gitlab yet; available providers: github (GitHub), ado (Azure DevOps), bitbucket (Bitbucket Cloud), gitea (Gitea / Forgejo)',
      );
      const settings = await owner.api.patch(`/api/projects/${projectId}`, { settings: { workspace: 'other' } });
      expect(settings.status).toBe(422);
      expect(settings.body.error.message).toContain(
        'available providers: github (GitHub), ado (Azure DevOps), bitbucket (Bitbucket Cloud), gitea (Gitea / Forgejo)',
      );
      const renamed = await owner.api.patch(`/api/projects/${projectId}`, { name: 'Still old' });
      expect(renamed.status).toBe(200);
    });

    it('does not take webhook deliveries for it', async () => {
      const res = await fetch(`${baton.url}/api/webhooks/gitlab/${projectId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gitlab-event': 'Merge Request Hook' },
        body: '{}',
      });
      expect(res.status).toBe(404);
    });
  });
});
