import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

describe.each(engines)('projects and tickets API on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let outsider: TestUser;
  let projectId: string;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
  });
  afterAll(() => baton?.stop());

  it('creates a project whose creator is its owner', async () => {
    const res = await owner.api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github', settings: {} });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      key: 'PAY',
      name: 'Payments',
      provider: 'github',
      role: 'owner',
      branchPrefix: 'feature',
      settings: { baseUrl: 'https://api.github.com' },
    });
    projectId = res.body.id;
    const members = await owner.api.get(`/api/projects/${projectId}/members`);
    expect(members.body.items).toEqual([expect.objectContaining({ userId: owner.id, role: 'owner' })]);
  });

  it('refuses a duplicate key with 409 and bad keys with the field named', async () => {
    const dup = await owner.api.post('/api/projects', { key: 'PAY', name: 'Again', provider: 'github' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'conflict', details: { field: 'key' } });
    const bad = await owner.api.post('/api/projects', { key: 'pay-1', name: 'Bad', provider: 'github' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields)).toEqual(['key']);
  });

  it('numbers tickets without gaps or duplicates under concurrent creation', async () => {
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) => owner.api.post(`/api/projects/${projectId}/tickets`, { title: `Ticket ${i}`, acceptanceCriteria: ['works'] })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(25).fill(201));
    const numbers = created.map((r) => r.body.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(created[0].body.key).toMatch(/^PAY-\d+$/);
  });

  it('reads a ticket back with criteria, status and history, and records status changes with their cause', async () => {
    const created = await owner.api.post(`/api/projects/${projectId}/tickets`, {
      title: 'Refund flow',
      spec: '# Refunds\nDo it.',
      acceptanceCriteria: ['Refund button', 'Email sent'],
    });
    const key = created.body.key;
    const changed = await owner.api.patch(`/api/tickets/${key}`, { status: 'ready' });
    expect(changed.status).toBe(200);
    const ticket = (await owner.api.get(`/api/tickets/${key}`)).body;
    expect(ticket).toMatchObject({ key, title: 'Refund flow', status: 'ready', spec: '# Refunds\nDo it.' });
    expect(ticket.acceptanceCriteria.map((c: any) => [c.text, c.done])).toEqual([
      ['Refund button', false],
      ['Email sent', false],
    ]);
    expect(ticket.history.map((h: any) => [h.from, h.to, h.cause])).toEqual([
      [null, 'backlog', 'user'],
      ['backlog', 'ready', 'user'],
    ]);
    expect(ticket.history[1].actor).toEqual({ id: owner.id, name: 'Olive Owner' });
  });

  it('replaces criteria as an ordered list, keeping ids, and ticks them', async () => {
    const key = (await owner.api.post(`/api/projects/${projectId}/tickets`, { title: 'Order', acceptanceCriteria: ['a', 'b'] })).body.key;
    const [a, b] = (await owner.api.get(`/api/tickets/${key}`)).body.acceptanceCriteria;
    const res = await owner.api.patch(`/api/tickets/${key}`, {
      acceptanceCriteria: [{ id: b.id, text: 'b', done: true }, { id: a.id, text: 'a' }, { text: 'c' }],
    });
    expect(res.body.acceptanceCriteria.map((c: any) => [c.text, c.done])).toEqual([
      ['b', true],
      ['a', false],
      ['c', false],
    ]);
    expect(res.body.acceptanceCriteria[0].id).toBe(b.id);
  });

  it('filters and pages the ticket list', async () => {
    const ready = await owner.api.get(`/api/projects/${projectId}/tickets?status=ready`);
    expect(ready.body.items.every((t: any) => t.status === 'ready')).toBe(true);
    expect(ready.body.items.length).toBeGreaterThan(0);
    const first = await owner.api.get(`/api/projects/${projectId}/tickets?limit=10`);
    expect(first.body.items).toHaveLength(10);
    const second = await owner.api.get(`/api/projects/${projectId}/tickets?limit=10&cursor=${first.body.nextCursor}`);
    const firstKeys = new Set(first.body.items.map((t: any) => t.key));
    expect(second.body.items.some((t: any) => firstKeys.has(t.key))).toBe(false);
    expect(second.body.items[0].number).toBeLessThan(first.body.items[9].number);
  });

  it('hides a project and its tickets from non-members with 404', async () => {
    expect((await outsider.api.get(`/api/projects/${projectId}`)).status).toBe(404);
    expect((await outsider.api.get(`/api/projects/${projectId}/tickets`)).status).toBe(404);
    expect((await outsider.api.get('/api/tickets/PAY-1')).status).toBe(404);
    expect((await outsider.api.patch('/api/tickets/PAY-1', { title: 'mine' })).status).toBe(404);
    expect((await outsider.api.get('/api/projects')).body.items).toEqual([]);
    const added = await owner.api.post(`/api/projects/${projectId}/members`, { userId: outsider.id, role: 'member' });
    expect(added.status).toBe(200);
    expect((await outsider.api.get('/api/tickets/PAY-1')).status).toBe(200);
    expect((await outsider.api.patch(`/api/projects/${projectId}`, { name: 'Hijack' })).status).toBe(403);
  });

  it('answers bad input with a clear 4xx and changes nothing', async () => {
    const before = (await owner.api.get(`/api/projects/${projectId}/tickets?limit=200`)).body.items.length;
    const cases: Array<[string, unknown, number, string?]> = [
      ['{"title": ', undefined, 400],
      [JSON.stringify({ title: 'x', extra: 1 }), undefined, 400, 'extra'],
      [JSON.stringify({ title: 'x'.repeat(201) }), undefined, 400, 'title'],
      ['{"title":"x","__proto__":{"isAdmin":true}}', undefined, 400],
      ['{"title":"x","constructor":{"prototype":{"a":1}}}', undefined, 400],
      [JSON.stringify({ title: 'x', acceptanceCriteria: 'nope' }), undefined, 400, 'acceptanceCriteria'],
      [JSON.stringify({ title: 'x', assigneeId: crypto.randomUUID() }), undefined, 422, 'assigneeId'],
    ];
    for (const [raw, , status, field] of cases) {
      const res = await owner.api.post(`/api/projects/${projectId}/tickets`, raw);
      expect(res.status, raw).toBe(status);
      expect(res.body.error.message, raw).toEqual(expect.any(String));
      if (field) expect(Object.keys(res.body.error.details.fields), raw).toContain(field);
    }
    expect((await owner.api.get(`/api/tickets/PAY-9999`)).status).toBe(404);
    expect((await owner.api.get(`/api/tickets/not-a-key`)).status).toBe(400);
    const after = (await owner.api.get(`/api/projects/${projectId}/tickets?limit=200`)).body.items.length;
    expect(after).toBe(before);
  });

  it('rejects missing, malformed and revoked tokens with 401', async () => {
    const anonymous = await fetch(`${baton.url}/api/me`);
    expect(anonymous.status).toBe(401);
    const wrong = await fetch(`${baton.url}/api/me`, { headers: { authorization: 'Bearer baton_nope' } });
    expect(wrong.status).toBe(401);
    const user = await baton.addUser();
    const created = await user.api.post('/api/me/tokens', { name: 'script' });
    const token = created.body.token;
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${baton.url}/api/me`, { headers })).status).toBe(200);
    expect((await user.api.get('/api/me/tokens')).body.items.some((t: any) => 'token' in t)).toBe(false);
    expect((await user.api.delete(`/api/me/tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await fetch(`${baton.url}/api/me`, { headers });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.code).toBe('unauthorized');
  });

  it('serves an OpenAPI document naming the public routes', async () => {
    const doc = (await owner.api.get('/api/openapi.json')).body;
    for (const path of [
      '/api/session',
      '/api/me',
      '/api/projects',
      '/api/projects/{projectId}',
      '/api/projects/{projectId}/members',
      '/api/projects/{projectId}/tickets',
      '/api/tickets/{ticketKey}',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/projects'].post.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['key', 'name', 'provider']),
    );
  });
});
