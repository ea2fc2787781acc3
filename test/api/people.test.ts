import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, apiClient, startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

const PASSWORD = 'a long enough password';

/** Signs in as a browser would: the session cookie and its CSRF token, sent on every call. */
async function signIn(url: string, email: string, password: string): Promise<{ status: number; api: ApiClient; cookie: string }> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const cookies = Object.fromEntries(res.headers.getSetCookie().map((c) => c.split(';')[0].split('=') as [string, string]));
  const cookie = `baton_session=${cookies.baton_session}; baton_csrf=${cookies.baton_csrf}`;
  return { status: res.status, cookie, api: apiClient(url, { cookie, 'x-csrf-token': cookies.baton_csrf ?? '' }) };
}

const tokenOf = (link: string) => new URL(link).hash.slice(1);

describe.each(engines)('people API on %s', (engine) => {
  let baton: TestBaton;
  let admin: TestUser;
  let member: TestUser;
  let anon: ApiClient;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    admin = await baton.addUser({ name: 'Ada Admin', isAdmin: true, password: PASSWORD });
    member = await baton.addUser({ name: 'Max Member', password: PASSWORD });
    anon = apiClient(baton.url);
  });
  afterAll(() => baton?.stop());

  async function invite(email: string, role?: 'admin' | 'member') {
    const res = await admin.api.post('/api/invitations', { email, ...(role && { role }) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  it('an admin invites by email; the link works once, shown once, and signs the invitee in', async () => {
    const created = await invite('Ivy@Example.com');
    expect(created).toMatchObject({ email: 'ivy@example.com', role: 'member', invitedBy: 'Ada Admin', expired: false });
    expect(created.link).toMatch(/^http:\/\/baton\.test\/invite#[\w-]{40,}$/);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    // Listed without its link: the link is shown once.
    const listed = (await admin.api.get('/api/invitations')).body.items.find((i: any) => i.id === created.id);
    expect(listed).toEqual({ ...created, link: undefined });
    expect(JSON.stringify((await admin.api.get('/api/invitations')).body)).not.toContain(tokenOf(created.link));

    const token = tokenOf(created.link);
    expect((await anon.post('/api/invitations/inspect', { token })).body).toEqual({ email: 'ivy@example.com', expiresAt: created.expiresAt });
    const short = await anon.post('/api/invitations/accept', { token, name: 'Ivy', password: 'short' });
    expect(short.status).toBe(400);
    expect(Object.keys(short.body.error.details.fields)).toEqual(['password']);

    const accepted = await anon.post('/api/invitations/accept', { token, name: 'Ivy Invitee', password: PASSWORD });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: 'ivy@example.com', name: 'Ivy Invitee', isAdmin: false });
    expect(accepted.headers.getSetCookie().some((c) => c.startsWith('baton_session='))).toBe(true);

    const again = await anon.post('/api/invitations/accept', { token, name: 'Eve', password: PASSWORD });
    expect(again.status).toBe(410);
    expect(again.body.error.message).toMatch(/Ask an administrator for a new one/);
    expect((await anon.post('/api/invitations/inspect', { token })).status).toBe(410);
    expect((await signIn(baton.url, 'ivy@example.com', PASSWORD)).status).toBe(200);
    expect((await admin.api.get('/api/invitations')).body.items.map((i: any) => i.id)).not.toContain(created.id);
  });

  it('an invitation with the admin role makes an admin; a revoked one stops working', async () => {
    const boss = await invite('boss@example.com', 'admin');
    const accepted = await anon.post('/api/invitations/accept', { token: tokenOf(boss.link), name: 'Bo Boss', password: PASSWORD });
    expect(accepted.body.user.isAdmin).toBe(true);

    const revoked = await invite('gone@example.com');
    expect((await admin.api.delete(`/api/invitations/${revoked.id}`)).status).toBe(204);
    expect((await admin.api.delete(`/api/invitations/${revoked.id}`)).status).toBe(404);
    expect((await anon.post('/api/invitations/accept', { token: tokenOf(revoked.link), name: 'G', password: PASSWORD })).status).toBe(410);
    expect((await anon.post('/api/invitations/inspect', { token: 'made-up' })).status).toBe(410);
  });

  it('refuses an invitation for an existing account or a bad address, naming the field', async () => {
    const taken = await admin.api.post('/api/invitations', { email: member.email });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual({ field: 'email' });
    const bad = await admin.api.post('/api/invitations', { email: 'not an address' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields)).toEqual(['email']);
    const badRole = await admin.api.post('/api/invitations', { email: 'x@example.com', role: 'owner' });
    expect(Object.keys(badRole.body.error.details.fields)).toEqual(['role']);
  });

  it('a member cannot invite, list invitations, revoke, change roles, deactivate or make reset links', async () => {
    const open = await invite('pending@example.com');
    const calls = [
      member.api.post('/api/invitations', { email: 'sneaky@example.com' }),
      member.api.get('/api/invitations'),
      member.api.delete(`/api/invitations/${open.id}`),
      member.api.patch(`/api/users/${member.id}`, { role: 'admin' }),
      member.api.post(`/api/users/${admin.id}/deactivate`),
      member.api.post(`/api/users/${admin.id}/reactivate`),
      member.api.post(`/api/users/${admin.id}/reset-link`),
    ];
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect((await member.api.get('/api/me')).body.isAdmin).toBe(false);
    expect((await admin.api.get('/api/invitations')).body.items.map((i: any) => i.email)).toContain('pending@example.com');
    expect((await anon.post('/api/invitations', { email: 'a@example.com' })).status).toBe(401);
    expect((await anon.get('/api/users')).status).toBe(401);
  });

  it('GET /api/users: admins see everyone with email and role; others only the names of people sharing a project', async () => {
    const nina = await baton.addUser({ name: 'Nina Neighbour' });
    const olga = await baton.addUser({ name: 'Olga Other' });
    const shared = (await admin.api.post('/api/projects', { key: 'SHR', name: 'Shared', provider: 'github' })).body.id;
    const other = (await admin.api.post('/api/projects', { key: 'OTH', name: 'Other', provider: 'github' })).body.id;
    for (const [project, user] of [
      [shared, member],
      [shared, nina],
      [other, olga],
    ] as const) {
      expect((await admin.api.post(`/api/projects/${project}/members`, { userId: user.id, role: 'member' })).status).toBe(200);
    }

    const all = (await admin.api.get('/api/users')).body.items;
    expect(all.find((u: any) => u.id === olga.id)).toMatchObject({ name: 'Olga Other', email: olga.email, role: 'member', deactivatedAt: null });
    expect(all.find((u: any) => u.id === admin.id)).toMatchObject({ role: 'admin' });

    // Max shares SHR with Nina (and the admin who created it); nothing of OTH.
    const seen = (await member.api.get('/api/users')).body.items;
    expect(seen.map((u: any) => u.name).sort()).toEqual(['Ada Admin', 'Max Member', 'Nina Neighbour']);
    for (const u of seen) expect(Object.keys(u).sort()).toEqual(['id', 'name']);
    expect((await olga.api.get('/api/users')).body.items.map((u: any) => u.name).sort()).toEqual(['Ada Admin', 'Olga Other']);
    expect((await olga.api.get(`/api/projects/${shared}/members`)).status).toBe(404);
  });

  it('changes a role, and never leaves Baton without an active admin', async () => {
    const promoted = await admin.api.patch(`/api/users/${member.id}`, { role: 'admin' });
    expect(promoted.body).toMatchObject({ id: member.id, role: 'admin' });
    expect((await member.api.get('/api/me')).body.isAdmin).toBe(true);
    expect((await admin.api.patch(`/api/users/${member.id}`, { role: 'member' })).body.role).toBe('member');

    const solo = await startTestBaton({ engine });
    try {
      const only = await solo.addUser({ name: 'Only Admin', isAdmin: true });
      const res = await only.api.patch(`/api/users/${only.id}`, { role: 'member' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/only active administrator/);
      expect((await only.api.get('/api/me')).body.isAdmin).toBe(true);
    } finally {
      await solo.stop();
    }
    expect((await admin.api.patch(`/api/users/${member.id}`, { role: 'boss' })).status).toBe(400);
    expect((await admin.api.patch('/api/users/00000000-0000-4000-8000-000000000000', { role: 'admin' })).status).toBe(404);
  });

  it('deactivation ends sessions and API tokens at once; history keeps the name; reactivation needs a new sign-in', async () => {
    const dan = await baton.addUser({ name: 'Dan Departing', password: PASSWORD });
    const project = (await admin.api.post('/api/projects', { key: 'DEP', name: 'Dep', provider: 'github' })).body.id;
    await admin.api.post(`/api/projects/${project}/members`, { userId: dan.id, role: 'member' });
    const key = (await dan.api.post(`/api/projects/${project}/tickets`, { title: 'Left behind' })).body.key;
    const browser = await signIn(baton.url, dan.email, PASSWORD);
    expect((await browser.api.get('/api/me')).status).toBe(200);

    expect((await admin.api.post(`/api/users/${admin.id}/deactivate`)).status).toBe(409);
    const done = await admin.api.post(`/api/users/${dan.id}/deactivate`);
    expect(done.status).toBe(200);
    expect(done.body.deactivatedAt).toEqual(expect.any(String));

    expect((await dan.api.get('/api/me')).status).toBe(401);
    expect((await browser.api.get('/api/me')).status).toBe(401);
    const again = await signIn(baton.url, dan.email, PASSWORD);
    expect(again.status).toBe(401);
    expect((await admin.api.get(`/api/tickets/${key}`)).body.history[0].actor).toEqual({ id: dan.id, name: 'Dan Departing' });
    expect((await member.api.get('/api/users')).body.items.map((u: any) => u.id)).not.toContain(dan.id);
    expect((await admin.api.post(`/api/users/${dan.id}/reset-link`)).status).toBe(409);

    expect((await admin.api.post(`/api/users/${dan.id}/reactivate`)).body.deactivatedAt).toBeNull();
    // Tokens issued before the deactivation stay dead; signing in works again.
    expect((await dan.api.get('/api/me')).status).toBe(401);
    expect((await signIn(baton.url, dan.email, PASSWORD)).status).toBe(200);
  });

  it('two admins demoting each other at once leave one of them an admin', async () => {
    const solo = await startTestBaton({ engine });
    try {
      const [a, b] = [await solo.addUser({ name: 'Ann Admin', isAdmin: true }), await solo.addUser({ name: 'Ben Admin', isAdmin: true })];
      for (let round = 0; round < 5; round++) {
        const [one, two] = await Promise.all([a.api.patch(`/api/users/${b.id}`, { role: 'member' }), b.api.patch(`/api/users/${a.id}`, { role: 'member' })]);
        // The loser is refused by the guard (409) or, when the winner committed first, already as a member (403).
        expect([one.status, two.status].filter((st) => st === 200)).toHaveLength(1);
        expect([403, 409]).toContain(one.status === 200 ? two.status : one.status);
        const admins = (await solo.ctx.db.kysely.selectFrom('users').select('id').where('is_admin', '=', 1).execute()).map((r) => r.id);
        expect(admins).toHaveLength(1);
        // Both admins again for the next round.
        const [left] = admins;
        const other = left === a.id ? b : a;
        expect((await (left === a.id ? a : b).api.patch(`/api/users/${other.id}`, { role: 'admin' })).status).toBe(200);
      }
      // Deactivating each other at once: the same guarantee.
      const [one, two] = await Promise.all([a.api.post(`/api/users/${b.id}/deactivate`), b.api.post(`/api/users/${a.id}/deactivate`)]);
      expect([one.status, two.status].filter((st) => st === 200)).toHaveLength(1);
      // Refused by the guard, or already signed out by the winner's deactivation (401).
      expect([401, 409]).toContain(one.status === 200 ? two.status : one.status);
      const left = await solo.ctx.db.kysely.selectFrom('users').select('id').where('is_admin', '=', 1).where('deactivated_at', 'is', null).execute();
      expect(left).toHaveLength(1);
    } finally {
      await solo.stop();
    }
  });

  it('a deactivated person is marked in member lists and cannot be added to a project, assigned or asked to review', async () => {
    const gus = await baton.addUser({ name: 'Gus Gone' });
    const project = (await admin.api.post('/api/projects', { key: 'GUS', name: 'Gus', provider: 'github' })).body.id;
    expect((await admin.api.post(`/api/projects/${project}/members`, { userId: gus.id, role: 'member' })).status).toBe(200);
    expect((await admin.api.post(`/api/users/${gus.id}/deactivate`)).status).toBe(200);

    const members = (await admin.api.get(`/api/projects/${project}/members`)).body.items;
    expect(members.find((m: any) => m.userId === gus.id)).toMatchObject({ name: 'Gus Gone', deactivated: true });
    expect(members.find((m: any) => m.userId === admin.id)).toMatchObject({ deactivated: false });

    const other = (await admin.api.post('/api/projects', { key: 'GUT', name: 'Gut', provider: 'github' })).body.id;
    const add = await admin.api.post(`/api/projects/${other}/members`, { userId: gus.id, role: 'member' });
    expect(add.status).toBe(422);
    expect(add.body.error.details.fields.userId).toBe('Gus Gone is deactivated: an administrator can reactivate them on the Team page first.');
    expect((await admin.api.get(`/api/projects/${other}/members`)).body.items.map((m: any) => m.userId)).not.toContain(gus.id);
    const unknown = await admin.api.post(`/api/projects/${other}/members`, { userId: '00000000-0000-4000-8000-000000000000', role: 'member' });
    expect(unknown.body.error.details.fields.userId).toMatch(/^Person must be someone with a Baton account/);

    const assign = await admin.api.post(`/api/projects/${project}/tickets`, { title: 'For Gus', assigneeId: gus.id });
    expect(assign.status).toBe(422);
    expect(assign.body.error.details.fields.assigneeId).toBe('Assignee is deactivated and cannot take work; choose someone else from the list.');
    const { key } = (await admin.api.post(`/api/projects/${project}/tickets`, { title: 'Not for Gus' })).body;
    const review = await admin.api.patch(`/api/tickets/${key}`, { reviewerId: gus.id });
    expect(review.status).toBe(422);
    expect(Object.keys(review.body.error.details.fields)).toEqual(['reviewerId']);
    expect((await admin.api.get(`/api/tickets/${key}`)).body.reviewer).toBeNull();
  });

  it('an admin reset link sets a new password once and ends the old sessions', async () => {
    const rita = await baton.addUser({ name: 'Rita Reset', password: PASSWORD });
    const before = await signIn(baton.url, rita.email, PASSWORD);
    const first = (await admin.api.post(`/api/users/${rita.id}/reset-link`)).body;
    const made = await admin.api.post(`/api/users/${rita.id}/reset-link`);
    expect(made.status).toBe(201);
    expect(made.body.link).toMatch(/^http:\/\/baton\.test\/reset-password#[\w-]{40,}$/);

    // A newer link replaces the older one.
    expect((await anon.post('/api/password-resets/accept', { token: tokenOf(first.link), password: 'another long password' })).status).toBe(410);
    const used = await anon.post('/api/password-resets/accept', { token: tokenOf(made.body.link), password: 'another long password' });
    expect(used.status).toBe(200);
    expect(used.body).toEqual({ email: rita.email });
    expect((await before.api.get('/api/me')).status).toBe(401);
    expect((await signIn(baton.url, rita.email, PASSWORD)).status).toBe(401);
    expect((await signIn(baton.url, rita.email, 'another long password')).status).toBe(200);
    expect((await anon.post('/api/password-resets/accept', { token: tokenOf(made.body.link), password: 'third long password' })).status).toBe(410);
  });

  it('each person changes their own name and password; a wrong current password is named', async () => {
    const pat = await baton.addUser({ name: 'Pat Person', password: PASSWORD });
    const here = await signIn(baton.url, pat.email, PASSWORD);
    const elsewhere = await signIn(baton.url, pat.email, PASSWORD);

    expect((await here.api.patch('/api/me', { name: '  Pat Renamed ' })).body).toMatchObject({ id: pat.id, name: 'Pat Renamed' });
    expect((await here.api.patch('/api/me', { name: '' })).status).toBe(400);
    expect((await here.api.patch('/api/me', { isAdmin: true })).status).toBe(400);

    const wrong = await here.api.post('/api/me/password', { currentPassword: 'not it at all', newPassword: 'brand new password' });
    expect(wrong.status).toBe(422);
    expect(Object.keys(wrong.body.error.details.fields)).toEqual(['currentPassword']);
    const changed = await here.api.post('/api/me/password', { currentPassword: PASSWORD, newPassword: 'brand new password' });
    expect(changed.status).toBe(204);
    expect((await here.api.get('/api/me')).status).toBe(200);
    expect((await elsewhere.api.get('/api/me')).status).toBe(401);
    expect((await signIn(baton.url, pat.email, 'brand new password')).status).toBe(200);
  });
});
