import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';

// What a person reads when a form is refused: every problem names the field as the form labels
// it and says what would fit, in the message above the form and under each field; no schema
// library's wording and no field key of the API.

/** The wording zod uses when a schema gives none, and field keys that are not labels. */
const RAW =
  /Too (small|big)|expected (string|number|array|one of)|Invalid (input|option|email|UUID|url)|Unrecognized key|received undefined|baseUrl|assigneeId|reviewerId|repositoryId|credentialId|branchPrefix/;

function expectForPeople(res: { status: number; body: any }, fields: Record<string, string | RegExp>) {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  const { message, details } = res.body.error;
  expect(message).not.toMatch(RAW);
  for (const [key, expected] of Object.entries(fields)) {
    const text = details.fields?.[key];
    expect(text, `${key} in ${JSON.stringify(details.fields)}`).toEqual(typeof expected === 'string' ? expected : expect.stringMatching(expected));
    expect(text).not.toMatch(RAW);
    expect(message).toContain(text);
  }
}

describe('messages for people', () => {
  let baton: TestBaton;
  let user: TestUser;
  let projectId: string;
  beforeAll(async () => {
    baton = await startTestBaton();
    user = await baton.addUser({ isAdmin: true });
    projectId = (await user.api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).body.id;
  });
  afterAll(() => baton?.stop());

  it('setup: names Name, Email and Password, and what each needs', async () => {
    const res = await apiClient(baton.url).post('/api/setup', { token: 'x', name: '  ', email: 'ana', password: 'short' });
    expect(res.status).toBe(400);
    expectForPeople(res, {
      name: 'Name is required.',
      email: 'Email must be an email address, such as ana@example.com.',
      password: 'Password must be at least 10 characters.',
    });
    const noLink = await apiClient(baton.url).post('/api/setup', { token: '', name: 'Ana', email: 'ana@example.com', password: 'long enough password' });
    expectForPeople(noLink, { token: 'The setup link is missing: open the setup link from the server log.' });
  });

  it('ticket: Title is required and at most 200 characters; criteria are counted from 1', async () => {
    const tickets = `/api/projects/${projectId}/tickets`;
    expectForPeople(await user.api.post(tickets, { title: '' }), { title: 'Title is required.' });
    expectForPeople(await user.api.post(tickets, { title: 'x'.repeat(201) }), { title: 'Title must be at most 200 characters.' });
    expectForPeople(await user.api.post(tickets, { title: 'Refunds', acceptanceCriteria: ['fine', ' '] }), {
      'acceptanceCriteria.1': 'Acceptance criterion 2 is required.',
    });
    expectForPeople(await user.api.post(tickets, { title: 'Refunds', assigneeId: crypto.randomUUID() }), {
      assigneeId: 'Assignee must be a member of this project; choose someone from the list.',
    });
    const created = (await user.api.post(tickets, { title: 'Refunds' })).body;
    expectForPeople(await user.api.patch(`/api/tickets/${created.key}`, { acceptanceCriteria: [{ text: 'x'.repeat(1001) }] }), {
      'acceptanceCriteria.0.text': 'Acceptance criterion 1 must be at most 1000 characters.',
    });
    expectForPeople(await user.api.patch(`/api/tickets/${created.key}`, { status: 'later' }), { status: /^Status must be one of: backlog, / });
  });

  it('project: Key, Name, Branch prefix and the provider settings as their form labels them', async () => {
    expectForPeople(await user.api.post('/api/projects', { key: 'pay', name: '', provider: 'github', branchPrefix: 'a..b' }), {
      key: 'Key must be 2-10 capitals and digits, starting with a letter (e.g. PAY).',
      name: 'Name is required.',
      branchPrefix: 'Branch prefix must not contain ".." or end in "." or ".lock" (git refuses such branch names).',
    });
    // Gitea has no default server: its API base URL is required, and said so by that name.
    expectForPeople(await user.api.post('/api/projects', { key: 'GIT', name: 'Gitea', provider: 'gitea', settings: {} }), {
      'settings.baseUrl': 'API base URL is required.',
    });
    expectForPeople(await user.api.post('/api/projects', { key: 'GIT', name: 'Gitea', provider: 'gitea', settings: { baseUrl: 'gitea.example.com' } }), {
      'settings.baseUrl': 'API base URL must be a web address starting with https://.',
    });
    expectForPeople(await user.api.post('/api/projects', { key: 'ADO', name: 'Azure', provider: 'ado', settings: { organization: '' } }), {
      'settings.organization': 'Organization is required.',
      'settings.project': 'Project is required.',
    });
    expectForPeople(
      await user.api.post('/api/projects', { key: 'GHE', name: 'Enterprise', provider: 'github', settings: { baseUrl: 'http://ghe.example.com/api/v3' } }),
      {
        'settings.baseUrl': 'API base URL must start with https:// (http:// only for hosts an admin lists in BATON_ALLOWED_PROVIDER_HOSTS).',
      },
    );
    expectForPeople(await user.api.post('/api/projects', { key: 'NOP', name: 'Nope', provider: 'gitlab' }), {
      provider: /^Git provider must be one of the providers/,
    });
  });

  it("credential: the provider's own labels (Workspace, Atlassian account email, API base URL)", async () => {
    expectForPeople(await user.api.post('/api/me/credentials', { provider: 'bitbucket', owner: 'acme corp', token: 'short' }), {
      owner: 'Workspace must be an account or organisation name, without "/" or spaces.',
      token: 'Token must be at least 8 characters.',
    });
    expectForPeople(await user.api.post('/api/me/credentials', { provider: 'bitbucket', owner: 'acme', token: 'a-long-token', email: 'nope' }), {
      email: 'Atlassian account email must be an email address, such as ana@example.com.',
    });
    expectForPeople(
      await user.api.post('/api/me/credentials', { provider: 'github', owner: 'acme', token: 'a-long-token', baseUrl: 'ftp://ghe.example.com' }),
      {
        baseUrl: 'API base URL must start with https:// (http:// only for hosts an admin lists in BATON_ALLOWED_PROVIDER_HOSTS).',
      },
    );
    expectForPeople(await user.api.post('/api/me/credentials', { provider: 'github', owner: '', token: 'a-long-token' }), { owner: 'Owner is required.' });
  });

  it('refusals the server finds after the schema: a taken Key, an unknown Person, the last owner, a criterion removed meanwhile', async () => {
    const taken = await user.api.post('/api/projects', { key: 'PAY', name: 'Payments again', provider: 'github' });
    expect(taken.status).toBe(409);
    expectForPeople(taken, { key: 'Key PAY is used by another project already; choose another key.' });

    const members = `/api/projects/${projectId}/members`;
    expectForPeople(await user.api.post(members, { userId: crypto.randomUUID(), role: 'member' }), {
      userId: 'Person must be someone with a Baton account; choose someone from the list.',
    });
    const lastOwner = await user.api.post(members, { userId: user.id, role: 'member' });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.message).toBe('A project needs at least one owner: make another member an owner first.');
    expect((await user.api.get(members)).body.items).toEqual([expect.objectContaining({ userId: user.id, role: 'owner' })]);

    // Two people edit the criteria: the second still holds the one the first removed.
    const ticket = (await user.api.post(`/api/projects/${projectId}/tickets`, { title: 'Criteria', acceptanceCriteria: ['one', 'two'] })).body;
    const [one, two] = ticket.acceptanceCriteria;
    expect((await user.api.patch(`/api/tickets/${ticket.key}`, { acceptanceCriteria: [one] })).status).toBe(200);
    const stale = await user.api.patch(`/api/tickets/${ticket.key}`, { acceptanceCriteria: [one, { ...two, done: true }] });
    expectForPeople(stale, {
      'acceptanceCriteria.1': 'Acceptance criterion 2 was removed from this ticket meanwhile; reload the ticket and make your change again.',
    });
    expect((await user.api.get(`/api/tickets/${ticket.key}`)).body.acceptanceCriteria).toEqual([one]);

    expectForPeople(await user.api.post('/api/me/password', { currentPassword: 'not the password', newPassword: 'a brand new password' }), {
      currentPassword: 'Current password is not the one you sign in with; type it again.',
    });
  });

  it('an unknown field is named as sent and the person is told to leave it out', async () => {
    expectForPeople(await user.api.post(`/api/projects/${projectId}/tickets`, { title: 'Refunds', colour: 'red' }), {
      colour: '"colour" is not a field Baton accepts here; leave it out.',
    });
  });
});
