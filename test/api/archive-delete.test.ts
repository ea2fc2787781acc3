import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPullRequest } from '../../src/features/pr-status/pull-requests.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { linkRepository, pullRequest } from '../support/pr-fixtures.ts';

// Archiving takes a ticket off the board and lists (restorable, nothing lost); deleting removes
// it from Baton and leaves its pull request where it is. Both are ticket writes: any member, no
// outsider; bad input is refused and changes nothing.

describe.each(engines)('archive and delete API on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let dev: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let repositoryId: string;

  const create = async (title: string) => {
    const res = await owner.api.post(`/api/projects/${projectId}/tickets`, { title, acceptanceCriteria: ['It works'] });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };
  const boardKeys = async (query = '') =>
    (await owner.api.get(`/api/projects/${projectId}/board${query}`)).body.columns.flatMap((c: any) => c.items.map((t: any) => t.key));

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    dev = await baton.addUser({ name: 'Dana Dev' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
    projectId = (await owner.api.post('/api/projects', { key: 'ARC', name: 'Archive', provider: 'github' })).body.id;
    expect((await owner.api.post(`/api/projects/${projectId}/members`, { userId: dev.id, role: 'member' })).status).toBe(200);
    repositoryId = await linkRepository(baton.ctx.db, projectId, { owner: 'acme', name: 'api' });
  });
  afterAll(() => baton?.stop());

  it('archive hides a ticket from the board and the list; restore brings it back unchanged', async () => {
    const kept = await create('Stays on the board');
    const key = await create('Goes to the archive');
    const archived = await dev.api.patch(`/api/tickets/${key}`, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.archivedAt).toEqual(expect.any(String));

    expect(await boardKeys()).toEqual([kept]);
    expect((await owner.api.get(`/api/projects/${projectId}/board`)).body.columns[0].count).toBe(1);
    expect((await owner.api.get(`/api/projects/${projectId}/tickets`)).body.items.map((t: any) => t.key)).toEqual([kept]);
    expect(await boardKeys('?archived=true')).toEqual([key]);
    // The ticket itself is still there to read and to restore.
    expect((await dev.api.get(`/api/tickets/${key}`)).body).toMatchObject({ title: 'Goes to the archive', acceptanceCriteria: [{ text: 'It works' }] });

    const restored = await dev.api.patch(`/api/tickets/${key}`, { archived: false });
    expect(restored.body.archivedAt).toBeNull();
    expect((await boardKeys()).sort()).toEqual([kept, key].sort());
  });

  it('refuses bad input and outsiders, changing nothing', async () => {
    const key = await create('Guarded');
    const bad = await dev.api.patch(`/api/tickets/${key}`, { archived: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/archived/);
    expect((await owner.api.get(`/api/projects/${projectId}/board?archived=maybe`)).status).toBe(400);
    expect((await outsider.api.patch(`/api/tickets/${key}`, { archived: true })).status).toBe(404);
    expect((await outsider.api.delete(`/api/tickets/${key}`)).status).toBe(404);
    expect((await dev.api.delete('/api/tickets/not a key')).status).toBe(400);
    expect((await dev.api.delete('/api/tickets/ARC-9999')).status).toBe(404);
    expect((await owner.api.get(`/api/tickets/${key}`)).body.archivedAt).toBeNull();
  });

  it('delete removes the ticket from Baton and keeps its pull request, unlinked', async () => {
    const key = await create('Delete me');
    const ticket = (await owner.api.get(`/api/tickets/${key}`)).body;
    await baton.ctx.db.transaction((tx) =>
      applyPullRequest(tx, { repositoryId, pullRequest: pullRequest({ number: 12, headBranch: `feature/${key}-delete` }), cause: 'pr_event' }),
    );
    expect((await owner.api.get(`/api/tickets/${key}`)).body.pullRequests).toHaveLength(1);

    expect((await dev.api.delete(`/api/tickets/${key}`)).status).toBe(204);
    expect((await owner.api.get(`/api/tickets/${key}`)).status).toBe(404);
    expect(await boardKeys()).not.toContain(key);
    const db = baton.ctx.db.kysely;
    expect(await db.selectFrom('acceptance_criteria').select('id').where('ticket_id', '=', ticket.id).execute()).toEqual([]);
    const pr = await db
      .selectFrom('pull_requests')
      .select(['number', 'ticket_id'])
      .where('repository_id', '=', repositoryId)
      .where('number', '=', 12)
      .executeTakeFirst();
    expect(pr).toEqual({ number: 12, ticket_id: null });
    // A second delete finds nothing.
    expect((await dev.api.delete(`/api/tickets/${key}`)).status).toBe(404);
  });
});
