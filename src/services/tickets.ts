import { newId, nowIso } from '../clock.ts';
import type { Db, Executor } from '../db/database.ts';
import { type TicketPageQuery, ticketPageRows } from '../db/queries/board.ts';
import { labelsByIds, labelsOfTickets, replaceTicketLabels } from '../db/queries/labels.ts';
import { memberState } from '../db/queries/projects.ts';
import { pullRequestSummaries, pullRequestsOfTicket } from '../db/queries/pull-requests.ts';
import { mergedPullRequestReleases } from '../db/queries/releases.ts';
import { findRepository, isRepositoryOfProject } from '../db/queries/repositories.ts';
import { peopleNamedBy } from '../db/queries/ticket-activity.ts';
import {
  criteriaOf,
  deleteTicketRow,
  findTicketByKey,
  getTicketById,
  historyOf,
  insertCriteria,
  insertHistory,
  insertTicket,
  replaceCriteriaRows,
  type TicketRow,
  type TicketView,
  takeTicketNumber,
  toTicketListItem,
  toTicketView,
  touchTicket,
  updateTicketRow,
} from '../db/queries/tickets.ts';
import { personLookup } from '../db/queries/users.ts';
import { type ActivityData, type CriterionChange, criteriaChanges } from '../domain/activity.ts';
import { parseTicketKey, ticketKey } from '../domain/keys.ts';
import type { Priority } from '../domain/priority.ts';
import { ticketReleases } from '../domain/releases.ts';
import type { TicketStatus } from '../domain/status.ts';
import { fieldRefused, NotFound } from '../errors.ts';
import { projectRole } from './access.ts';
import { type ActivityInput, recordActivities } from './activity.ts';
import { checkLabels } from './labels.ts';
import { notifyPeopleChanged } from './notifications.ts';
import { changeTicketStatus } from './ticket-status.ts';
import type { User } from './users.ts';

export interface TicketInput {
  title: string;
  spec?: string;
  acceptanceCriteria?: string[];
  status?: TicketStatus;
  assigneeId?: string | null;
  reviewerId?: string | null;
  repositoryId?: string | null;
  priority?: Priority;
  labelIds?: string[];
}

export interface TicketPatch {
  title?: string;
  spec?: string;
  status?: TicketStatus;
  assigneeId?: string | null;
  reviewerId?: string | null;
  repositoryId?: string | null;
  priority?: Priority;
  labelIds?: string[];
  archived?: boolean;
  acceptanceCriteria?: Array<{ id?: string; text: string; done?: boolean }>;
}

/** Find a ticket by key and check the caller may see it (non-members get 404). */
export async function loadTicket(db: Executor, user: User, key: string): Promise<TicketRow> {
  if (!parseTicketKey(key)) throw new NotFound('Ticket');
  const row = await findTicketByKey(db, key);
  if (!row) throw new NotFound('Ticket');
  try {
    await projectRole(db, user, row.project_id);
  } catch {
    throw new NotFound('Ticket');
  }
  return row;
}

async function checkPeople(db: Executor, projectId: string, input: { assigneeId?: string | null; reviewerId?: string | null; repositoryId?: string | null }) {
  const people = { assigneeId: 'Assignee', reviewerId: 'Reviewer' } as const;
  for (const [field, label] of Object.entries(people) as [keyof typeof people, string][]) {
    const id = input[field];
    if (!id) continue;
    const state = await memberState(db, projectId, id);
    if (state === 'not_member') throw fieldRefused(field, `${label} must be a member of this project; choose someone from the list.`);
    // A deactivated person cannot sign in to do the work or review it.
    if (state === 'deactivated') throw fieldRefused(field, `${label} is deactivated and cannot take work; choose someone else from the list.`);
  }
  if (input.repositoryId && !(await isRepositoryOfProject(db, input.repositoryId, projectId))) {
    throw fieldRefused('repositoryId', 'Repository must be one linked to this project; choose one from the list.');
  }
}

