// What rules know about a ticket's pull requests, read from the database.
import type { Executor } from '../../db/database.ts';
import { pullRequestFactsOfTicket } from '../../db/queries/automation.ts';
import type { PullRequestFacts, PullRequestLifecycle } from '../../domain/automation-rules.ts';

export async function factsOfTicket(db: Executor, ticketId: string): Promise<PullRequestFacts[]> {
  const rows = await pullRequestFactsOfTicket(db, ticketId);
  return rows.map((r) => ({
    repositoryId: r.repository_id,
    number: r.number,
    state: r.state as PullRequestLifecycle,
    baseBranch: r.base_branch,
    reviewRequested: false,
    review: 'none',
    checks: 'none',
  }));
}
