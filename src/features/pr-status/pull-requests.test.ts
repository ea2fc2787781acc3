import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/databases.ts';
import { addTicket, pullRequest, type SeededProject, seedProject } from '../../../test/support/pr-fixtures.ts';
import type { Db } from '../../db/database.ts';
import { renderCriteriaChecklist } from '../../domain/criteria-checklist.ts';
import type { PullRequest } from '../../providers/types.ts';
import { type ApplyPullRequestInput, applyPullRequest, describeChange } from './pull-requests.ts';

describe('history wording', () => {
  it.each([
    [null, 'open', 'PR #3 opened'],
    [null, 'draft', 'PR #3 opened as draft'],
    ['open', 'merged', 'PR #3 merged'],
    ['draft', 'closed', 'PR #3 closed without merging'],
    ['closed', 'open', 'PR #3 reopened'],
    ['open', 'draft', 'PR #3 converted to draft'],
    ['draft', 'open', 'PR #3 ready for review'],
  ] as const)('%s → %s', (from, to, text) => {
    expect(describeChange(3, from, to)).toBe(text);
  });
});

describe.each(engines)('applyPullRequest on %s', (engine) => {
  let db: Db;
  let seeded: SeededProject;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    seeded = await seedProject(db);
  });
  afterAll(() => db?.destroy());

  const apply = (pr: PullRequest, extra: Partial<ApplyPullRequestInput> = {}) =>
    db.transaction((tx) => applyPullRequest(tx, { repositoryId: seeded.repositoryId, pullRequest: pr, cause: 'pr_event', ...extra }));
  const ticketState = async (id: string) => {
    const ticket = await db.kysely.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    const history = await db.kysely
      .selectFrom('ticket_history')
      .select(['from_status', 'to_status', 'cause', 'detail'])
      .where('ticket_id', '=', id)
      .where('kind', '=', 'status')
      .orderBy('at')
      .orderBy('id')
      .execute();
    return { status: ticket.status, history: history.filter((h) => h.cause !== 'user').map((h) => [h.to_status, h.cause, h.detail]) };
  };
  const prRow = (number: number) =>
    db.kysely.selectFrom('pull_requests').selectAll().where('repository_id', '=', seeded.repositoryId).where('number', '=', number).executeTakeFirstOrThrow();

  it('links by the ticket key in the head branch and moves the ticket with its cause', async () => {
    const ticket = await addTicket(db, seeded);
    const result = await apply(pullRequest({ number: 1, headBranch: `feature/${ticket.key}-login` }));
    expect(result).toEqual({ stored: true, ticketId: ticket.id, stale: false });
    expect(await ticketState(ticket.id)).toEqual({ status: 'in_review', history: [['in_review', 'pr_event', 'PR #1 opened']] });
  });

  it('links by the title when the branch names no ticket, and leaves unrelated PRs unlinked', async () => {
    const ticket = await addTicket(db, seeded);
    expect((await apply(pullRequest({ number: 2, title: `${ticket.key.toLowerCase()}: fix`, state: 'draft' }))).ticketId).toBe(ticket.id);
    expect(await ticketState(ticket.id)).toMatchObject({ status: 'in_progress' });
    expect(await apply(pullRequest({ number: 3, title: 'chore: bump deps' }))).toEqual({ stored: true, ticketId: null, stale: false });
    expect((await prRow(3)).ticket_id).toBeNull();
  });

  it('never moves state back for an older observation; an equal one is applied again without history', async () => {
    const ticket = await addTicket(db, seeded);
    const base = { number: 4, headBranch: ticket.key };
    await apply(pullRequest({ ...base, state: 'merged', updatedAt: '2025-01-02T00:00:00Z' }));
    expect(await apply(pullRequest({ ...base, state: 'open', updatedAt: '2025-01-01T00:00:00Z' }))).toEqual({
      stored: false,
      ticketId: ticket.id,
      stale: true,
    });
    expect(await apply(pullRequest({ ...base, state: 'merged', updatedAt: '2025-01-02T00:00:00.000Z' }))).toEqual({
      stored: true,
      ticketId: ticket.id,
      stale: false,
    });
    expect((await prRow(4)).state).toBe('merged');
    expect(await ticketState(ticket.id)).toEqual({ status: 'done', history: [['done', 'pr_event', 'PR #4 merged']] });
  });

  it('keeps a PR merged when an opened event carries the same second as the merge, and never reopens a merged PR', async () => {
    const ticket = await addTicket(db, seeded);
    const base = { number: 40, headBranch: ticket.key };
    await apply(pullRequest({ ...base, state: 'open', updatedAt: '2025-02-01T10:00:00Z' }));
    await apply(pullRequest({ ...base, state: 'merged', updatedAt: '2025-02-01T10:00:05Z' }));
    // GitHub dates to the second: the opened delivery of that second arrives after the merge.
    expect(await apply(pullRequest({ ...base, state: 'open', updatedAt: '2025-02-01T10:00:05Z' }))).toMatchObject({ stored: false, stale: true });
    expect(await apply(pullRequest({ ...base, state: 'closed', updatedAt: '2025-02-01T10:00:05Z' }))).toMatchObject({ stale: true });
    expect(await apply(pullRequest({ ...base, state: 'open', updatedAt: '2025-02-01T11:00:00Z' }))).toMatchObject({ stale: true });
    expect((await prRow(40)).state).toBe('merged');
    // Both changes can share a millisecond, so their order in the history is not asserted.
    const { status, history } = await ticketState(ticket.id);
    expect(status).toBe('done');
    expect(history).toHaveLength(2);
    expect(history).toEqual(
      expect.arrayContaining([
        ['in_review', 'pr_event', 'PR #40 opened'],
        ['done', 'pr_event', 'PR #40 merged'],
      ]),
    );
  });

  it('lets a close win over an open of the same second, and a later reopen win over the close', async () => {
    const ticket = await addTicket(db, seeded);
    const base = { number: 41, headBranch: ticket.key };
    await apply(pullRequest({ ...base, state: 'closed', updatedAt: '2025-02-02T10:00:00Z' }));
    expect(await apply(pullRequest({ ...base, state: 'open', updatedAt: '2025-02-02T10:00:00Z' }))).toMatchObject({ stale: true });
    expect((await prRow(41)).state).toBe('closed');
    expect(await apply(pullRequest({ ...base, state: 'open', updatedAt: '2025-02-02T10:00:01Z' }))).toMatchObject({ stale: false });
    expect(await ticketState(ticket.id)).toMatchObject({ status: 'in_review' });
  });

  it('derives the status from all of the ticket’s PRs', async () => {
    const ticket = await addTicket(db, seeded);
    await apply(pullRequest({ number: 5, headBranch: ticket.key, state: 'merged' }));
    await apply(pullRequest({ number: 6, headBranch: `${ticket.key}-part2`, state: 'open' }));
    expect((await ticketState(ticket.id)).status).toBe('in_review');
    await apply(pullRequest({ number: 6, headBranch: `${ticket.key}-part2`, state: 'closed', updatedAt: '2025-01-01T11:00:00Z' }));
    const { status, history } = await ticketState(ticket.id);
    expect(status).toBe('done');
    // History rows written in the same millisecond have no defined order; compare as a set.
    expect(history.sort()).toEqual([
      ['done', 'pr_event', 'PR #5 merged'],
      ['done', 'pr_event', 'PR #6 closed without merging'],
      ['in_review', 'pr_event', 'PR #6 opened'],
    ]);
  });

  it('takes the given ticket over the keys and a stale sighting still links it (Start work after the webhook)', async () => {
    const ticket = await addTicket(db, seeded);
    await apply(pullRequest({ number: 7, updatedAt: '2025-01-03T00:00:00Z' }));
    const result = await apply(pullRequest({ number: 7, updatedAt: '2025-01-02T00:00:00Z' }), {
      ticketId: ticket.id,
      cause: 'start_work',
      actorId: seeded.owner.id,
    });
    expect(result).toEqual({ stored: false, ticketId: ticket.id, stale: true });
    expect(await ticketState(ticket.id)).toEqual({ status: 'in_review', history: [['in_review', 'start_work', 'PR #7 opened']] });
  });

  it('refuses a ticket of another project', async () => {
    const other = await seedProject(db);
    const foreign = await addTicket(db, other);
    await expect(apply(pullRequest({ number: 8 }), { ticketId: foreign.id })).rejects.toThrow(/not in the project/);
  });

  it('converges when many sightings of two PRs of one ticket race', async () => {
    const ticket = await addTicket(db, seeded);
    const at = (minute: number) => `2025-02-01T10:${String(minute).padStart(2, '0')}:00Z`;
    const sightings = [
      ...[0, 1, 2, 3].map((m) => pullRequest({ number: 20, headBranch: ticket.key, state: 'open', updatedAt: at(m) })),
      pullRequest({ number: 20, headBranch: ticket.key, state: 'merged', updatedAt: at(9) }),
      ...[0, 1, 2].map((m) => pullRequest({ number: 21, headBranch: `${ticket.key}-b`, state: 'draft', updatedAt: at(m) })),
      pullRequest({ number: 21, headBranch: `${ticket.key}-b`, state: 'merged', updatedAt: at(8) }),
    ];
    await Promise.all(sightings.reverse().map((pr) => apply(pr)));
    expect((await prRow(20)).state).toBe('merged');
    expect((await prRow(21)).state).toBe('merged');
    expect((await ticketState(ticket.id)).status).toBe('done');
  });

  describe('acceptance criteria checklist', () => {
    const body = (checks: boolean[], texts = ['Refund button', 'Email sent']) =>
      `Spec: see .tickets\n\n${renderCriteriaChecklist(texts.map((text, i) => ({ text, checked: checks[i] })))}\n\nmore text`;
    const done = async (ticketId: string) =>
      (await db.kysely.selectFrom('acceptance_criteria').select(['text', 'done']).where('ticket_id', '=', ticketId).orderBy('position').execute()).map(
        (c) => c.done === 1,
      );

    it('marks a criterion done when its box is ticked on the provider, matched by position and text', async () => {
      const ticket = await addTicket(db, seeded, ['Refund button', 'Email sent']);
      await apply(pullRequest({ number: 30, headBranch: ticket.key, body: body([false, false]), updatedAt: '2025-03-01T00:00:00Z' }));
      expect(await done(ticket.id)).toEqual([false, false]);
      await apply(pullRequest({ number: 30, headBranch: ticket.key, body: body([false, true]), updatedAt: '2025-03-01T00:01:00Z' }));
      expect(await done(ticket.id)).toEqual([false, true]);
      // A list whose texts no longer match Baton's criteria changes nothing.
      await apply(pullRequest({ number: 30, headBranch: ticket.key, body: body([true, true], ['Other', 'Email sent']), updatedAt: '2025-03-01T00:02:00Z' }));
      expect(await done(ticket.id)).toEqual([false, true]);
    });

    it('applies only boxes that changed, so an unrelated edit never undoes a tick made in Baton', async () => {
      const ticket = await addTicket(db, seeded, ['Refund button', 'Email sent']);
      await apply(pullRequest({ number: 31, headBranch: ticket.key, body: body([false, false]), updatedAt: '2025-03-02T00:00:00Z' }));
      await db.kysely.updateTable('acceptance_criteria').set({ done: 1 }).where('ticket_id', '=', ticket.id).where('position', '=', 0).execute();
      await apply(pullRequest({ number: 31, headBranch: ticket.key, title: 'retitled', body: body([false, false]), updatedAt: '2025-03-02T00:01:00Z' }));
      expect(await done(ticket.id)).toEqual([true, false]);
      await apply(pullRequest({ number: 31, headBranch: ticket.key, body: body([false, true]), updatedAt: '2025-03-02T00:02:00Z' }));
      expect(await done(ticket.id)).toEqual([true, true]);
      // Unticking on the provider is a change too.
      await apply(pullRequest({ number: 31, headBranch: ticket.key, body: body([false, false]), updatedAt: '2025-03-02T00:03:00Z' }));
      expect(await done(ticket.id)).toEqual([true, false]);
    });

    it('ignores a stale body', async () => {
      const ticket = await addTicket(db, seeded, ['Refund button', 'Email sent']);
      await apply(pullRequest({ number: 32, headBranch: ticket.key, body: body([true, false]), updatedAt: '2025-03-03T00:05:00Z' }));
      await apply(pullRequest({ number: 32, headBranch: ticket.key, body: body([false, true]), updatedAt: '2025-03-03T00:00:00Z' }));
      expect(await done(ticket.id)).toEqual([true, false]);
    });
  });
});
