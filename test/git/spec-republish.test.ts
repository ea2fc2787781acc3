import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCriteriaChecklist } from '../../src/domain/criteria-checklist.ts';
import { callList, commitsOnBranch, createTicket, eventually, type GitHubWorld, startGitHubWorld, startWork } from './world.ts';

describe('editing a started ticket re-publishes its spec', () => {
  let w: GitHubWorld;
  beforeAll(async () => {
    w = await startGitHubWorld();
  });
  afterAll(() => w?.close());
  afterEach(() => expect(w.fake.violations).toEqual([]));

  /** Waits for every re-publish job of the ticket to finish; returns how many ran. */
  async function republished(ticketId: string, count: number) {
    return eventually(async () => {
      const jobs = await w.baton.ctx.db.kysely.selectFrom('jobs').selectAll().where('singleton_key', '=', `republish_spec:${ticketId}`).execute();
      return jobs.length >= count && jobs.every((j) => j.status === 'succeeded') ? jobs : null;
    });
  }

  it('commits the edited spec once and updates only the PR checklist', async () => {
    const { key, id } = await createTicket(w.dev, w.projectId, { title: 'Editable' });
    const started = await startWork(w.dev, key);
    const branch = started.branch;
    const pull = w.repo.pulls.find((p) => p.head === branch)!;
    pull.body = `A note written on GitHub.\n\n${pull.body}`;
    const [first, second] = started.acceptanceCriteria;
    const from = w.fake.calls.length;

    const res = await w.dev.api.patch(`/api/tickets/${key}`, {
      spec: 'Customers get their money back within three days.',
      acceptanceCriteria: [{ id: first.id, text: first.text, done: true }, { id: second.id, text: second.text }, { text: 'Refunds are audited' }],
    });
    expect(res.status).toBe(200);
    await republished(id, 1);

    expect(commitsOnBranch(w.fake, w.repo, branch).map((c) => c.message)).toEqual([`${key}: update the ticket spec`, `${key}: add the ticket spec`]);
    const file = w.fake.state.file(w.repo, branch, `.tickets/${key}.md`)!;
    expect(file).toContain('Customers get their money back within three days.');
    expect(file).toContain('- [x] Refund button on the order page\n- [ ] Customer gets an email\n- [ ] Refunds are audited');
    expect(pull.body.startsWith('A note written on GitHub.\n\n')).toBe(true);
    expect(parseCriteriaChecklist(pull.body)).toEqual([
      { text: 'Refund button on the order page', checked: true },
      { text: 'Customer gets an email', checked: false },
      { text: 'Refunds are audited', checked: false },
    ]);
    expect(callList(w.fake, from)).toEqual([
      'GET /repos/acme/api/git/ref/heads/main 200',
      'POST /repos/acme/api/git/refs 422',
      `GET /repos/acme/api/contents/.tickets/${key}.md 200`,
      `PUT /repos/acme/api/contents/.tickets/${key}.md 200`,
      `GET /repos/acme/api/pulls/${pull.number} 200`,
      `PATCH /repos/acme/api/pulls/${pull.number} 200`,
    ]);
  });

  it('makes no commit and no PR edit when the rendered spec is unchanged', async () => {
    const { key, id } = await createTicket(w.dev, w.projectId, { title: 'Unchanged' });
    const started = await startWork(w.dev, key);
    const [first, second] = started.acceptanceCriteria;
    const head = w.repo.branches.get(started.branch);
    const from = w.fake.calls.length;

    // Whitespace inside a criterion is a change to Baton but renders the same file and checklist.
    await w.dev.api.patch(`/api/tickets/${key}`, {
      acceptanceCriteria: [
        { id: first.id, text: first.text.replace(' ', '   ') },
        { id: second.id, text: second.text },
      ],
    });
    await republished(id, 1);

    expect(w.repo.branches.get(started.branch)).toBe(head);
    expect(callList(w.fake, from).filter((c) => !c.startsWith('GET'))).toEqual(['POST /repos/acme/api/git/refs 422']);
  });

  it('follows a retitle in the PR title, keeps the branch, and ignores edits that publish nothing', async () => {
    const { key, id } = await createTicket(w.dev, w.projectId, { title: 'Old title' });
    const started = await startWork(w.dev, key);
    await w.dev.api.patch(`/api/tickets/${key}`, { title: 'New title' });
    await republished(id, 1);
    const pull = w.repo.pulls.find((p) => p.head === started.branch)!;
    expect(pull.title).toBe(`${key}: New title`);
    expect(w.fake.state.file(w.repo, started.branch, `.tickets/${key}.md`)).toMatch(/^# .+: New title\n/);

    await w.dev.api.patch(`/api/tickets/${key}`, { assigneeId: w.rhea.id });
    const again = await startWork(w.dev, key);
    expect(again.branch).toBe(started.branch);
    const jobs = await w.baton.ctx.db.kysely.selectFrom('jobs').select('id').where('singleton_key', '=', `republish_spec:${id}`).execute();
    expect(jobs).toHaveLength(1);
  });

  it('does nothing for tickets that were never started', async () => {
    const { key, id } = await createTicket(w.dev, w.projectId, { title: 'Never started' });
    await w.dev.api.patch(`/api/tickets/${key}`, { spec: 'changed' });
    const jobs = await w.baton.ctx.db.kysely.selectFrom('jobs').select('id').where('payload', 'like', `%${id}%`).execute();
    expect(jobs).toEqual([]);
  });
});