export async function createTicket(db: Db, user: User, projectId: string, input: TicketInput): Promise<string> {
  await projectRole(db.kysely, user, projectId);
  await checkPeople(db.kysely, projectId, input);
  await checkLabels(db.kysely, projectId, input.labelIds);
  return db.transaction(async (tx) => {
    const project = await takeTicketNumber(tx, projectId);
    const now = nowIso();
    const id = newId();
    const key = ticketKey(project.key, project.ticket_counter);
    const status = input.status ?? 'backlog';
    await insertTicket(tx, {
      id,
      project_id: projectId,
      number: project.ticket_counter,
      key,
      title: input.title,
      spec: input.spec ?? '',
      status,
      assignee_id: input.assigneeId ?? null,
      reviewer_id: input.reviewerId ?? null,
      repository_id: input.repositoryId ?? null,
      branch: null,
      start_work: null,
      prs_synced_at: null,
      // Left to the column's default ('none') unless chosen, so the insert needs no column that
      // older schemas lack (the migration tests create tickets at earlier versions).
      ...(input.priority && input.priority !== 'none' ? { priority: input.priority } : {}),
      created_at: now,
      updated_at: now,
    });
    if (input.labelIds) await replaceTicketLabels(tx, id, input.labelIds);
    const criteria = input.acceptanceCriteria ?? [];
    await insertCriteria(
      tx,
      criteria.map((text, position) => ({ id: newId(), ticket_id: id, position, text, done: 0 })),
    );
    await insertHistory(tx, { ticket_id: id, at: now, from_status: null, to_status: status, cause: 'user', actor_id: user.id, detail: 'created' });
    await notifyPeopleChanged(
      tx,
      id,
      user.id,
      { assigneeId: null, reviewerId: null },
      { assigneeId: input.assigneeId ?? null, reviewerId: input.reviewerId ?? null },
    );
    return key;
  });
}

/** Applies a patch, recording each change in the activity feed; returns whether the published content (title, spec, criteria) changed. */
export async function updateTicket(db: Db, user: User, key: string, patch: TicketPatch): Promise<{ contentChanged: boolean; ticket: TicketRow }> {
  const ticket = await loadTicket(db.kysely, user, key);
  await checkPeople(db.kysely, ticket.project_id, patch);
  await checkLabels(db.kysely, ticket.project_id, patch.labelIds);
  return db.transaction(async (tx) => {
    const current = await getTicketById(tx, ticket.id);
    const update: Partial<TicketRow> = {};
    const entries: ActivityInput[] = [];
    const record = (kind: ActivityInput['kind'], data?: ActivityData) => entries.push({ ticketId: ticket.id, kind, cause: 'user', actorId: user.id, data });
    const changes = <T>(next: T | undefined, now: T): next is T => next !== undefined && next !== now;

    if (changes(patch.title, current.title)) {
      update.title = patch.title;
      record('title', { from: current.title, to: patch.title });
    }
    if (changes(patch.spec, current.spec)) {
      update.spec = patch.spec;
      record('spec');
    }
    if (changes(patch.assigneeId, current.assignee_id)) {
      update.assignee_id = patch.assigneeId;
      record('assignee', { from: current.assignee_id, to: patch.assigneeId });
    }
    if (changes(patch.reviewerId, current.reviewer_id)) {
      update.reviewer_id = patch.reviewerId;
      record('reviewer', { from: current.reviewer_id, to: patch.reviewerId });
    }
    if (changes(patch.repositoryId, current.repository_id)) {
      update.repository_id = patch.repositoryId;
      record('repository', { from: await repositoryName(tx, current.repository_id), to: await repositoryName(tx, patch.repositoryId) });
    }
    if (changes(patch.priority, current.priority)) {
      update.priority = patch.priority;
      record('priority', { from: current.priority, to: patch.priority });
    }
    if (patch.archived !== undefined && patch.archived !== (current.archived_at !== null)) {
      update.archived_at = patch.archived ? nowIso() : null;
      record(patch.archived ? 'archived' : 'unarchived');
    }
    const labels = patch.labelIds ? await replaceTicketLabels(tx, ticket.id, patch.labelIds) : null;
    if (labels) {
      await touchTicket(tx, ticket.id);
      const named = new Map((await labelsByIds(tx, [...labels.added, ...labels.removed])).map((l) => [l.id, l]));
      const refs = (ids: string[]) => ids.flatMap((id) => named.get(id) ?? []);
      record('labels', { labelsAdded: refs(labels.added), labelsRemoved: refs(labels.removed) });
    }
    let contentChanged = update.title !== undefined || update.spec !== undefined;
    if (Object.keys(update).length > 0) await updateTicketRow(tx, ticket.id, { ...update, updated_at: nowIso() });
    if (patch.acceptanceCriteria) {
      const criteria = await replaceCriteria(tx, ticket.id, patch.acceptanceCriteria);
      if (criteria.length > 0) record('criteria', { criteria });
      contentChanged = criteria.length > 0 || contentChanged;
    }
    const before = { assigneeId: current.assignee_id, reviewerId: current.reviewer_id };
    if (patch.status) await changeTicketStatus(tx, current, patch.status, 'user', user.id);
    await recordActivities(tx, entries);
    const next = { ...current, ...update };
    await notifyPeopleChanged(tx, ticket.id, user.id, before, { assigneeId: next.assignee_id, reviewerId: next.reviewer_id });
    return { contentChanged, ticket: next };
  });
}

