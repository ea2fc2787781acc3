// The one path every sighting of an issue takes — import, webhook, reconciliation — so that
// duplicates, echoes of Baton's own writes and out-of-order sightings converge. Run it inside the
// caller's transaction.
import { newId, nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import { findIssueLink, insertIssueLink, type TicketIssueRow, updateIssueLink } from '../../db/queries/issue-sync.ts';
import { labelsOfTickets, replaceTicketLabels } from '../../db/queries/labels.ts';
import {
  getTicketById,
  insertCriteria,
  insertHistory,
  insertTicket,
  replaceCriteriaRows,
  takeTicketNumber,
  updateTicketRow,
} from '../../db/queries/tickets.ts';
import { ticketKey } from '../../domain/keys.ts';
import { withoutNul } from '../../domain/nul-characters.ts';
import type { TicketStatus } from '../../domain/status.ts';
import type { Issue } from '../../providers/issues.ts';
import { changeTicketStatus } from '../../services/ticket-status.ts';
import type { People } from './access.ts';
import { ensureProjectLabels } from './labels.ts';
import {
  type Agreed,
  agreedFromIssue,
  agreedFromTicket,
  describeValue,
  FIELD_NAMES,
  FIELDS,
  type Field,
  parseAgreed,
  sameValue,
  taskListItems,
} from './snapshot.ts';
import type { StatusMap } from './status-map.ts';

export interface SyncTarget {
  projectId: string;
  repositoryId: string;
  /** owner/name, for history details. */
  repository: string;
  labelFilter: string | null;
  state: 'open' | 'all';
}

export interface ApplyContext {
  target: SyncTarget;
  statusMap: StatusMap;
  people: People;
}

export type IssueApplied =
  | { result: 'created'; ticketId: string }
  | { result: 'updated'; ticketId: string; changed: Field[]; batonKept: Field[] }
  /** Nothing to change: an echo of Baton's own write, a repeat, or a change Baton already shows. */
  | { result: 'unchanged'; ticketId: string; batonKept: Field[] }
  /** Older than what is stored. */
  | { result: 'stale'; ticketId: string }
  /** Not linked, and outside the sync's filter: not imported. */
  | { result: 'filtered' };

/** Whether an issue not yet linked is one the sync takes in. */
export function passesFilter(target: SyncTarget, issue: Issue): boolean {
  if (target.state === 'open' && issue.state !== 'open') return false;
  if (target.labelFilter && !issue.labels.some((l) => l.name.toLowerCase() === target.labelFilter!.toLowerCase())) return false;
  return true;
}

const storable = (issue: Issue): Issue => ({
  ...issue,
  title: withoutNul(issue.title).slice(0, 200) || `Issue #${issue.number}`,
  body: withoutNul(issue.body),
});

export async function applyIssue(tx: Executor, ac: ApplyContext, sighted: Issue): Promise<IssueApplied> {
  const issue = storable(sighted);
  const link = await findIssueLink(tx, ac.target.repositoryId, issue.number);
  if (!link) return passesFilter(ac.target, issue) ? { result: 'created', ticketId: await createFromIssue(tx, ac, issue) } : { result: 'filtered' };
  if (link.gone) return { result: 'stale', ticketId: link.ticket_id };
  if (Date.parse(issue.updatedAt) < Date.parse(link.provider_updated_at)) return { result: 'stale', ticketId: link.ticket_id };
  return updateFromIssue(tx, ac, link, issue);
}

async function createFromIssue(tx: Executor, ac: ApplyContext, issue: Issue): Promise<string> {
  const { target, statusMap, people } = ac;
  const project = await takeTicketNumber(tx, target.projectId);
  const now = nowIso();
  const id = newId();
  const status = issue.state === 'closed' ? statusMap.closedStatus : statusMap.openStatus;
  const assignee = issue.assignees.map((login) => people.byLogin(login)).find((p) => p !== undefined);
  await insertTicket(tx, {
    id,
    project_id: target.projectId,
    number: project.ticket_counter,
    key: ticketKey(project.key, project.ticket_counter),
    title: issue.title,
    spec: issue.body,
    status,
    assignee_id: assignee?.userId ?? null,
    reviewer_id: null,
    repository_id: target.repositoryId,
    branch: null,
    start_work: null,
    prs_synced_at: null,
    created_at: now,
    updated_at: now,
  });
  const labelIds = await ensureProjectLabels(tx, target.projectId, issue.labels);
  if (labelIds.length) await replaceTicketLabels(tx, id, labelIds);
  await insertCriteria(
    tx,
    taskListItems(issue.body).map((item, position) => ({ id: newId(), ticket_id: id, position, text: item.text, done: item.checked ? 1 : 0 })),
  );
  await insertIssueLink(tx, { ticket_id: id, ...linkColumns(issue, agreedFromIssue(issue)), repository_id: target.repositoryId, created_at: now });
  await insertHistory(tx, {
    ticket_id: id,
    at: now,
    from_status: null,
    to_status: status,
    cause: 'issue_sync',
    actor_id: null,
    detail: `Imported from ${target.repository}#${issue.number}`,
  });
  return id;
}

function linkColumns(issue: Issue, agreed: Agreed) {
  return {
    number: issue.number,
    external_id: issue.externalId,
    url: issue.url,
    state: issue.state,
    close_reason: issue.closeReason,
    milestone_number: issue.milestone?.number ?? null,
    milestone_title: issue.milestone?.title ?? null,
    assignees: JSON.stringify(issue.assignees),
    provider_updated_at: issue.updatedAt,
    synced: JSON.stringify(agreed),
    updated_at: nowIso(),
  };
}

/** Baton's side of the synced fields, in the issue's terms. */
export async function batonSide(
  tx: Executor,
  ac: Pick<ApplyContext, 'statusMap' | 'people'>,
  link: TicketIssueRow,
): Promise<{ agreed: Agreed; baton: Agreed }> {
  const agreed = parseAgreed(link.synced);
  const ticket = await getTicketById(tx, link.ticket_id);
  const labels = (await labelsOfTickets(tx, [ticket.id])).get(ticket.id) ?? [];
  const mapped = agreed.assignees.filter((login) => ac.people.byLogin(login));
  const unmapped = agreed.assignees.filter((login) => !ac.people.byLogin(login));
  const mine = ticket.assignee_id ? ac.people.loginOf(ticket.assignee_id) : undefined;
  // Baton holds one assignee: unchanged while it is one of the mapped ones (or none is, and none is set).
  const unchanged = ticket.assignee_id ? mine !== undefined && mapped.some((l) => l.toLowerCase() === mine.toLowerCase()) : mapped.length === 0;
  const assignees = unchanged ? agreed.assignees : [...unmapped, ...(mine ? [mine] : [])];
  const baton = agreedFromTicket(
    {
      title: ticket.title,
      spec: ticket.spec,
      status: ticket.status as TicketStatus,
      labels: labels.map((l) => l.name),
      milestone: link.milestone_number,
      assignees,
    },
    ac.statusMap.closedStatuses,
  );
  return { agreed, baton };
}

async function updateFromIssue(tx: Executor, ac: ApplyContext, link: TicketIssueRow, issue: Issue): Promise<IssueApplied> {
  const ticket = await getTicketById(tx, link.ticket_id);
  const { agreed, baton } = await batonSide(tx, ac, link);
  const github = agreedFromIssue(issue);
  const ref = `${ac.target.repository}#${issue.number}`;
  const githubLater = Date.parse(issue.updatedAt) >= Date.parse(ticket.updated_at);
  const toApply: Field[] = [];
  const batonKept: Field[] = [];
  const notes: string[] = [];
  for (const field of FIELDS) {
    // Unchanged on the tracker since the last sync (an echo of Baton's own write included).
    if (sameValue(github[field], agreed[field])) continue;
    if (sameValue(baton[field], github[field])) continue;
    if (sameValue(baton[field], agreed[field]) || githubLater) {
      toApply.push(field);
      if (!sameValue(baton[field], agreed[field])) {
        notes.push(`${ref}'s newer ${FIELD_NAMES[field]} ${describeValue(field, github[field])} overwrote Baton's ${describeValue(field, baton[field])}`);
      }
    } else {
      batonKept.push(field);
      notes.push(`Baton's newer ${FIELD_NAMES[field]} ${describeValue(field, baton[field])} kept over ${ref}'s ${describeValue(field, github[field])}`);
    }
  }

  const now = nowIso();
  const update: Record<string, unknown> = {};
  if (toApply.includes('title')) update.title = issue.title;
  if (toApply.includes('body')) {
    update.spec = issue.body;
    await replaceCriteriaRows(
      tx,
      ticket.id,
      taskListItems(issue.body).map((item, position) => ({ id: newId(), ticket_id: ticket.id, position, text: item.text, done: item.checked ? 1 : 0 })),
    );
  }
  if (toApply.includes('assignees')) {
    const current = ticket.assignee_id ? ac.people.loginOf(ticket.assignee_id) : undefined;
    const keep = current && issue.assignees.some((l) => l.toLowerCase() === current.toLowerCase());
    if (!keep) update.assignee_id = issue.assignees.map((login) => ac.people.byLogin(login)).find((p) => p !== undefined)?.userId ?? null;
  }
  if (toApply.includes('labels')) await replaceTicketLabels(tx, ticket.id, await ensureProjectLabels(tx, ac.target.projectId, issue.labels));
  if (toApply.length > 0) await updateTicketRow(tx, ticket.id, { ...update, updated_at: now });
  if (toApply.includes('state')) {
    const closed = issue.state === 'closed';
    const to = closed ? ac.statusMap.closedStatus : ac.statusMap.openStatus;
    const detail = closed ? `Closed on ${ref}${issue.closeReason === 'not_planned' ? ' as not planned' : ''}` : `Reopened on ${ref}`;
    await changeTicketStatus(tx, ticket, to, 'issue_sync', null, detail);
  }
  const others = toApply.filter((f) => f !== 'state');
  if (others.length > 0) notes.unshift(`${ref} changed the ${others.map((f) => FIELD_NAMES[f]).join(', ')}`);
  for (const detail of notes) {
    await insertHistory(tx, {
      ticket_id: ticket.id,
      at: now,
      from_status: ticket.status,
      to_status: ticket.status,
      cause: 'issue_sync',
      actor_id: null,
      detail,
    });
  }

  // The tracker's values are now the ones seen; where Baton's were kept, they differ and are written back.
  await updateIssueLink(tx, ticket.id, linkColumns(issue, github));
  if (toApply.length === 0) return { result: 'unchanged', ticketId: ticket.id, batonKept };
  return { result: 'updated', ticketId: ticket.id, changed: toApply, batonKept };
}
