// Changes on the tracker that are not one issue's state: an issue deleted or transferred away, and
// labels and milestones renamed or removed (cached per repository, refreshed here). Run inside the
// delivery's transaction.
import { nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import {
  deleteRepositoryLabel,
  deleteRepositoryMilestone,
  findIssueLink,
  issueLinksOfRepository,
  putRepositoryLabel,
  putRepositoryMilestone,
  updateIssueLink,
} from '../../db/queries/issue-sync.ts';
import type { RepositoryRow } from '../../db/queries/repositories.ts';
import { getTicketById, insertHistory } from '../../db/queries/tickets.ts';
import type { IssueWebhookEvent } from '../../providers/issues.ts';
import { parseAgreed } from './snapshot.ts';

type RepositoryChange = { outcome: 'applied' | 'ignored'; error: string | null; ticketId: string | null };

type Of<K extends IssueWebhookEvent['kind']> = Extract<IssueWebhookEvent, { kind: K }>;

const refOf = (r: RepositoryRow) => `${r.owner}/${r.name}`;

/** The ticket stays (people may still want it) and is no longer synced; its history says why. */
export async function issueGone(tx: Executor, repository: RepositoryRow, event: Of<'issue-gone'>): Promise<RepositoryChange> {
  const ref = `${refOf(repository)}#${event.number}`;
  const link = await findIssueLink(tx, repository.id, event.number);
  if (!link) return { outcome: 'ignored', error: `${ref} is not linked to a ticket`, ticketId: null };
  if (link.gone) return { outcome: 'ignored', error: `${ref} was already gone: ${link.gone}`, ticketId: link.ticket_id };
  const gone = event.action === 'deleted' ? `${ref} was deleted` : `${ref} was transferred${event.movedTo ? ` to ${event.movedTo}` : ''}`;
  await updateIssueLink(tx, link.ticket_id, { gone, updated_at: nowIso() });
  const ticket = await getTicketById(tx, link.ticket_id);
  await insertHistory(tx, {
    ticket_id: ticket.id,
    at: nowIso(),
    from_status: ticket.status,
    to_status: ticket.status,
    cause: 'issue_sync',
    actor_id: null,
    detail: `${gone}; the ticket is kept and no longer synced`,
  });
  return { outcome: 'applied', error: null, ticketId: ticket.id };
}

/** Rewrites the agreed values of the repository's links, so a rename on the tracker reads as no change on either side. */
async function rewriteAgreed(tx: Executor, repository: RepositoryRow, change: (agreed: ReturnType<typeof parseAgreed>) => boolean): Promise<string[]> {
  const touched: string[] = [];
  for (const link of await issueLinksOfRepository(tx, repository.id)) {
    const agreed = parseAgreed(link.synced);
    if (!change(agreed)) continue;
    await updateIssueLink(tx, link.ticket_id, { synced: JSON.stringify(agreed) });
    touched.push(link.ticket_id);
  }
  return touched;
}

export async function labelChanged(tx: Executor, repository: RepositoryRow, event: Of<'label'>): Promise<RepositoryChange> {
  const { label, previousName } = event;
  if (event.action === 'deleted') {
    await deleteRepositoryLabel(tx, repository.id, label.name);
    const tickets = await rewriteAgreed(tx, repository, (a) => {
      const kept = a.labels.filter((n) => n !== label.name);
      if (kept.length === a.labels.length) return false;
      a.labels = kept;
      return true;
    });
    // The tracker took it off its issues without an `unlabeled` each: so does Baton, on those tickets only.
    const projectLabel = await tx
      .selectFrom('labels')
      .select('id')
      .where('project_id', '=', repository.project_id)
      .where('name', '=', label.name)
      .executeTakeFirst();
    if (projectLabel && tickets.length)
      await tx.deleteFrom('ticket_labels').where('label_id', '=', projectLabel.id).where('ticket_id', 'in', tickets).execute();
    return { outcome: 'applied', error: null, ticketId: null };
  }
  await putRepositoryLabel(tx, repository.id, label.name, label.color);
  if (!previousName || previousName === label.name) return { outcome: 'applied', error: null, ticketId: null };
  await deleteRepositoryLabel(tx, repository.id, previousName);
  await rewriteAgreed(tx, repository, (a) => {
    if (!a.labels.includes(previousName)) return false;
    a.labels = [...new Set(a.labels.map((n) => (n === previousName ? label.name : n)))].sort(
      (x, y) => x.toLowerCase().localeCompare(y.toLowerCase()) || x.localeCompare(y),
    );
    return true;
  });
  // The project's label follows the rename, unless the project already has one of the new name.
  const taken = await tx.selectFrom('labels').select('id').where('project_id', '=', repository.project_id).where('name', '=', label.name).executeTakeFirst();
  if (taken) return { outcome: 'applied', error: `The project already has a label "${label.name}"; "${previousName}" was left as it is`, ticketId: null };
  await tx.updateTable('labels').set({ name: label.name }).where('project_id', '=', repository.project_id).where('name', '=', previousName).execute();
  return { outcome: 'applied', error: null, ticketId: null };
}

export async function milestoneChanged(tx: Executor, repository: RepositoryRow, event: Of<'milestone'>): Promise<RepositoryChange> {
  const { milestone } = event;
  if (event.action === 'deleted') {
    await deleteRepositoryMilestone(tx, repository.id, milestone.number);
    await rewriteAgreed(tx, repository, (a) => {
      if (a.milestone !== milestone.number) return false;
      a.milestone = null;
      return true;
    });
    await tx
      .updateTable('ticket_issues')
      .set({ milestone_number: null, milestone_title: null })
      .where('repository_id', '=', repository.id)
      .where('milestone_number', '=', milestone.number)
      .execute();
    return { outcome: 'applied', error: null, ticketId: null };
  }
  await putRepositoryMilestone(tx, repository.id, milestone.number, milestone.title);
  await tx
    .updateTable('ticket_issues')
    .set({ milestone_title: milestone.title })
    .where('repository_id', '=', repository.id)
    .where('milestone_number', '=', milestone.number)
    .execute();
  return { outcome: 'applied', error: null, ticketId: null };
}