/** "owner/name" of a repository, as the feed keeps it (the link may go later). */
async function repositoryName(db: Executor, id: string | null | undefined): Promise<string | null> {
  if (!id) return null;
  const repo = await findRepository(db, id);
  return repo ? `${repo.owner}/${repo.name}` : null;
}

/**
 * Deletes the ticket and what is stored with it. The branch and pull request on the provider stay
 * as they are (a person may still want them); the pull request row stays, no longer linked.
 */
export async function deleteTicket(db: Db, user: User, key: string): Promise<void> {
  const ticket = await loadTicket(db.kysely, user, key);
  await deleteTicketRow(db.kysely, ticket.id);
}

/** Replace the ordered list, keeping ids of criteria that stay; returns what changed (nothing: empty). */
export async function replaceCriteria(tx: Executor, ticketId: string, list: Array<{ id?: string; text: string; done?: boolean }>): Promise<CriterionChange[]> {
  const existing = await criteriaOf(tx, ticketId);
  const known = new Map(existing.map((c) => [c.id, c]));
  for (const [index, item] of list.entries()) {
    // A criterion someone else removed since this list was loaded: keeping the rest would lose their change or ours.
    if (item.id && !known.has(item.id)) {
      throw fieldRefused(
        `acceptanceCriteria.${index}`,
        `Acceptance criterion ${index + 1} was removed from this ticket meanwhile; reload the ticket and make your change again.`,
      );
    }
  }
  const next = list.map((item, position) => ({ id: item.id ?? newId(), ticket_id: ticketId, position, text: item.text, done: item.done ? 1 : 0 }));
  const same = next.length === existing.length && next.every((c, i) => c.id === existing[i].id && c.text === existing[i].text && c.done === existing[i].done);
  if (same) return [];
  await replaceCriteriaRows(tx, ticketId, next);
  await touchTicket(tx, ticketId);
  // A reorder alone changes no criterion: it is still a change of the list, told as such.
  const changes = criteriaChanges(existing, next);
  return changes.length > 0 ? changes : [{ change: 'reordered', text: '' }];
}

/** A page of the project's tickets under the filter, newest first. */
export async function listTickets(db: Executor, user: User, projectId: string, query: TicketPageQuery) {
  await projectRole(db, user, projectId);
  const rows = await ticketPageRows(db, projectId, query);
  const page = rows.slice(0, query.limit);
  return {
    items: await ticketSummaries(db, page),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.number) : null,
  };
}

/** The list items (people, pull requests) of the given tickets, in the same order. */
export async function ticketSummaries(db: Executor, rows: TicketRow[]) {
  const ids = rows.map((t) => t.id);
  const [person, prs, labels] = await Promise.all([
    personLookup(
      db,
      rows.flatMap((t) => [t.assignee_id, t.reviewer_id]),
    ),
    pullRequestSummaries(db, ids),
    labelsOfTickets(db, ids),
  ]);
  const prsOf = new Map<string | null, typeof prs>();
  for (const pr of prs) prsOf.set(pr.ticket_id, [...(prsOf.get(pr.ticket_id) ?? []), pr]);
  return rows.map((t) => toTicketListItem(t, person, prsOf.get(t.id) ?? [], labels.get(t.id) ?? []));
}

export async function ticketView(db: Executor, row: TicketRow): Promise<TicketView> {
  const [criteria, history, prs, labels, shipped] = await Promise.all([
    criteriaOf(db, row.id),
    historyOf(db, row.id),
    pullRequestsOfTicket(db, row.id),
    labelsOfTickets(db, [row.id]),
    mergedPullRequestReleases(db, [row.id]),
  ]);
  const person = await personLookup(db, [row.assignee_id, row.reviewer_id, ...peopleNamedBy(history)]);
  const releases = ticketReleases(shipped).get(row.id) ?? { release: null, prerelease: null };
  return toTicketView(row, criteria, history, prs, labels.get(row.id) ?? [], person, releases);
}
