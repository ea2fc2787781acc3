import type { Selectable } from 'kysely';
import { newId, nowIso } from '../clock.ts';
import type { Db, Executor } from '../db/database.ts';
import type { TicketsTable } from '../db/schema/tickets.ts';
import { parseTicketKey, ticketKey } from '../domain/keys.ts';
import type { TicketStatus } from '../domain/status.ts';
import { NotFound, ValidationFailed } from '../errors.ts';
import type { PullRequestState } from '../providers/types.ts';
import { projectRole } from './access.ts';
import { changeTicketStatus } from './ticket-status.ts';
import type { User } from './users.ts';

export type TicketRow = Selectable<TicketsTable>;

export interface TicketInput {
  title: string;
  spec?: string;
  acceptanceCriteria?: string[];
  status?: TicketStatus;
  assigneeId?: string | null;
  reviewerId?: string | null;
  repositoryId?: string | null;
}

export interface TicketPatch {
  title?: string;
  spec?: string;
  status?: TicketStatus;
  assigneeId?: string | null;
  reviewerId?: string | null;
  repositoryId?: string | null;
  acceptanceCriteria?: Array<{ id?: string; text: string; done?: boolean }>;
}

/** Find a ticket by key and check the caller may see it (non-members get 404). */
export async function loadTicket(db: Executor, user: User, key: string): Promise<TicketRow> {
  if (!parseTicketKey(key)) throw new NotFound('Ticket');
  const row = await db.selectFrom('tickets').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) throw new NotFound('Ticket');
  try {
    await projectRole(db, user, row.project_id);
  } catch {
    throw new NotFound('Ticket');
  }
  return row;
}

async function checkPeople(db: Executor, projectId: string, input: { assigneeId?: string | null; reviewerId?: string | null; repositoryId?: string | null }) {
  for (const field of ['assigneeId', 'reviewerId'] as const) {
    const id = input[field];
    if (!id) continue;
    const member = await db.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).where('user_id', '=', id).executeTakeFirst();
    if (!member) throw new ValidationFailed(`${field} must be a member of the project`, { fields: { [field]: 'not a project member' } });
  }
  if (input.repositoryId) {
    const repo = await db.selectFrom('repositories').select('id').where('id', '=', input.repositoryId).where('project_id', '=', projectId).executeTakeFirst();
    if (!repo) throw new ValidationFailed('repositoryId is not linked to this project', { fields: { repositoryId: 'not linked to this project' } });
  }
}

export async function createTicket(db: Db, user: User, projectId: string, input: TicketInput): Promise<string> {
  await projectRole(db.kysely, user, projectId);
  await checkPeople(db.kysely, projectId, input);
  return db.transaction(async (tx) => {
    // The counter row is the lock: concurrent creations queue here, and a rolled-back
    // creation gives its number back, so numbers have no gaps or duplicates.
    const project = await tx
      .updateTable('projects')
      .set((eb) => ({ ticket_counter: eb('ticket_counter', '+', 1) }))
      .where('id', '=', projectId)
      .returning(['key', 'ticket_counter'])
      .executeTakeFirstOrThrow();
    const now = nowIso();
    const id = newId();
    const key = ticketKey(project.key, project.ticket_counter);
    const status = input.status ?? 'backlog';
    await tx
      .insertInto('tickets')
      .values({
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
        created_at: now,
        updated_at: now,
      })
      .execute();
    const criteria = input.acceptanceCriteria ?? [];
    if (criteria.length > 0) {
      await tx
        .insertInto('acceptance_criteria')
        .values(criteria.map((text, position) => ({ id: newId(), ticket_id: id, position, text, done: 0 })))
        .execute();
    }
    await tx
      .insertInto('ticket_history')
      .values({ id: newId(), ticket_id: id, at: now, from_status: null, to_status: status, cause: 'user', actor_id: user.id, detail: 'created' })
      .execute();
    return key;
  });
}

/** Applies a patch; returns whether the published content (title, spec, criteria) changed. */
export async function updateTicket(db: Db, user: User, key: string, patch: TicketPatch): Promise<{ contentChanged: boolean; ticket: TicketRow }> {
  const ticket = await loadTicket(db.kysely, user, key);
  await checkPeople(db.kysely, ticket.project_id, patch);
  return db.transaction(async (tx) => {
    const current = await tx.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    const update: Partial<TicketRow> = {};
    if (patch.title !== undefined && patch.title !== current.title) update.title = patch.title;
    if (patch.spec !== undefined && patch.spec !== current.spec) update.spec = patch.spec;
    if (patch.assigneeId !== undefined) update.assignee_id = patch.assigneeId;
    if (patch.reviewerId !== undefined) update.reviewer_id = patch.reviewerId;
    if (patch.repositoryId !== undefined) update.repository_id = patch.repositoryId;
    let contentChanged = update.title !== undefined || update.spec !== undefined;
    if (Object.keys(update).length > 0) {
      await tx
        .updateTable('tickets')
        .set({ ...update, updated_at: nowIso() })
        .where('id', '=', ticket.id)
        .execute();
    }
    if (patch.acceptanceCriteria) contentChanged = (await replaceCriteria(tx, ticket.id, patch.acceptanceCriteria)) || contentChanged;
    if (patch.status) await changeTicketStatus(tx, current, patch.status, 'user', user.id);
    return { contentChanged, ticket: { ...current, ...update } };
  });
}

