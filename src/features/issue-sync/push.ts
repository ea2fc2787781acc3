// Baton → issue tracker (direction both): the fields where Baton's side differs from what both
// last agreed on are written in one change, as the person who made them, so the tracker shows who
// did it. The answer becomes the agreed state, so its webhook coming back reads as nothing new.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findIssueSync, issueLinkOfTicket, putRepositoryLabel, repositoryLabelNames, updateIssueLink } from '../../db/queries/issue-sync.ts';
import { labelsOfTickets } from '../../db/queries/labels.ts';
import { getProjectRow, toProject } from '../../db/queries/projects.ts';
import { ProviderError } from '../../errors.ts';
import type { IssueChange } from '../../providers/issues.ts';
import { actingAccess, type IssueAccess, projectPeople, readingAccess } from './access.ts';
import { batonSide } from './apply-issue.ts';
import { agreedFromIssue, FIELDS, sameValue } from './snapshot.ts';
import { loadStatusMap } from './status-map.ts';

/** Writes the ticket's pending changes to its issue; answers why not, when it could not. */
export async function pushTicket(ctx: AppContext, ticketId: string, actorId: string | null): Promise<string | null> {
  const db = ctx.db.kysely;
  const link = await issueLinkOfTicket(db, ticketId);
  if (!link || link.gone) return null;
  const settings = await findIssueSync(db, link.repository_id);
  if (!settings?.enabled || settings.direction !== 'both') return null;
  const access: IssueAccess | { problem: string } = actorId
    ? await actingAccess(ctx, actorId, link.repository_id)
    : await readingAccess(ctx, link.repository_id, settings.enabled_by);
  if ('problem' in access) return access.problem;
  const statusMap = await loadStatusMap(db, settings.project_id);
  const people = await projectPeople(ctx, db, toProject(await getProjectRow(db, settings.project_id), 'member'));
  const { agreed, baton } = await batonSide(db, { statusMap, people }, link);
  const change: IssueChange = {};
  for (const field of FIELDS) {
    if (sameValue(baton[field], agreed[field])) continue;
    if (field === 'body') change.body = baton.body;
    else if (field === 'state') change.state = baton.state;
    else if (field === 'title') change.title = baton.title;
    else if (field === 'labels') change.labels = baton.labels;
    else if (field === 'milestone') change.milestone = baton.milestone;
    else change.assignees = baton.assignees;
  }
  if (Object.keys(change).length === 0) return null;
  try {
    if (change.labels) await createMissingLabels(ctx, access, link.repository_id, ticketId, change.labels);
    const issue = await access.issues.update(access.repo, link.number, change);
    await updateIssueLink(db, ticketId, {
      state: issue.state,
      close_reason: issue.closeReason,
      milestone_number: issue.milestone?.number ?? null,
      milestone_title: issue.milestone?.title ?? null,
      assignees: JSON.stringify(issue.assignees),
      provider_updated_at: issue.updatedAt,
      synced: JSON.stringify(agreedFromIssue(issue)),
      updated_at: nowIso(),
    });
    return null;
  } catch (err) {
    if (!(err instanceof ProviderError) || err.retryable) throw err;
    return err.message;
  }
}

/** Labels the repository lacks are created first, in the project label's colour. */
async function createMissingLabels(ctx: AppContext, access: IssueAccess, repositoryId: string, ticketId: string, names: string[]): Promise<void> {
  const cached = await repositoryLabelNames(ctx.db.kysely, repositoryId);
  const missing = names.filter((n) => !cached.has(n));
  if (missing.length === 0) return;
  const existing = new Set((await access.issues.labels(access.repo)).map((l) => l.name));
  const colours = new Map(((await labelsOfTickets(ctx.db.kysely, [ticketId])).get(ticketId) ?? []).map((l) => [l.name, l.color]));
  for (const name of missing) {
    const color = colours.get(name) ?? '#ededed';
    if (!existing.has(name)) await access.issues.createLabel(access.repo, { name, color });
    await putRepositoryLabel(ctx.db.kysely, repositoryId, name, color);
  }
}
