import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { createProject, createTicket, githubEvent, linkRepo, newSecret, sendGitHub, settledDeliveries } from './support.ts';

// Workflow automation through HTTP: a project's rules are read, replaced and refused as people
// edit them, previewed on its tickets, and applied to real GitHub deliveries, each automatic move
// naming its rule and delivery in the ticket's history.

const API = { owner: 'Codertocat', name: 'Hello-World', externalId: '186853002' };
const WEB = { owner: 'Codertocat', name: 'web', externalId: '186853099' };

/** A pull_request delivery of `repo` (the published example, moved there) into `base`. */
function delivery(
  repo: typeof API,
  action: string,
  pr: { number: number; head: string; base?: string; state?: 'open' | 'closed'; merged?: boolean; draft?: boolean; updatedAt: string },
) {
  const body = githubEvent(action, pr);
  const id = Number(repo.externalId);
  Object.assign(body.repository, { id, name: repo.name, full_name: `${repo.owner}/${repo.name}` });
  body.pull_request.base = { ...body.pull_request.base, ref: pr.base ?? 'main', repo: { ...body.pull_request.base.repo, id, name: repo.name } };
  body.pull_request.head = { ...body.pull_request.head, repo: { ...body.pull_request.head.repo, id, name: repo.name } };
  return body;
}

