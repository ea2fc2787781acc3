// Pull requests as last seen on the provider, linked to tickets.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { PullRequest } from '../../providers/types.ts';
import type { Executor } from '../database.ts';
import type { PullRequestsTable } from '../schema/pull-requests.ts';

export type PullRequestRow = Selectable<PullRequestsTable>;

const STILL_OPEN = ['open', 'draft'];

/** The columns one sighting of a PR on the provider sets (`updatedAt` as normalised ISO, `now` when it was read). */
export const observedColumns = (pr: PullRequest, updatedAt: string, now: string) => ({
  external_id: pr.externalId,
  url: pr.url,
  title: pr.title,
  head_branch: pr.headBranch,
  base_branch: pr.baseBranch,
  state: pr.state,
  provider_updated_at: updatedAt,
  synced_at: now,
  // Kept once known: a later sighting that does not say (another provider's answer) leaves it.
  ...(pr.state === 'merged' && pr.mergeCommit ? { merge_commit_sha: pr.mergeCommit } : {}),
});

export const pullRequestsOfTicket = (db: Executor, ticketId: string) =>
  db.selectFrom('pull_requests').selectAll().where('ticket_id', '=', ticketId).orderBy('number').execute();

/** What a ticket list shows of each ticket's pull requests. */
export async function pullRequestSummaries(db: Executor, ticketIds: string[]) {
  if (ticketIds.length === 0) return [];
  return db.selectFrom('pull_requests').select(['ticket_id', 'number', 'url', 'state']).where('ticket_id', 'in', ticketIds).orderBy('number').execute();
}

interface OnBranch {
  ticketId: string;
  repositoryId: string;
  branch: string;
}

const numbersOnBranch = (db: Executor, on: OnBranch) =>
  db
    .selectFrom('pull_requests')
    .select('number')
    .where('ticket_id', '=', on.ticketId)
    .where('repository_id', '=', on.repositoryId)
    .where('head_branch', '=', on.branch);

/** The newest pull request the ticket has from `branch` in the repository, open or not. */
export const newestOnBranch = (db: Executor, on: OnBranch) => numbersOnBranch(db, on).orderBy('number', 'desc').executeTakeFirst();

/** The ticket's pull requests from `branch` in the repository that are still open or draft. */
export const openOnBranch = (db: Executor, on: OnBranch) => numbersOnBranch(db, on).where('state', 'in', STILL_OPEN).execute();

export async function oldestOpenNumber(db: Executor, repositoryId: string): Promise<number | null> {
  const row = await db
    .selectFrom('pull_requests')
    .select((eb) => eb.fn.min('number').as('n'))
    .where('repository_id', '=', repositoryId)
    .where('state', 'in', STILL_OPEN)
    .executeTakeFirst();
  return row?.n == null ? null : Number(row.n);
}

/** When the ticket's PR data was refreshed: its last sync, its least recently refreshed PR, and how many PRs it has. */
export const pullRequestFreshness = (db: Executor, ticketId: string) =>
  db
    .selectFrom('tickets')
    .leftJoin('pull_requests', 'pull_requests.ticket_id', 'tickets.id')
    .select((eb) => ['tickets.prs_synced_at', eb.fn.min('pull_requests.synced_at').as('oldest'), eb.fn.count('pull_requests.id').as('prs')])
    .where('tickets.id', '=', ticketId)
    .groupBy('tickets.prs_synced_at')
    .executeTakeFirst();

/** How many tickets each of `reviewerIds` reviews whose pull request is still open or draft. */
export const openReviewLoad = (db: Executor, reviewerIds: string[]) =>
  db
    .selectFrom('tickets')
    .innerJoin('pull_requests', 'pull_requests.ticket_id', 'tickets.id')
    .select(['tickets.reviewer_id', (eb) => eb.fn.count<number>('tickets.id').distinct().as('open')])
    .where('tickets.reviewer_id', 'in', reviewerIds)
    .where('pull_requests.state', 'in', STILL_OPEN)
    .groupBy('tickets.reviewer_id')
    .execute();

/** The stored row, locked until the transaction ends: a no-op UPDATE takes the row lock on PostgreSQL; SQLite already serialises writers. */
export const lockPullRequest = (tx: Executor, repositoryId: string, number: number) =>
  tx
    .updateTable('pull_requests')
    .set((eb) => ({ synced_at: eb.ref('synced_at') }))
    .where('repository_id', '=', repositoryId)
    .where('number', '=', number)
    .returningAll()
    .executeTakeFirst();

/** Inserts the row unless the repository already has that PR number; returns the new id, or undefined when it existed. */
export async function insertPullRequestIfAbsent(tx: Executor, row: Insertable<PullRequestsTable>): Promise<string | undefined> {
  const inserted = await tx
    .insertInto('pull_requests')
    .values(row)
    // A concurrent insert of the same PR wins; PostgreSQL waits for it, then the caller locks its row.
    .onConflict((oc) => oc.columns(['repository_id', 'number']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export const updatePullRequestRow = (tx: Executor, id: string, set: Updateable<PullRequestsTable>) =>
  tx.updateTable('pull_requests').set(set).where('id', '=', id).execute();

export const pullRequestRefsOfTicket = (db: Executor, ticketId: string) =>
  db.selectFrom('pull_requests').select(['repository_id', 'number']).where('ticket_id', '=', ticketId).orderBy('number').execute();
