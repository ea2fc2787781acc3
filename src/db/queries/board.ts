// Tickets as the board and the search ask for them: filters, full-text search, pages of one
// status column and the true count of every column, all under the same filter.
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Priority } from '../../domain/priority.ts';
import { type SearchTerms, searchTerms } from '../../domain/search.ts';
import type { TicketStatus } from '../../domain/status.ts';
import type { PullRequestState } from '../../providers/types.ts';
import { type Executor, engineOf } from '../database.ts';
import type { Database } from '../schema/index.ts';

/** "none" asks for tickets without one (no assignee, no linked repository, no pull request). */
export const NONE = 'none';

export interface TicketFilter {
  status?: TicketStatus;
  assigneeId?: string;
  reviewerId?: string;
  repositoryId?: string;
  prState?: PullRequestState | typeof NONE;
  /** Tickets carrying any of these labels. */
  labelId?: string[];
  /** Tickets of any of these priorities. */
  priority?: Priority[];
  /** true: archived tickets only; otherwise the tickets on the board. */
  archived?: boolean;
  /** Search text: a ticket key, or words matched against key, title and spec. */
  q?: string;
}

export interface TicketPageQuery extends TicketFilter {
  limit: number;
  /** The number of the last ticket of the previous page. */
  cursor?: number;
}

type TicketQuery<O> = SelectQueryBuilder<Database, 'tickets', O>;

function optionalId<O>(q: TicketQuery<O>, column: 'assignee_id' | 'reviewer_id' | 'repository_id', value: string | undefined): TicketQuery<O> {
  if (value === undefined) return q;
  return value === NONE ? q.where(column, 'is', null) : q.where(column, '=', value);
}

function pullRequestsOf(eb: ExpressionBuilder<Database, 'tickets'>) {
  return eb.selectFrom('pull_requests').select('pull_requests.id').whereRef('pull_requests.ticket_id', '=', 'tickets.id');
}

/**
 * Narrows a query on `tickets` to the project. Under a label filter, SQLite (which Baton leaves
 * without statistics) would walk every ticket of the project through tickets_board and test each
 * against the labels' tickets; the unary plus keeps it off that index, so it starts from the
 * labels' tickets (index ticket_labels_label) and fetches each by id. PostgreSQL weighs both ways
 * with its statistics and needs no hint.
 */
function inProject<O>(db: Executor, q: TicketQuery<O>, projectId: string, filter: TicketFilter): TicketQuery<O> {
  if (filter.labelId?.length && engineOf(db) === 'sqlite') return q.where(sql`+tickets.project_id`, '=', projectId);
  return q.where('tickets.project_id', '=', projectId);
}

/** Narrows a query on `tickets` to the filter. */
export function whereFilter<O>(db: Executor, q: TicketQuery<O>, filter: TicketFilter): TicketQuery<O> {
  if (filter.status) q = q.where('tickets.status', '=', filter.status);
  q = q.where('tickets.archived_at', filter.archived ? 'is not' : 'is', null);
  q = optionalId(q, 'assignee_id', filter.assigneeId);
  q = optionalId(q, 'reviewer_id', filter.reviewerId);
  q = optionalId(q, 'repository_id', filter.repositoryId);
  const pr = filter.prState;
  if (pr === NONE) q = q.where((eb) => eb.not(eb.exists(pullRequestsOf(eb))));
  else if (pr) q = q.where((eb) => eb.exists(pullRequestsOf(eb).where('pull_requests.state', '=', pr)));
  // Through the label's side of the join (index ticket_labels_label): the tickets carrying any
  // of the labels are found without visiting the project's other tickets.
  const labelIds = filter.labelId;
  if (labelIds?.length) {
    q = q.where('tickets.id', 'in', (eb) => eb.selectFrom('ticket_labels').select('ticket_labels.ticket_id').where('ticket_labels.label_id', 'in', labelIds));
  }
  if (filter.priority?.length) q = q.where('tickets.priority', 'in', filter.priority);
  if (filter.q !== undefined) q = whereMatches(db, q, searchTerms(filter.q));
  return q;
}

function whereMatches<O>(db: Executor, q: TicketQuery<O>, terms: SearchTerms): TicketQuery<O> {
  if (terms.kind === 'nothing') return q;
  if (terms.kind === 'key') return q.where('tickets.key', '=', terms.key);
  if (engineOf(db) === 'postgres') {
    // The document expression is the one migration 008 indexed, character for character.
    const query = terms.words.map((w) => `'${w}':*`).join(' & ');
    return q.where(
      sql<boolean>`to_tsvector('simple'::regconfig, tickets.key || ' ' || tickets.title || ' ' || tickets.spec) @@ to_tsquery('simple', ${query})`,
    );
  }
  // FTS5: each word a quoted prefix ("refund"*), all of them required.
  const match = terms.words.map((w) => `"${w}"*`).join(' ');
  return q.where(
    'tickets.id',
    'in',
    sql<string>`(SELECT r.ticket_id FROM ticket_search s JOIN ticket_search_rows r ON r.row = s.rowid WHERE ticket_search MATCH ${match})`,
  );
}

/** The query of a page of the project's tickets under the filter, newest first, one row more than `limit` (plans are read from it too). */
export function ticketPageQuery(db: Executor, projectId: string, query: TicketPageQuery) {
  let q = whereFilter(db, inProject(db, db.selectFrom('tickets').selectAll('tickets'), projectId, query), query);
  if (query.cursor) q = q.where('tickets.number', '<', query.cursor);
  return q.orderBy('tickets.number', 'desc').limit(query.limit + 1);
}

/** A page of the project's tickets under the filter, newest first, with one row more than `limit` when there is a next page. */
export function ticketPageRows(db: Executor, projectId: string, query: TicketPageQuery) {
  return ticketPageQuery(db, projectId, query).execute();
}

/** The query counting the project's tickets under the filter in each status. */
export function countsByStatusQuery(db: Executor, projectId: string, filter: TicketFilter) {
  return whereFilter(
    db,
    inProject(
      db,
      db.selectFrom('tickets').select((eb) => ['tickets.status', eb.fn.countAll<number>().as('n')]),
      projectId,
      filter,
    ),
    filter,
  ).groupBy('tickets.status');
}

/** How many of the project's tickets under the filter are in each status (statuses with none are absent). */
export async function countsByStatus(db: Executor, projectId: string, filter: TicketFilter): Promise<Map<string, number>> {
  const rows = await countsByStatusQuery(db, projectId, filter).execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Tickets of the given projects matching the search text, the most recently changed first. */
export function searchTicketRows(db: Executor, projectIds: string[] | 'all', text: string, limit: number) {
  let q = db.selectFrom('tickets').selectAll('tickets');
  if (projectIds !== 'all') {
    if (projectIds.length === 0) return Promise.resolve([]);
    q = q.where('tickets.project_id', 'in', projectIds);
  }
  return whereMatches(db, q, searchTerms(text)).orderBy('tickets.updated_at', 'desc').orderBy('tickets.key').limit(limit).execute();
}
