import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { createProject, createTicket, githubEvent, linkRepo, newSecret, sendGitHub, settledDeliveries, waitFor } from './support.ts';

describe('delivery log and replay', () => {
  let baton: TestBaton;
  let owner: TestUser;
  let member: TestUser;
  let projectId: string;
  let secret: string;

  beforeAll(async () => {
    baton = await startTestBaton();
    owner = await baton.addUser();
    member = await baton.addUser();
    projectId = await createProject(owner, { key: 'LOG' });
    await owner.api.post(`/api/projects/${projectId}/members`, { userId: member.id, role: 'member' });
    secret = await newSecret(owner, projectId);
  });
  afterAll(() => baton?.stop());

  it('lists deliveries newest first, page by page, with their outcome and error', async () => {
    const key = await createTicket(owner, projectId);
    const ids = [];
    for (const [i, action] of ['opened', 'labeled', 'closed'].entries()) {
      const deliveryId = randomUUID();
      ids.push(deliveryId);
      const body = githubEvent(action, { number: 7, head: key, updatedAt: `2024-04-01T10:0${i}:00Z`, state: action === 'closed' ? 'closed' : 'open' });
      await sendGitHub(baton, projectId, { body, secret, deliveryId });
    }
    await sendGitHub(baton, projectId, { body: { action: 'opened', pull_request: { number: 'x' } }, secret, deliveryId: 'broken-1' });
    await sendGitHub(baton, projectId, { body: { zen: 'x' }, secret: 'wrong' });
    await settledDeliveries(baton, projectId);

    const first = await member.api.get(`/api/projects/${projectId}/deliveries?limit=2`);
    expect(first.status).toBe(200);
    const second = await member.api.get(`/api/projects/${projectId}/deliveries?limit=2&cursor=${first.body.nextCursor}`);
    const items = [...first.body.items, ...second.body.items];
    expect(second.body.nextCursor).toBeNull();
    expect(items.map((d: any) => d.deliveryId)).toEqual(['broken-1', ...ids.reverse()]);
    // Not applied: the repository is not linked yet.
    expect(items.map((d: any) => [d.action, d.outcome])).toEqual([
      ['opened', 'failed'],
      ['closed', 'ignored'],
      ['labeled', 'ignored'],
      ['opened', 'ignored'],
    ]);
    expect(items[0].error).toMatch(/not as expected/);
    expect(items[1].error).toBe('Repository Codertocat/Hello-World is not linked to this project');
    expect(items[0]).toMatchObject({
      provider: 'github',
      event: 'pull_request',
      verified: true,
      duplicates: 0,
      receivedAt: expect.any(String),
      id: expect.any(String),
    });
    expect(first.body.rejectedCount).toBe(1);
    expect((await member.api.get(`/api/projects/${projectId}/deliveries?cursor=nonsense`)).status).toBe(422);
    const outsider = await baton.addUser();
    expect((await outsider.api.get(`/api/projects/${projectId}/deliveries`)).status).toBe(404);
  });

  it('replays stored deliveries for owners once the repository is linked, by Baton id or provider id', async () => {
    await linkRepo(baton, projectId, { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' });
    const log = (await owner.api.get(`/api/projects/${projectId}/deliveries`)).body.items;
    const [closed, , opened] = log.filter((d: any) => d.event === 'pull_request' && d.deliveryId !== 'broken-1');
    expect((await member.api.post(`/api/projects/${projectId}/deliveries/${opened.id}/replay`)).status).toBe(403);
    expect((await owner.api.post(`/api/projects/${projectId}/deliveries/${randomUUID()}/replay`)).status).toBe(404);
    const replayed = await owner.api.post(`/api/projects/${projectId}/deliveries/${opened.id}/replay`);
    expect(replayed.status).toBe(202);
    expect((await owner.api.post(`/api/projects/${projectId}/deliveries/${closed.deliveryId}/replay`)).status).toBe(202);
    const rows = await settledDeliveries(baton, projectId);
    expect(rows.filter((r) => [opened.id, closed.id].includes(r.id)).map((r) => r.outcome)).toEqual(['applied', 'applied']);
    const pr = await waitFor(
      () => baton.ctx.db.kysely.selectFrom('pull_requests').selectAll().where('number', '=', 7).executeTakeFirst(),
      (row) => row?.state === 'closed',
    );
    expect(pr?.state).toBe('closed');

    // The replays updated their own rows (no new ones) and each names the ticket its PR moved.
    const after = (await member.api.get(`/api/projects/${projectId}/deliveries`)).body.items;
    expect(after.map((d: any) => d.id)).toEqual(log.map((d: any) => d.id));
    const ticket = (await owner.api.get(`/api/tickets/${after.find((d: any) => d.id === closed.id).ticket.key}`)).body;
    expect(after.find((d: any) => d.id === closed.id)).toMatchObject({ outcome: 'applied', ticket: { key: ticket.key, title: ticket.title } });
    expect(after.find((d: any) => d.id === opened.id).ticket).toEqual({ key: ticket.key, title: ticket.title });
    expect(ticket.key).toMatch(/^LOG-\d+$/);
    // Not replayed, still ignored: no ticket named.
    expect(after.filter((d: any) => d.outcome === 'ignored').map((d: any) => d.ticket)).toEqual([null]);
  });
});
