import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { type IssueWorld, importSettled, putSync, startIssueWorld } from './support.ts';

describe.each(engines)('GitHub Issues import on %s', (engine) => {
  let world: IssueWorld;
  let rhea: TestUser;

  beforeAll(async () => {
    world = await startIssueWorld(engine, 'IMP');
    rhea = await world.baton.addUser({ name: 'Rhea Reviewer' });
    await world.account(rhea, 'rhea');
  });
  afterAll(async () => {
    await world?.close();
    expect(world.fake.violations).toEqual([]);
  });

  const tickets = async (repositoryId: string) =>
    world.baton.ctx.db.kysely.selectFrom('tickets').select(['id', 'key', 'title']).where('repository_id', '=', repositoryId).orderBy('number').execute();
  const listCalls = (name: string) => world.fake.calls.filter((c) => c.method === 'GET' && c.path === `/repos/acme/${name}/issues`);
  const perIssueCalls = (name: string) => world.fake.calls.filter((c) => c.path.startsWith(`/repos/acme/${name}/issues/`));

  it('refuses bad settings naming the field as the form labels it, and changes nothing', async () => {
    const { repositoryId } = await world.link('refused');
    const bad = await putSync(world, repositoryId, { enabled: true, direction: 'sideways', state: 'open' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/Direction must be both .* or import/);
    const commas = await putSync(world, repositoryId, { enabled: true, direction: 'import', state: 'open', labelFilter: 'bug,ui' });
    expect(commas.status).toBe(400);
    expect(JSON.stringify(commas.body)).toMatch(/Label filter must be one label name/);
    const state = await putSync(world, repositoryId, { enabled: true, direction: 'import', state: 'closed' });
    expect(state.status).toBe(400);
    expect(JSON.stringify(state.body)).toMatch(/Issues must be open .* or all/);
    const view = await world.owner.api.get(`/api/projects/${world.projectId}/repositories/${repositoryId}/issue-sync`);
    expect(view.body).toMatchObject({ enabled: false, import: { status: 'idle', done: 0 } });
    expect(listCalls('refused')).toEqual([]);
  });

  it('imports 250 issues across 3 pages with 3 list calls and none per issue, skipping pull requests', async () => {
    const { repo, repositoryId } = await world.link('big');
    const milestone = world.fake.state.addMilestone(repo, 'v1.0');
    world.fake.state.addUser('stranger');
    repo.collaborators.add('stranger');
    for (let i = 1; i <= 250; i++) {
      if (i % 50 === 0) {
        world.fake.state.addBranch(repo, `pr-${i}`);
        world.fake.state.addPull(repo, { head: `pr-${i}`, title: `PR ${i}` });
      }
      world.fake.state.addIssue(repo, {
        title: `Issue ${i}`,
        body: i === 1 ? 'Refunds for cards.\n\n- [ ] Refund button\n- [x] Email receipt\n\n```\n- [ ] not a task\n```' : `Body ${i}`,
        labels: i % 2 === 0 ? ['bug'] : ['feature', 'ui'],
        milestone: i === 1 ? milestone.number : null,
        assignees: i === 1 ? ['rhea', 'stranger'] : [],
      });
    }
    const res = await putSync(world, repositoryId, { enabled: true, direction: 'import', state: 'open' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ enabled: true, direction: 'import', state: 'open', labelFilter: null, enabledBy: { id: world.owner.id } });
    expect(['queued', 'running', 'done']).toContain(res.body.import.status);

    const view = await importSettled(world, repositoryId);
    expect(view.import).toMatchObject({ status: 'done', done: 250, total: 250, totalExact: true, progress: '250 of 250', error: null });
    // Five pull requests lie among the 255 numbers: the listing spans 3 pages of 100.
    expect(listCalls('big').map((c) => c.status)).toEqual([200, 200, 200]);
    expect(perIssueCalls('big')).toEqual([]);

    const rows = await tickets(repositoryId);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.title)).size).toBe(250);
    expect(rows.some((r) => r.title.startsWith('PR '))).toBe(false);

    const first = (await world.owner.api.get(`/api/tickets/${rows[0].key}`)).body;
    expect(first).toMatchObject({ title: 'Issue 1', status: 'backlog', assignee: { id: rhea.id, name: 'Rhea Reviewer' } });
    expect(first.spec).toContain('Refunds for cards.');
    expect(first.acceptanceCriteria.map((c: { text: string; done: boolean }) => [c.text, c.done])).toEqual([
      ['Refund button', false],
      ['Email receipt', true],
    ]);
    expect(first.labels.map((l: { name: string }) => l.name)).toEqual(['feature', 'ui']);
    expect(first.history[0]).toMatchObject({ cause: 'issue_sync', detail: 'Imported from acme/big#1' });

    const issue = await world.owner.api.get(`/api/tickets/${rows[0].key}/issue`);
    expect(issue.status).toBe(200);
    expect(issue.body).toMatchObject({
      reference: 'acme/big#1',
      url: `${world.fake.webUrl}/acme/big/issues/1`,
      state: 'open',
      milestone: { number: milestone.number, title: 'v1.0' },
      assignees: [
        { login: 'rhea', person: { id: rhea.id, name: 'Rhea Reviewer' } },
        { login: 'stranger', person: null },
      ],
      gone: null,
    });
    // Labels are the project's, one per name, with GitHub's colour.
    const labels = (await world.owner.api.get(`/api/projects/${world.projectId}/labels`)).body.items.map((l: { name: string }) => l.name);
    expect(labels.filter((n: string) => n === 'bug')).toHaveLength(1);
    // The issue got no edit: direction is import.
    expect(world.fake.calls.filter((c) => c.method !== 'GET' && c.path.startsWith('/repos/acme/big/'))).toEqual([]);
  });

  it('resumes a crashed import from the last committed page without duplicates, and a re-run from the start adds none', async () => {
    const { repo, repositoryId } = await world.link('crashy');
    for (let i = 1; i <= 250; i++) world.fake.state.addIssue(repo, { title: `Crash ${i}` });
    // The third page fails the way nothing but a person can fix.
    world.fake.fail({ method: 'GET', path: '/repos/acme/crashy/issues', query: /(^|&)page=3(&|$)/, status: 404, body: { message: 'Not Found' } });
    await putSync(world, repositoryId, { enabled: true, direction: 'import', state: 'open' });
    const failed = await importSettled(world, repositoryId);
    expect(failed.import).toMatchObject({ status: 'failed', done: 200, totalExact: false });
    expect(failed.import.progress).toBe('200 of ~300');
    expect(failed.import.error).toMatch(/acme\/crashy.*Issues: read and write/);
    expect(await tickets(repositoryId)).toHaveLength(200);

    // Saving again continues at page 3: pages 1 and 2 are not read again.
    const before = listCalls('crashy').length;
    await putSync(world, repositoryId, { enabled: true, direction: 'import', state: 'open' });
    const resumed = await importSettled(world, repositoryId);
    expect(resumed.import).toMatchObject({ status: 'done', done: 250, progress: '250 of 250' });
    expect(listCalls('crashy').length - before).toBe(1);
    expect(await tickets(repositoryId)).toHaveLength(250);

    // A new scope starts over from page 1; every issue is found linked, none is added twice.
    await putSync(world, repositoryId, { enabled: true, direction: 'import', state: 'all' });
    const again = await importSettled(world, repositoryId);
    expect(again.import).toMatchObject({ status: 'done', done: 250 });
    const rows = await tickets(repositoryId);
    expect(rows).toHaveLength(250);
    expect(new Set(rows.map((r) => r.title)).size).toBe(250);
  });

  it('says so when the token lacks Issues access', async () => {
    const { repo, repositoryId } = await world.link('locked');
    world.fake.state.addIssue(repo, { title: 'Hidden' });
    const lena = await world.baton.addUser({ name: 'Lena Limited' });
    world.fake.state.addUser('lena');
    world.fake.state.account('acme')!.members.add('lena');
    world.fake.state.addToken('lena-token', {
      kind: 'fine-grained',
      login: 'lena',
      owner: 'acme',
      permissions: { metadata: 'read', contents: 'write', pull_requests: 'write' },
    });
    const { storeCredential } = await import('../webhooks/support.ts');
    await storeCredential(world.baton, lena, { provider: 'github', owner: 'acme', baseUrl: world.fake.url, token: 'lena-token' });
    await world.baton.ctx.db.kysely
      .insertInto('project_members')
      .values({ project_id: world.projectId, user_id: lena.id, role: 'owner', created_at: new Date().toISOString() })
      .execute();
    const res = await lena.api.put(`/api/projects/${world.projectId}/repositories/${repositoryId}/issue-sync`, {
      enabled: true,
      direction: 'both',
      state: 'all',
    });
    expect(res.status).toBe(200);
    const view = await importSettled(world, repositoryId);
    expect(view.import.status).toBe('failed');
    expect(view.import.error).toMatch(/GitHub token lacks Issues: read on acme\/locked.*Issue sync needs Issues: read and write/);
    expect(await tickets(repositoryId)).toHaveLength(0);
  });
});
