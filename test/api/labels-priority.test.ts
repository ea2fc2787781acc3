import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

// Labels of a project and the priority of a ticket through HTTP: label CRUD with its
// permissions, labels and priority on tickets (create, change, shown on the ticket and the board)
// and the board filters by both, combined with the others; bad input is refused and changes nothing.

describe.each(engines)('labels and priority API on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let dev: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let otherProjectId: string;

  const labelsUrl = () => `/api/projects/${projectId}/labels`;
  const boardKeys = async (query: string) => {
    const res = await owner.api.get(`/api/projects/${projectId}/board${query}`);
    expect(res.status).toBe(200);
    return res.body.columns.flatMap((c: any) => c.items.map((t: any) => t.key)).sort();
  };

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    dev = await baton.addUser({ name: 'Dana Dev' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
    projectId = (await owner.api.post('/api/projects', { key: 'LBL', name: 'Labels', provider: 'github' })).body.id;
    otherProjectId = (await outsider.api.post('/api/projects', { key: 'OTH', name: 'Other', provider: 'github' })).body.id;
    expect((await owner.api.post(`/api/projects/${projectId}/members`, { userId: dev.id, role: 'member' })).status).toBe(200);
  });
  afterAll(() => baton?.stop());

  it('lets members create, list and rename labels; only owners delete; outsiders see nothing', async () => {
    const bug = await dev.api.post(labelsUrl(), { name: 'bug', color: '#D73A4A' });
    expect(bug.status).toBe(201);
    expect(bug.body).toEqual({ id: expect.any(String), name: 'bug', color: '#d73a4a' });
    const ui = await owner.api.post(labelsUrl(), { name: 'ui', color: '#0075ca' });
    expect(ui.status).toBe(201);

    const list = await dev.api.get(labelsUrl());
    expect(list.body.items.map((l: any) => l.name)).toEqual(['bug', 'ui']);

    const renamed = await dev.api.patch(`${labelsUrl()}/${ui.body.id}`, { name: 'frontend' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ id: ui.body.id, name: 'frontend', color: '#0075ca' });

    const refused = await dev.api.delete(`${labelsUrl()}/${ui.body.id}`);
    expect(refused.status).toBe(403);
    expect((await outsider.api.get(labelsUrl())).status).toBe(404);
    expect((await outsider.api.post(labelsUrl(), { name: 'x', color: '#000000' })).status).toBe(404);
    // A label of one project is not reachable through another.
    expect((await outsider.api.patch(`/api/projects/${otherProjectId}/labels/${ui.body.id}`, { name: 'mine' })).status).toBe(404);

    expect((await owner.api.delete(`${labelsUrl()}/${ui.body.id}`)).status).toBe(204);
    expect((await dev.api.get(labelsUrl())).body.items.map((l: any) => l.name)).toEqual(['bug']);
  });

  it('refuses bad label input with the field named, and changes nothing', async () => {
    const before = (await owner.api.get(labelsUrl())).body.items;
    const duplicate = await owner.api.post(labelsUrl(), { name: 'bug', color: '#000000' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details.fields).toEqual({ name: 'Label name "bug" is taken in this project; pick another name.' });
    const badColour = await owner.api.post(labelsUrl(), { name: 'docs', color: 'blue' });
    expect(badColour.status).toBe(400);
    expect(badColour.body.error.details.fields).toEqual({ color: 'Label colour must be a colour such as #3b82f6.' });
    const empty = await owner.api.post(labelsUrl(), { name: '  ', color: '#000000' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toEqual({ name: 'Label name must not be empty.' });
    expect((await owner.api.patch(`${labelsUrl()}/not-an-id`, { name: 'x' })).status).toBe(400);
    expect((await owner.api.get(labelsUrl())).body.items).toEqual(before);
  });

  it('puts labels and priority on tickets, shows them on the ticket and the board, and filters by them', async () => {
    const bug = (await owner.api.get(labelsUrl())).body.items.find((l: any) => l.name === 'bug');
    const perf = (await owner.api.post(labelsUrl(), { name: 'perf', color: '#fbca04' })).body;

    const a = await dev.api.post(`/api/projects/${projectId}/tickets`, { title: 'Crash on save', priority: 'urgent', labelIds: [bug.id] });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ priority: 'urgent', labels: [{ id: bug.id, name: 'bug', color: '#d73a4a' }] });
    const b = await dev.api.post(`/api/projects/${projectId}/tickets`, { title: 'Slow board', assigneeId: dev.id });
    expect(b.body).toMatchObject({ priority: 'none', labels: [] });
    const c = await dev.api.post(`/api/projects/${projectId}/tickets`, { title: 'Slow crash', priority: 'high', labelIds: [bug.id, perf.id] });

    const patched = await dev.api.patch(`/api/tickets/${b.body.key}`, { priority: 'low', labelIds: [perf.id] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ priority: 'low', labels: [{ name: 'perf' }] });
    expect((await dev.api.get(`/api/tickets/${b.body.key}`)).body).toMatchObject({ priority: 'low', labels: [{ id: perf.id }] });

    const board = await owner.api.get(`/api/projects/${projectId}/board`);
    const card = board.body.columns[0].items.find((t: any) => t.key === c.body.key);
    expect(card).toMatchObject({ priority: 'high', labels: [{ name: 'bug' }, { name: 'perf' }] });

    expect(await boardKeys(`?labelId=${bug.id}`)).toEqual([a.body.key, c.body.key].sort());
    expect(await boardKeys(`?labelId=${perf.id}`)).toEqual([b.body.key, c.body.key].sort());
    expect(await boardKeys('?priority=urgent')).toEqual([a.body.key]);
    expect(await boardKeys(`?labelId=${perf.id}&priority=high`)).toEqual([c.body.key]);
    expect(await boardKeys(`?labelId=${perf.id}&assigneeId=${dev.id}`)).toEqual([b.body.key]);
    const list = await owner.api.get(`/api/projects/${projectId}/tickets?labelId=${bug.id}&priority=urgent`);
    expect(list.body.items.map((t: any) => t.key)).toEqual([a.body.key]);

    // Detaching: an empty list takes every label off; deleting a label takes it off its tickets.
    expect((await dev.api.patch(`/api/tickets/${a.body.key}`, { labelIds: [] })).body.labels).toEqual([]);
    expect((await owner.api.delete(`${labelsUrl()}/${perf.id}`)).status).toBe(204);
    expect((await dev.api.get(`/api/tickets/${c.body.key}`)).body.labels.map((l: any) => l.name)).toEqual(['bug']);
  });

  it('refuses bad priority and labels of another project on a ticket, changing nothing', async () => {
    const t = (await dev.api.post(`/api/projects/${projectId}/tickets`, { title: 'Stays as it is', priority: 'medium' })).body;
    const foreign = (await outsider.api.post(`/api/projects/${otherProjectId}/labels`, { name: 'theirs', color: '#123456' })).body;

    const badPriority = await dev.api.patch(`/api/tickets/${t.key}`, { priority: 'asap' });
    expect(badPriority.status).toBe(400);
    expect(badPriority.body.error.details.fields).toEqual({ priority: 'Priority must be none, low, medium, high or urgent.' });
    const foreignLabel = await dev.api.patch(`/api/tickets/${t.key}`, { title: 'Changed', labelIds: [foreign.id] });
    expect(foreignLabel.status).toBe(422);
    expect(foreignLabel.body.error.details.fields).toEqual({
      labelIds: 'Labels must be labels of this project; choose them from the list or create them first.',
    });
    expect((await dev.api.post(`/api/projects/${projectId}/tickets`, { title: 'New', labelIds: [foreign.id] })).status).toBe(422);
    expect((await owner.api.get(`/api/projects/${projectId}/board?priority=asap`)).status).toBe(400);
    expect((await owner.api.get(`/api/projects/${projectId}/board?labelId=bug`)).status).toBe(400);

    expect((await dev.api.get(`/api/tickets/${t.key}`)).body).toMatchObject({ title: 'Stays as it is', priority: 'medium', labels: [] });
  });
});
