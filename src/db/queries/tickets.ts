// Tickets, their acceptance criteria and their status history: the queries, and the mappers
// from rows to what the API shows.
import type { Insertable, Selectable, Updateable } from 'kysely';
import { nowIso, orderedId } from '../../clock.ts';
import type { Priority } from '../../domain/priority.ts';
import type { TicketStatus } from '../../domain/status.ts';
import type { PullRequestState } from '../../providers/types.ts';
import type { Executor } from '../database.ts';
import type { AcceptanceCriteriaTable } from '../schema/acceptance-criteria.ts';
import type { TicketHistoryTable } from '../schema/ticket-history.ts';
import type { TicketsTable } from '../schema/tickets.ts';
import type { LabelRow } from './labels.ts';
import type { PullRequestRow } from './pull-requests.ts';
import { toActivityEntries } from './ticket-activity.ts';
import type { Person } from './users.ts';

export type TicketRow = Selectable<TicketsTable>;
export type CriterionRow = Selectable<AcceptanceCriteriaTable>;
export type HistoryRow = Selectable<TicketHistoryTable>;

export const findTicketByKey = (db: Executor, key: string) => db.selectFrom('tickets').selectAll().where('key', '=', key).executeTakeFirst();

export const findTicketById = (db: Executor, id: string) => db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();

export const getTicketById = (db: Executor, id: string) => db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** The ticket, if it belongs to the project. */
export const findProjectTicket = (db: Executor, projectId: string, id: string) =>
  db.selectFrom('tickets').select('id').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();

export const ticketsByKeys = (db: Executor, projectId: string, keys: string[]) =>
  db.selectFrom('tickets').select(['id', 'key']).where('project_id', '=', projectId).where('key', 'in', keys).execute();

/**
 * Takes the project's next ticket number. The counter row is the lock: concurrent creations
 * queue here, and a rolled-back creation gives its number back, so numbers have no gaps or
 * duplicates. Call it in the transaction that inserts the ticket.
 */
export const takeTicketNumber = (tx: Executor, projectId: string) =>
  tx
    .updateTable('projects')
    .set((eb) => ({ ticket_counter: eb('ticket_counter', '+', 1) }))
    .where('id', '=', projectId)
    .returning(['key', 'ticket_counter'])
    .executeTakeFirstOrThrow();

export const insertTicket = (tx: Executor, row: Insertable<TicketsTable>) => tx.insertInto('tickets').values(row).execute();

/** Removes the ticket; its criteria, history, labels and notifications go with it, its pull requests stay unlinked. */
export const deleteTicketRow = (tx: Executor, id: string) => tx.deleteFrom('tickets').where('id', '=', id).execute();

export const updateTicketRow = (db: Executor, id: string, set: Updateable<TicketsTable>) => db.updateTable('tickets').set(set).where('id', '=', id).execute();