/** Replace the ordered list, keeping ids of criteria that stay; returns whether anything changed. */
export async function replaceCriteria(tx: Executor, ticketId: string, list: Array<{ id?: string; text: string; done?: boolean }>): Promise<boolean> {
  const existing = await tx.selectFrom('acceptance_criteria').selectAll().where('ticket_id', '=', ticketId).orderBy('position').execute();
  const known = new Map(existing.map((c) => [c.id, c]));
  for (const item of list) {
    if (item.id && !known.has(item.id)) throw new ValidationFailed('Unknown acceptance criterion id', { fields: { 'acceptanceCriteria.id': item.id } });
  }
  const next = list.map((item, position) => ({ id: item.id ?? newId(), ticket_id: ticketId, position, text: item.text, done: item.done ? 1 : 0 }));
  const same = next.length === existing.length && next.every((c, i) => c.id === existing[i].id && c.text === existing[i].text && c.done === existing[i].done);
  if (same) return false;
  await tx.deleteFrom('acceptance_criteria').where('ticket_id', '=', ticketId).execute();
  if (next.length > 0) await tx.insertInto('acceptance_criteria').values(next).execute();
  await tx.updateTable('tickets').set({ updated_at: nowIso() }).where('id', '=', ticketId).execute();
  return true;
}

type Person = { id: string; name: string } | null;

async function peopleById(db: Executor, ids: Array<string | null>): Promise<Map<string, Person>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function listTickets(
  db: Executor,
  user: User,
  projectId: string,
  query: { status?: TicketStatus; assigneeId?: string; limit: number; cursor?: number },
) {
  await projectRole(db, user, projectId);
  let q = db
    .selectFrom('tickets')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('number', 'desc')
    .limit(query.limit + 1);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.assigneeId) q = q.where('assignee_id', '=', query.assigneeId);
  if (query.cursor) q = q.where('number', '<', query.cursor);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  const people = await peopleById(
    db,
    page.flatMap((t) => [t.assignee_id, t.reviewer_id]),
  );
  const prs = page.length
    ? await db
        .selectFrom('pull_requests')
        .select(['ticket_id', 'number', 'url', 'state'])
        .where(
          'ticket_id',
          'in',
          page.map((t) => t.id),
        )
        .orderBy('number')
        .execute()
    : [];
  return {
    items: page.map((t) => ({
      id: t.id,
      key: t.key,
      number: t.number,
      title: t.title,
      status: t.status as TicketStatus,
      assignee: t.assignee_id ? (people.get(t.assignee_id) ?? null) : null,
      reviewer: t.reviewer_id ? (people.get(t.reviewer_id) ?? null) : null,
      pullRequests: prs.filter((p) => p.ticket_id === t.id).map((p) => ({ number: p.number, url: p.url, state: p.state as PullRequestState })),
      updatedAt: t.updated_at,
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.number) : null,
  };
}

export async function ticketView(db: Executor, row: TicketRow) {
  const [criteria, history, prs] = await Promise.all([
    db.selectFrom('acceptance_criteria').selectAll().where('ticket_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('ticket_history').selectAll().where('ticket_id', '=', row.id).orderBy('at').orderBy('id').execute(),
    db.selectFrom('pull_requests').selectAll().where('ticket_id', '=', row.id).orderBy('number').execute(),
  ]);
  const people = await peopleById(db, [row.assignee_id, row.reviewer_id, ...history.map((h) => h.actor_id)]);
  const person = (id: string | null) => (id ? (people.get(id) ?? null) : null);
  return {
    id: row.id,
    key: row.key,
    number: row.number,
    projectId: row.project_id,
    title: row.title,
    spec: row.spec,
    status: row.status as TicketStatus,
    assignee: person(row.assignee_id),
    reviewer: person(row.reviewer_id),
    repositoryId: row.repository_id,
    acceptanceCriteria: criteria.map((c) => ({ id: c.id, text: c.text, done: c.done === 1 })),
    history: history.map((h) => ({ at: h.at, from: h.from_status, to: h.to_status, cause: h.cause, actor: person(h.actor_id), detail: h.detail })),
    branch: row.branch,
    startWork: row.start_work ? JSON.parse(row.start_work) : null,
    pullRequests: prs.map((p) => ({ number: p.number, url: p.url, state: p.state as PullRequestState, title: p.title, syncedAt: p.synced_at })),
    prsSyncedAt: row.prs_synced_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type TicketView = Awaited<ReturnType<typeof ticketView>>;
