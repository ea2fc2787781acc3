import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createProject, createTicket, type GitHubWorld, linkRepository, startGitHubWorld } from './world.ts';

describe('repositories and what Start work needs first', () => {
  let w: GitHubWorld;
  let credentialId: string;
  beforeAll(async () => {
    w = await startGitHubWorld();
    for (let i = 1; i <= 32; i++) w.fake.state.addRepo({ owner: 'acme', name: `service-${String(i).padStart(2, '0')}` });
    credentialId = (await w.dev.api.get('/api/me/credentials')).body.items[0].id;
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  const available = (query: string, user = w.dev) => user.api.get(`/api/projects/${w.projectId}/repositories/available?credentialId=${credentialId}${query}`);

  it("lists the credential owner's repositories, paged and searchable", async () => {
    const first = await available('');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(30);
    expect(first.body.hasMore).toBe(true);
    expect(first.body.items[0]).toEqual({ owner: 'acme', name: 'api', defaultBranch: 'main', private: true });
    const second = await available('&page=2');
    expect(second.body).toMatchObject({ hasMore: false });
    expect(second.body.items.map((r: any) => r.name)).toEqual(['service-30', 'service-31', 'service-32']);
    const found = await available('&search=service-1');
    expect(found.body.items.map((r: any) => r.name)).toEqual([
      'service-10',
      'service-11',
      'service-12',
      'service-13',
      'service-14',
      'service-15',
      'service-16',
      'service-17',
      'service-18',
      'service-19',
    ]);
  });

  it('lists, refuses duplicates (409), non-owners (403), and unlinks', async () => {
    const listed = await w.dev.api.get(`/api/projects/${w.projectId}/repositories`);
    expect(listed.body.items).toEqual([
      { id: w.repositoryId, owner: 'acme', name: 'api', defaultBranch: 'main', webUrl: `${new URL(w.fake.url).origin}/acme/api`, credentialId },
    ]);
    const again = await w.dev.api.post(`/api/projects/${w.projectId}/repositories`, { credentialId, owner: 'acme', name: 'API' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('acme/api is already linked to this project');

    const rheaCredential = (await w.rhea.api.get('/api/me/credentials')).body.items[0].id;
    const byMember = await w.rhea.api.post(`/api/projects/${w.projectId}/repositories`, { credentialId: rheaCredential, owner: 'acme', name: 'service-01' });
    expect(byMember.status).toBe(403);

    const linked = await linkRepository(w.dev, w.projectId, { credentialId, owner: 'acme', name: 'service-01' });
    expect((await w.dev.api.delete(`/api/projects/${w.projectId}/repositories/${linked}`)).status).toBe(204);
    expect((await w.dev.api.delete(`/api/projects/${w.projectId}/repositories/${linked}`)).status).toBe(404);
  });

  it('says what is wrong with a repository that cannot be linked', async () => {
    const missing = await w.dev.api.post(`/api/projects/${w.projectId}/repositories`, { credentialId, owner: 'acme', name: 'nope' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toMatch(/^Could not link acme\/nope: GitHub found nothing at acme\/nope/);
    const otherOwner = await w.dev.api.post(`/api/projects/${w.projectId}/repositories`, { credentialId, owner: 'octo', name: 'dotfiles' });
    expect(otherOwner.status).toBe(422);
    expect(otherOwner.body.error.message).toBe('That credential is for acme; add one for octo to link its repositories.');
  });

  it('refuses a credential for another provider', async () => {
    const adoProject = await createProject(w.dev, {
      key: 'ADO',
      provider: 'ado',
      settings: { organization: 'fabrikam', project: 'Baton', baseUrl: w.fake.url },
    });
    const res = await w.dev.api.get(`/api/projects/${adoProject}/repositories/available?credentialId=${credentialId}`);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe('That credential is for GitHub; this project uses Azure DevOps.');
  });

  it('refuses Start work without a credential for the owner (409, naming provider and owner)', async () => {
    const newcomer = await w.baton.addUser({ name: 'Newcomer' });
    await addMember(w.dev, w.projectId, newcomer);
    const { key } = await createTicket(newcomer, w.projectId);
    const res = await newcomer.api.post(`/api/tickets/${key}/start`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/^You have no GitHub credential for acme: add one under Profile → Git credentials/);
    expect(res.body.error.details).toMatchObject({ reason: 'no_credential', provider: 'github', owner: 'acme', baseUrl: w.fake.url });
    const ticket = (await newcomer.api.get(`/api/tickets/${key}`)).body;
    expect(ticket).toMatchObject({ status: 'backlog', startWork: null });
  });

  it('refuses Start work without a repository (409) or with an ambiguous one (422), and defaults to the only one', async () => {
    const projectId = await createProject(w.dev, { key: 'REPO', provider: 'github', settings: { baseUrl: w.fake.url } });
    const { key } = await createTicket(w.dev, projectId);
    const none = await w.dev.api.post(`/api/tickets/${key}/start`);
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/^No repository is linked to this project yet/);

    const api = await linkRepository(w.dev, projectId, { credentialId, owner: 'acme', name: 'service-02' });
    await linkRepository(w.dev, projectId, { credentialId, owner: 'acme', name: 'service-03' });
    const ambiguous = await w.dev.api.post(`/api/tickets/${key}/start`);
    expect(ambiguous.status).toBe(422);
    expect(ambiguous.body.error.message).toBe(`This project has 2 repositories; choose one in ${key}'s Repository field first`);

    await w.dev.api.patch(`/api/tickets/${key}`, { repositoryId: api });
    expect((await w.dev.api.post(`/api/tickets/${key}/start`)).status).toBe(202);
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = (await w.dev.api.get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/me/credentials',
        '/api/me/credentials/{credentialId}',
        '/api/projects/{projectId}/repositories',
        '/api/projects/{projectId}/repositories/available',
        '/api/projects/{projectId}/repositories/{repositoryId}',
        '/api/tickets/{ticketKey}/start',
      ]),
    );
    expect(doc.paths['/api/tickets/{ticketKey}/start'].post.responses).toHaveProperty('202');
  });

  it('hides Start work on tickets of projects the caller is not in', async () => {
    const outsider = await w.baton.addUser({ name: 'Outsider' });
    const { key } = await createTicket(w.dev, w.projectId);
    expect((await outsider.api.post(`/api/tickets/${key}/start`)).status).toBe(404);
  });
});