describe.each(engines)('workflow automation on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let secret: string;
  const url = () => `/api/projects/${projectId}/automation`;

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    member = await baton.addUser({ name: 'Mia Member' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
    projectId = await createProject(owner, { key: engine === 'sqlite' ? 'AUS' : 'AUP' });
    expect((await owner.api.post(`/api/projects/${projectId}/members`, { userId: member.id, role: 'member' })).status).toBe(200);
    secret = await newSecret(owner, projectId);
    await linkRepo(baton, projectId, API);
    await linkRepo(baton, projectId, WEB);
  });
  afterAll(() => baton?.stop());

  const ticket = async (key: string) => (await owner.api.get(`/api/tickets/${key}`)).body;
  const settle = async (sent: { status: number }) => {
    expect(sent.status).toBe(202);
    await settledDeliveries(baton, projectId);
  };

  it('shows the default rules to members; only owners replace them; outsiders see nothing', async () => {
    const shown = await member.api.get(url());
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      isDefault: true,
      rules: [
        { event: 'pr_opened', branch: null, status: 'in_review' },
        { event: 'pr_draft', branch: null, status: 'in_progress' },
        { event: 'all_merged', branch: null, status: 'done' },
        { event: 'closed', branch: null, status: 'in_progress' },
      ],
    });
    expect(shown.body.defaults).toEqual(shown.body.rules);
    expect(shown.body.statuses.map((s: any) => s.label)).toEqual(['Backlog', 'Ready', 'In progress', 'In review', 'Done']);
    expect(shown.body.events).toContainEqual({ event: 'approved', label: 'a PR is approved' });
    expect((await member.api.put(url(), { rules: [] })).status).toBe(403);
    expect((await outsider.api.get(url())).status).toBe(404);
    expect((await outsider.api.put(url(), { rules: [] })).status).toBe(404);
    expect((await member.api.get(url())).body.isDefault).toBe(true);
  });

  it('refuses unknown statuses and events and bad branch patterns with the rule’s number, and changes nothing', async () => {
    const good = { event: 'merged', branch: 'main', status: 'done' };
    const cases: Array<[unknown, string, string]> = [
      [
        { event: 'merged', branch: null, status: 'shipped' },
        'rules.1.status',
        'Rule 2: “shipped” is not a status of this project; choose one of Backlog, Ready, In progress, In review, Done',
      ],
      [
        { event: 'merged', branch: 'release/[0-9', status: 'done' },
        'rules.1.branch',
        'Rule 2: the branch pattern “release/[0-9” has a "[" at character 9 without its closing "]"',
      ],
      [{ event: 'deployed', branch: null, status: 'done' }, 'rules.1.event', 'Rule 2: “deployed” is not an event a rule can start from'],
      [{ event: 'merged', branch: '', status: 'done' }, 'rules.1.branch', 'Rule 2: the branch pattern “” is empty'],
    ];
    for (const [bad, field, words] of cases) {
      const res = await owner.api.put(url(), { rules: [good, bad] });
      expect([res.status, res.body.error.message]).toEqual([400, expect.stringContaining(words)]);
      expect(res.body.error.details.fields[field]).toContain(words);
    }
    const two = await owner.api.put(url(), { rules: [{ event: 'merged', branch: 'a b', status: 'nope' }] });
    expect(two.status).toBe(400);
    expect(Object.keys(two.body.error.details.fields).sort()).toEqual(['rules.0.branch', 'rules.0.status']);
    expect(two.body.error.message).toContain('(and 1 more problem)');
    // Not a list of rules at all: the request's shape is refused before any rule is read.
    expect((await owner.api.put(url(), { rules: 'merged → done' })).status).toBe(400);
    expect((await owner.api.put(url(), { rules: [{ event: 'merged', status: 'done', extra: 1 }] })).status).toBe(400);
    expect((await owner.api.get(url())).body.isDefault).toBe(true);
  });

  it('moves tickets by the project’s rules (branch patterns), naming the rule and the delivery in the history; null restores the defaults', async () => {
    const saved = await owner.api.put(url(), {
      rules: [
        { event: 'merged', branch: '{main,master}', status: 'done' },
        { event: 'merged', branch: 'release/*', status: 'in_review' },
        { event: 'pr_opened', branch: null, status: 'in_progress' },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ isDefault: false, rules: [{ branch: '{main,master}' }, { branch: 'release/*' }, { branch: null }] });

    const key = await createTicket(owner, projectId);
    await settle(
      await sendGitHub(baton, projectId, {
        body: delivery(API, 'opened', { number: 1, head: key, base: 'release/2.1', updatedAt: '2025-05-01T10:00:00Z' }),
        secret,
      }),
    );
    expect((await ticket(key)).status).toBe('in_progress');

    const merged = await sendGitHub(baton, projectId, {
      body: delivery(API, 'closed', { number: 1, head: key, base: 'release/2.1', state: 'closed', merged: true, updatedAt: '2025-05-01T11:00:00Z' }),
      secret,
      deliveryId: `merge-release-${engine}`,
    });
    await settle(merged);
    const onRelease = await ticket(key);
    expect(onRelease.status).toBe('in_review');
    expect(onRelease.history.at(-1)).toMatchObject({
      to: 'in_review',
      cause: 'pr_event',
      detail: 'PR #1 merged',
      rule: 'Rule 2: when a PR is merged (PRs into release/*), move to In review',
      delivery: { id: merged.body.id, deliveryId: `merge-release-${engine}` },
    });

    // A merge into a branch no rule names moves nothing; one into main does.
    await settle(
      await sendGitHub(baton, projectId, {
        body: delivery(API, 'closed', { number: 2, head: `${key}-b`, base: 'develop', state: 'closed', merged: true, updatedAt: '2025-05-01T12:00:00Z' }),
        secret,
      }),
    );
    expect((await ticket(key)).status).toBe('in_review');
    await settle(
      await sendGitHub(baton, projectId, {
        body: delivery(API, 'closed', { number: 3, head: `${key}-c`, base: 'main', state: 'closed', merged: true, updatedAt: '2025-05-01T13:00:00Z' }),
        secret,
      }),
    );
    expect((await ticket(key)).history.at(-1)).toMatchObject({ to: 'done', rule: 'Rule 1: when a PR is merged (PRs into {main,master}), move to Done' });

    expect((await owner.api.put(url(), { rules: null })).body).toMatchObject({ isDefault: true, rules: [{ event: 'pr_opened' }, {}, {}, {}] });
  });

  it('waits for every PR of the ticket, across two repositories, before “all merged” moves it', async () => {
    const key = await createTicket(owner, projectId);
    await settle(await sendGitHub(baton, projectId, { body: delivery(API, 'opened', { number: 10, head: key, updatedAt: '2025-06-01T10:00:00Z' }), secret }));
    await settle(await sendGitHub(baton, projectId, { body: delivery(WEB, 'opened', { number: 10, head: key, updatedAt: '2025-06-01T10:01:00Z' }), secret }));
    await settle(
      await sendGitHub(baton, projectId, {
        body: delivery(API, 'closed', { number: 10, head: key, state: 'closed', merged: true, updatedAt: '2025-06-01T11:00:00Z' }),
        secret,
      }),
    );
    expect((await ticket(key)).status).toBe('in_review');
    const last = await sendGitHub(baton, projectId, {
      body: delivery(WEB, 'closed', { number: 10, head: key, state: 'closed', merged: true, updatedAt: '2025-06-01T12:00:00Z' }),
      secret,
    });
    await settle(last);
    const done = await ticket(key);
    expect(done.status).toBe('done');
    expect(done.history.at(-1)).toMatchObject({
      rule: 'Rule 3: when all PRs of the ticket are merged, move to Done',
      detail: 'PR #10 merged',
      delivery: { id: last.body.id },
    });
    expect(done.pullRequests).toHaveLength(2);
  });

  it('previews unsaved rules on the tickets of recent PRs without changing anything', async () => {
    const key = await createTicket(owner, projectId);
    await settle(
      await sendGitHub(baton, projectId, {
        body: delivery(API, 'opened', { number: 20, head: key, base: 'staging', updatedAt: '2025-07-01T10:00:00Z' }),
        secret,
      }),
    );
    const res = await owner.api.post(`${url()}/preview`, { rules: [{ event: 'pr_opened', branch: 'stag*', status: 'ready' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      ticketKey: key,
      status: 'in_review',
      pullRequest: { number: 20, baseBranch: 'staging', state: 'open' },
      moveTo: 'ready',
      rule: 'Rule 1: when a PR is opened or ready for review (PRs into stag*), move to Ready',
    });
    const refused = await owner.api.post(`${url()}/preview`, { rules: [{ event: 'pr_opened', branch: null, status: 'staging' }] });
    expect(refused.status).toBe(400);
    expect((await ticket(key)).status).toBe('in_review');
    expect((await owner.api.get(url())).body.isDefault).toBe(true);
  });
});