/** Sets the reviewer unless somebody set one meanwhile; answers whether it did. */
export async function setReviewerIfUnset(db: Executor, id: string, reviewerId: string): Promise<boolean> {
  const result = await db.updateTable('tickets').set({ reviewer_id: reviewerId }).where('id', '=', id).where('reviewer_id', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Locks the ticket until the transaction ends (a no-op update) and reads its status in the same statement. */
export const lockTicketStatus = (tx: Executor, id: string) =>
  tx
    .updateTable('tickets')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('id', '=', id)
    .returning(['id', 'status'])
    .executeTakeFirst();

export const criteriaOf = (db: Executor, ticketId: string) =>
  db.selectFrom('acceptance_criteria').selectAll().where('ticket_id', '=', ticketId).orderBy('position').execute();

export async function insertCriteria(tx: Executor, rows: CriterionRow[]): Promise<void> {
  if (rows.length > 0) await tx.insertInto('acceptance_criteria').values(rows).execute();
}

/** Replaces the ticket's whole list with `rows`. */
export async function replaceCriteriaRows(tx: Executor, ticketId: string, rows: CriterionRow[]): Promise<void> {
  await tx.deleteFrom('acceptance_criteria').where('ticket_id', '=', ticketId).execute();
  await insertCriteria(tx, rows);
}

export const setCriterionDone = (tx: Executor, id: string, done: boolean) =>
  tx
    .updateTable('acceptance_criteria')
    .set({ done: done ? 1 : 0 })
    .where('id', '=', id)
    .execute();

/** The ticket's history, oldest first, each automatic move with the provider's id of the delivery that caused it. */
export const historyOf = (db: Executor, ticketId: string) =>
  db
    .selectFrom('ticket_history as h')
    .leftJoin('webhook_deliveries as d', 'd.id', 'h.delivery_id')
    .selectAll('h')
    .select('d.delivery_id as provider_delivery_id')
    .where('h.ticket_id', '=', ticketId)
    .orderBy('h.at')
    .orderBy('h.id')
    .execute();

/** Records one activity entry; a status move leaves `kind` to its default. */
export const insertHistory = (tx: Executor, entry: Omit<Insertable<TicketHistoryTable>, 'id'>) =>
  tx
    .insertInto('ticket_history')
    // Ordered ids: entries of one change, written in one millisecond, read back in the order written.
    .values({ id: orderedId(), ...entry })
    .execute();

/** Marks the ticket changed now (an edit of something stored beside it, such as its criteria). */
export const touchTicket = (tx: Executor, id: string) => updateTicketRow(tx, id, { updated_at: nowIso() });

import type { TicketReleases } from '../../domain/releases.ts';

type PersonOf = (id: string | null) => Person;
type PullRequestSummary = Pick<PullRequestRow, 'number' | 'url' | 'state'>;
type LabelRef = Pick<LabelRow, 'id' | 'name' | 'color'>;

export const toTicketListItem = (t: TicketRow, person: PersonOf, prs: PullRequestSummary[], labels: LabelRef[]) => ({
  id: t.id,
  key: t.key,
  number: t.number,
  title: t.title,
  status: t.status as TicketStatus,
  assignee: person(t.assignee_id),
  reviewer: person(t.reviewer_id),
  priority: t.priority as Priority,
  labels,
  pullRequests: prs.map((p) => ({ number: p.number, url: p.url, state: p.state as PullRequestState })),
  updatedAt: t.updated_at,
});

type HistoryWithDelivery = HistoryRow & { provider_delivery_id: string | null };

/** The status moves of the history, as `history` has always shown them. */
const toStatusEntries = (history: HistoryWithDelivery[], person: PersonOf) =>
  history
    .filter((h) => h.kind === 'status')
    .map((h) => ({
      at: h.at,
      from: h.from_status,
      to: h.to_status as string,
      cause: h.cause,
      actor: person(h.actor_id),
      detail: h.detail,
      rule: h.rule,
      delivery: h.delivery_id ? { id: h.delivery_id, deliveryId: h.provider_delivery_id } : null,
    }));

export const toTicketView = (
  row: TicketRow,
  criteria: CriterionRow[],
  history: HistoryWithDelivery[],
  prs: PullRequestRow[],
  labels: LabelRef[],
  person: PersonOf,
  shipped: TicketReleases,
) => ({
  id: row.id,
  key: row.key,
  number: row.number,
  projectId: row.project_id,
  title: row.title,
  spec: row.spec,
  status: row.status as TicketStatus,
  assignee: person(row.assignee_id),
  reviewer: person(row.reviewer_id),
  priority: row.priority as Priority,
  labels,
  repositoryId: row.repository_id,
  acceptanceCriteria: criteria.map((c) => ({ id: c.id, text: c.text, done: c.done === 1 })),
  history: toStatusEntries(history, person),
  activity: toActivityEntries(history, person),
  branch: row.branch,
  startWork: row.start_work ? JSON.parse(row.start_work) : null,
  pullRequests: prs.map((p) => ({ number: p.number, url: p.url, state: p.state as PullRequestState, title: p.title, syncedAt: p.synced_at })),
  prsSyncedAt: row.prs_synced_at,
  release: shipped.release,
  prerelease: shipped.prerelease,
  archivedAt: row.archived_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type TicketView = ReturnType<typeof toTicketView>;
