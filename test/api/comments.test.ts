import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

// Comments through HTTP: markdown kept as written, oldest first, "@name" telling the members
// named (never the author, never an outsider), members only, bad input refused.

describe.each(engines)('comments API on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let ben: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let key: string;

  const mentionsOf = async (user: TestUser) =>
    (await user.api.get('/api/me/notifications?limit=200')).body.items
      .filter((n: any) => n.kind === 'mentioned')
      .map((n: any) => [n.ticket.key, n.actor?.name, n.detail]);

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    ben = await baton.addUser({ name: 'Ben Builder' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
    projectId = (await owner.api.post('/api/projects', { key: 'COM', name: 'Comments', provider: 'github' })).body.id;
    expect((await owner.api.post(`/api/projects/${projectId}/members`, { userId: ben.id, role: 'member' })).status).toBe(200);
    key = (await owner.api.post(`/api/projects/${projectId}/tickets`, { title: 'Talk about it' })).body.key;
  });
  afterAll(() => baton?.stop());

  it('keeps comments in order with their author, and tells the members mentioned', async () => {
    const first = await owner.api.post(`/api/tickets/${key}/comments`, { body: 'Could you look at **this**, @ben? And @otto, and @olive.' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ author: { id: owner.id, name: 'Olive Owner' }, body: 'Could you look at **this**, @ben? And @otto, and @olive.' });
    const second = await ben.api.post(`/api/tickets/${key}/comments`, { body: 'On it.' });
    expect(second.status).toBe(201);

    const list = await ben.api.get(`/api/tickets/${key}/comments`);
    expect(list.body.items.map((c: any) => [c.author.name, c.body])).toEqual([
      ['Olive Owner', 'Could you look at **this**, @ben? And @otto, and @olive.'],
      ['Ben Builder', 'On it.'],
    ]);
    // Ben is told; Otto cannot see the ticket and Olive wrote it, so neither is.
    expect(await mentionsOf(ben)).toEqual([[key, 'Olive Owner', 'Could you look at **this**, @ben? And @otto, and @olive.']]);
    expect(await mentionsOf(outsider)).toEqual([]);
    expect(await mentionsOf(owner)).toEqual([]);
  });

  it('refuses outsiders and empty comments, changing nothing', async () => {
    const before = (await owner.api.get(`/api/tickets/${key}/comments`)).body.items.length;
    expect((await outsider.api.get(`/api/tickets/${key}/comments`)).status).toBe(404);
    expect((await outsider.api.post(`/api/tickets/${key}/comments`, { body: 'hi @ben' })).status).toBe(404);
    const empty = await owner.api.post(`/api/tickets/${key}/comments`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toEqual({ body: 'Comment must not be empty: write the comment first.' });
    expect((await owner.api.post(`/api/tickets/${key}/comments`, {})).status).toBe(400);
    expect((await owner.api.get(`/api/tickets/${key}/comments`)).body.items).toHaveLength(before);
    expect(await mentionsOf(ben)).toHaveLength(1);
  });
});
