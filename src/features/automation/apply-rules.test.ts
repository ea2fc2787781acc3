import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshDatabase } from '../../../test/support/databases.ts';
import { addTicket, pullRequest, type SeededProject, seedProject } from '../../../test/support/pr-fixtures.ts';
import type { Db } from '../../db/database.ts';
import type { PullRequest } from '../../providers/types.ts';
import { updateTicket } from '../../services/tickets.ts';
import { applyPullRequest } from '../pr-status/pull-requests.ts';

const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe.each(engines)('automation rules applied to PR sightings on %s', (engine) => {
  let db: Db;
  let seeded: SeededProject;
  beforeAll(async () => {
    db = await freshDatabase(engine);
    seeded = await seedProject(db);
  });
  afterAll(() => db?.destroy());

  const apply = (pr: PullRequest) => db.transaction((tx) => applyPullRequest(tx, { repositoryId: seeded.repositoryId, pullRequest: pr, cause: 'pr_event' }));
  const statusOf = async (id: string) => (await db.kysely.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it('leaves a ticket where a person moved it when an event from before the move arrives, and follows a later one', async () => {
    const ticket = await addTicket(db, seeded);
    const base = { number: 101, headBranch: ticket.key };
    await apply(pullRequest({ ...base, state: 'open', updatedAt: secondsFromNow(-120) }));
    expect(await statusOf(ticket.id)).toBe('in_review');

    await updateTicket(db, seeded.owner, ticket.key, { status: 'done' });
    // Closed a minute before the person moved the ticket, delivered only now.
    await apply(pullRequest({ ...base, state: 'closed', updatedAt: secondsFromNow(-60) }));
    expect(await statusOf(ticket.id)).toBe('done');
    expect((await db.kysely.selectFrom('pull_requests').select('state').where('number', '=', 101).executeTakeFirstOrThrow()).state).toBe('closed');

    // Reopened after the person's move: the rules apply again.
    await apply(pullRequest({ ...base, state: 'open', updatedAt: secondsFromNow(60) }));
    expect(await statusOf(ticket.id)).toBe('in_review');
  });
});
