import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/database.ts';
import { addCredential, addMember, createTicket, eventually, type GitHubWorld, startGitHubWorld, startWork } from '../git/world.ts';
import type { TestUser } from '../support/baton.ts';

/** The user's notifications about one ticket, newest first, as [kind, actor name, detail]. */
async function about(user: TestUser, key: string): Promise<Array<[string, string | null, string | null]>> {
  const res = await user.api.get('/api/me/notifications?limit=200');
  expect(res.status).toBe(200);
  return res.body.items.filter((n: any) => n.ticket.key === key).map((n: any) => [n.kind, n.actor?.name ?? null, n.detail]);
}

describe.each<Engine>(['sqlite', 'postgres'])('notifications on %s', (engine) => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld({ engine });
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  it('tells whoever is made assignee or reviewer, never the person who did it', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Assigned', assigneeId: w.rhea.id });
    expect(await about(w.rhea, key)).toEqual([['assigned', 'Dev Octo', null]]);

    expect((await w.dev.api.patch(`/api/tickets/${key}`, { assigneeId: w.dev.id, reviewerId: w.rhea.id })).status).toBe(200);
    expect(await about(w.dev, key)).toEqual([]);
    expect(await about(w.rhea, key)).toEqual([
      ['review_requested', 'Dev Octo', null],
      ['assigned', 'Dev Octo', null],
    ]);
    // Saving the same people again tells nobody anything new.
    await w.dev.api.patch(`/api/tickets/${key}`, { assigneeId: w.dev.id, reviewerId: w.rhea.id, title: 'Assigned, renamed' });
    expect(await about(w.rhea, key)).toHaveLength(2);
  });

  it('Start work: the reviewer it chose is told; a merged PR tells the person who started it', async () => {
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Merge me' });
    const ticket = await startWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(await about(w.rhea, key)).toEqual([['review_requested', 'Dev Octo', null]]);
    expect(await about(w.dev, key)).toEqual([]);

    const pull = w.repo.pulls.find((p) => p.head === ticket.branch)!;
    const at = w.fake.state.tick();
    Object.assign(pull, { state: 'closed', mergedAt: at, closedAt: at, updatedAt: at });
    expect((await w.dev.api.post(`/api/tickets/${key}/sync`)).status).toBe(202);
    await eventually(async () => (await w.dev.api.get(`/api/tickets/${key}`)).body.status === 'done', { what: `${key} to be done` });

    expect(await about(w.dev, key)).toEqual([['pr_merged', null, `PR #${pull.number} merged: ${key}: Merge me`]]);
    // The reviewer is not the ticket's owner: nothing about the merge for them.
    expect((await about(w.rhea, key)).map(([kind]) => kind)).toEqual(['review_requested']);
    // Seen again by a second sync, the merge is not news.
    const { jobId } = (await w.dev.api.post(`/api/tickets/${key}/sync`)).body;
    await eventually(
      async () => (await w.baton.ctx.db.kysely.selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirst())?.status === 'succeeded',
      { what: 'the second sync' },
    );
    expect(await about(w.dev, key)).toHaveLength(1);
  });

  it('tells a deactivated person nothing and never picks them to review', async () => {
    const ada = await w.baton.addUser({ name: 'Ada Admin', isAdmin: true });
    // Dora could review (a credential for acme) and sorts before Rhea, so only her deactivation keeps her out.
    const dora = await w.baton.addUser({ name: 'Dora Departed' });
    w.fake.state.addUser('dora');
    w.fake.state.account('acme')!.members.add('dora');
    w.fake.state.addToken('ghp_dora', { kind: 'classic', login: 'dora', scopes: ['repo'] });
    await addMember(w.dev, w.projectId, dora);
    await addCredential(dora, { provider: 'github', owner: 'acme', token: 'ghp_dora', baseUrl: w.fake.url });
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Left with Dora', assigneeId: dora.id });
    expect((await ada.api.post(`/api/users/${dora.id}/deactivate`)).status).toBe(200);

    const ticket = await startWork(w.dev, key);
    expect(ticket.startWork.status).toBe('succeeded');
    expect(ticket.reviewer).toMatchObject({ id: w.rhea.id });
    const pull = w.repo.pulls.find((p) => p.head === ticket.branch)!;
    const at = w.fake.state.tick();
    Object.assign(pull, { state: 'closed', mergedAt: at, closedAt: at, updatedAt: at });
    expect((await w.dev.api.post(`/api/tickets/${key}/sync`)).status).toBe(202);
    await eventually(async () => (await w.dev.api.get(`/api/tickets/${key}`)).body.status === 'done', { what: `${key} to be done` });

    expect((await about(w.dev, key)).map(([kind]) => kind)).toEqual(['pr_merged']);
    // Her token stopped with the deactivation, so the store says what she was sent: only what came before it.
    const sent = await w.baton.ctx.db.kysely.selectFrom('notifications').select('kind').where('user_id', '=', dora.id).execute();
    expect(sent.map((n) => n.kind)).toEqual(['assigned']);
  });

  it('a Start work that fails tells whoever pressed it, with the reason', async () => {
    const nora = await w.baton.addUser({ name: 'Nora Revoked' });
    w.fake.state.addUser('nora');
    w.fake.state.account('acme')!.members.add('nora');
    w.fake.state.addToken('ghp_nora', { kind: 'classic', login: 'nora', scopes: ['repo'] });
    await addMember(w.dev, w.projectId, nora);
    await addCredential(nora, { provider: 'github', owner: 'acme', token: 'ghp_nora', baseUrl: w.fake.url });
    w.fake.state.tokens.delete('ghp_nora');
    const { key } = await createTicket(nora, w.projectId, { title: 'Revoked token' });
    const ticket = await startWork(nora, key);
    expect(ticket.startWork.status).toBe('failed');
    expect(ticket.startWork.error).toMatch(/Bad credentials/);
    expect(await about(nora, key)).toEqual([['start_work_failed', null, ticket.startWork.error]]);
  });

  it('marks one read, then all up to what was seen; the unread count follows', async () => {
    const mia = await w.baton.addUser({ name: 'Mia Marker' });
    await addMember(w.dev, w.projectId, mia);
    const keys: string[] = [];
    for (const title of ['One', 'Two', 'Three']) keys.push((await createTicket(w.dev, w.projectId, { title, assigneeId: mia.id })).key);
    const page = (await mia.api.get('/api/me/notifications')).body;
    expect(page.items.map((n: any) => n.ticket.key)).toEqual([...keys].reverse());
    expect(page.unreadCount).toBe(3);
    expect((await mia.api.get('/api/me/notifications/unread-count')).body).toEqual({ count: 3 });

    const [newest, , oldest] = page.items;
    expect((await mia.api.post(`/api/me/notifications/${oldest.id}/read`)).status).toBe(204);
    expect((await mia.api.post(`/api/me/notifications/${oldest.id}/read`)).status).toBe(204);
    expect((await mia.api.get('/api/me/notifications/unread-count')).body).toEqual({ count: 2 });
    const unread = (await mia.api.get('/api/me/notifications?unread=true')).body;
    expect(unread.items.map((n: any) => n.ticket.key)).toEqual([keys[2], keys[1]]);

    // Somebody else's notification is not found, and stays unread.
    const other = await w.dev.api.post(`/api/me/notifications/${newest.id}/read`);
    expect(other.status).toBe(404);

    // Read all up to the newest seen: one arriving after that stays unread.
    const later = (await createTicket(w.dev, w.projectId, { title: 'Later', assigneeId: mia.id })).key;
    const marked = await mia.api.post('/api/me/notifications/read-all', { upTo: newest.createdAt });
    expect(marked.body).toEqual({ marked: 2 });
    const after = (await mia.api.get('/api/me/notifications?unread=true')).body;
    expect(after.items.map((n: any) => n.ticket.key)).toEqual([later]);
    expect(after.unreadCount).toBe(1);
    expect((await mia.api.post('/api/me/notifications/read-all', {})).body).toEqual({ marked: 1 });
    expect((await mia.api.get('/api/me/notifications/unread-count')).body).toEqual({ count: 0 });
  });

  it('pages newest first with a cursor and refuses a cursor it did not hand out', async () => {
    const pia = await w.baton.addUser({ name: 'Pia Pager' });
    await addMember(w.dev, w.projectId, pia);
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) keys.push((await createTicket(w.dev, w.projectId, { title: `Page ${i}`, assigneeId: pia.id })).key);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await pia.api.get(`/api/me/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((n: any) => n.ticket.key));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...keys].reverse());

    const bad = await pia.api.get('/api/me/notifications?cursor=nonsense');
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.fields).toHaveProperty('cursor');
    const badId = await pia.api.post('/api/me/notifications/not-an-id/read');
    expect(badId.status).toBe(400);
    const badTime = await pia.api.post('/api/me/notifications/read-all', { upTo: 'yesterday' });
    expect(badTime.status).toBe(400);
    expect(Object.keys(badTime.body.error.details.fields)).toEqual(['upTo']);
    expect((await pia.api.get('/api/me/notifications/unread-count')).body).toEqual({ count: 5 });
  });

  it('somebody removed from a project keeps nothing of it in their inbox; nobody outside it is told', async () => {
    const rex = await w.baton.addUser({ name: 'Rex Removed' });
    await addMember(w.dev, w.projectId, rex);
    const { key } = await createTicket(w.dev, w.projectId, { title: 'Secret plans', assigneeId: rex.id });
    expect(await about(rex, key)).toHaveLength(1);

    expect((await w.dev.api.delete(`/api/projects/${w.projectId}/members/${rex.id}`)).status).toBe(204);
    const inbox = (await rex.api.get('/api/me/notifications')).body;
    expect(inbox).toEqual({ items: [], unreadCount: 0, nextCursor: null });
    const id = (await w.baton.ctx.db.kysely.selectFrom('notifications').select('id').where('user_id', '=', rex.id).executeTakeFirstOrThrow()).id;
    // Still theirs to mark read (no 500, no leak): the answer carries nothing of the ticket.
    expect((await rex.api.post(`/api/me/notifications/${id}/read`)).status).toBe(204);

    const stranger = await w.baton.addUser({ name: 'Stan Stranger' });
    expect((await w.dev.api.patch(`/api/tickets/${key}`, { reviewerId: stranger.id })).status).toBe(422);
    expect((await stranger.api.get('/api/me/notifications')).body.items).toEqual([]);
  });

  it('refuses a caller without a session or token', async () => {
    const res = await fetch(`${w.baton.url}/api/me/notifications`);
    expect(res.status).toBe(401);
  });
});
