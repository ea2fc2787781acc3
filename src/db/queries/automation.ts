// What workflow automation reads: the facts rules test about a ticket's pull requests, and when a
// person last moved the ticket by hand.
import type { Executor } from '../database.ts';

/** The ticket's PRs as rules read them. */
export const pullRequestFactsOfTicket = (db: Executor, ticketId: string) =>
  db.selectFrom('pull_requests').select(['repository_id', 'number', 'state', 'base_branch']).where('ticket_id', '=', ticketId).execute();

/**
 * When a person last moved the ticket to another status (not its creation, whose history row has
 * no former status), or null.
 */
export async function lastManualMoveAt(db: Executor, ticketId: string): Promise<string | null> {
  const row = await db
    .selectFrom('ticket_history')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('ticket_id', '=', ticketId)
    .where('cause', '=', 'user')
    .where('from_status', 'is not', null)
    .executeTakeFirst();
  return row?.at ?? null;
}

/** The project's most recently updated PRs that are linked to a ticket, with their ticket. */
export const recentLinkedPullRequests = (db: Executor, projectId: string, limit: number) =>
  db
    .selectFrom('pull_requests as pr')
    .innerJoin('tickets as t', 't.id', 'pr.ticket_id')
    .select([
      'pr.number',
      'pr.title',
      'pr.state',
      'pr.base_branch',
      'pr.url',
      'pr.repository_id',
      't.id as ticket_id',
      't.key',
      't.title as ticket_title',
      't.status',
    ])
    .where('t.project_id', '=', projectId)
    .where('t.archived_at', 'is', null)
    .orderBy('pr.provider_updated_at', 'desc')
    .orderBy('pr.id')
    .limit(limit)
    .execute();
