// Issue sync's rows: per-repository settings and import progress, the project's status mapping,
// ticket ↔ issue links, and the per-repository label and milestone caches.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../database.ts';
import type { IssueStatusMapsTable, IssueSyncSettingsTable, TicketIssuesTable } from '../schema/issue-sync.ts';

export type IssueSyncRow = Selectable<IssueSyncSettingsTable>;
export type TicketIssueRow = Selectable<TicketIssuesTable>;
export type StatusMapRow = Selectable<IssueStatusMapsTable>;

export const findIssueSync = (db: Executor, repositoryId: string) =>
  db.selectFrom('issue_sync_settings').selectAll().where('repository_id', '=', repositoryId).executeTakeFirst();

export const issueSyncsOfProject = (db: Executor, projectId: string) =>
  db.selectFrom('issue_sync_settings').selectAll().where('project_id', '=', projectId).execute();

export const enabledIssueSyncs = (db: Executor) => db.selectFrom('issue_sync_settings').select(['repository_id']).where('enabled', '=', 1).execute();

export const insertIssueSync = (db: Executor, row: Insertable<IssueSyncSettingsTable>) => db.insertInto('issue_sync_settings').values(row).execute();

export const updateIssueSync = (db: Executor, repositoryId: string, set: Updateable<IssueSyncSettingsTable>) =>
  db.updateTable('issue_sync_settings').set(set).where('repository_id', '=', repositoryId).execute();

export const findStatusMap = (db: Executor, projectId: string) =>
  db.selectFrom('issue_status_maps').selectAll().where('project_id', '=', projectId).executeTakeFirst();

export async function putStatusMap(db: Executor, row: StatusMapRow): Promise<void> {
  await db
    .insertInto('issue_status_maps')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('project_id')
        .doUpdateSet({ closed_statuses: row.closed_statuses, open_status: row.open_status, closed_status: row.closed_status, updated_at: row.updated_at }),
    )
    .execute();
}

export const findIssueLink = (db: Executor, repositoryId: string, number: number) =>
  db.selectFrom('ticket_issues').selectAll().where('repository_id', '=', repositoryId).where('number', '=', number).executeTakeFirst();

export const issueLinkOfTicket = (db: Executor, ticketId: string) =>
  db.selectFrom('ticket_issues').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();

/** The links among these issue numbers of the repository, by number. */
export async function issueLinksByNumber(db: Executor, repositoryId: string, numbers: number[]): Promise<Map<number, TicketIssueRow>> {
  if (numbers.length === 0) return new Map();
  const rows = await db.selectFrom('ticket_issues').selectAll().where('repository_id', '=', repositoryId).where('number', 'in', numbers).execute();
  return new Map(rows.map((r) => [r.number, r]));
}

export const insertIssueLink = (tx: Executor, row: Insertable<TicketIssuesTable>) => tx.insertInto('ticket_issues').values(row).execute();

export const updateIssueLink = (tx: Executor, ticketId: string, set: Updateable<TicketIssuesTable>) =>
  tx.updateTable('ticket_issues').set(set).where('ticket_id', '=', ticketId).execute();

export const issueLinksOfRepository = (db: Executor, repositoryId: string) =>
  db.selectFrom('ticket_issues').selectAll().where('repository_id', '=', repositoryId).where('gone', 'is', null).execute();

export const countIssueLinks = async (db: Executor, repositoryId: string) =>
  Number(
    (
      await db
        .selectFrom('ticket_issues')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('repository_id', '=', repositoryId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export async function putRepositoryLabel(db: Executor, repositoryId: string, name: string, color: string): Promise<void> {
  await db
    .insertInto('issue_repository_labels')
    .values({ repository_id: repositoryId, name, color })
    .onConflict((oc) => oc.columns(['repository_id', 'name']).doUpdateSet({ color }))
    .execute();
}

export const deleteRepositoryLabel = (db: Executor, repositoryId: string, name: string) =>
  db.deleteFrom('issue_repository_labels').where('repository_id', '=', repositoryId).where('name', '=', name).execute();

export const repositoryLabelNames = async (db: Executor, repositoryId: string) =>
  new Set((await db.selectFrom('issue_repository_labels').select('name').where('repository_id', '=', repositoryId).execute()).map((r) => r.name));

export async function putRepositoryMilestone(db: Executor, repositoryId: string, number: number, title: string): Promise<void> {
  await db
    .insertInto('issue_repository_milestones')
    .values({ repository_id: repositoryId, number, title })
    .onConflict((oc) => oc.columns(['repository_id', 'number']).doUpdateSet({ title }))
    .execute();
}

export const deleteRepositoryMilestone = (db: Executor, repositoryId: string, number: number) =>
  db.deleteFrom('issue_repository_milestones').where('repository_id', '=', repositoryId).where('number', '=', number).execute();

export const repositoryMilestones = (db: Executor, repositoryId: string) =>
  db.selectFrom('issue_repository_milestones').select(['number', 'title']).where('repository_id', '=', repositoryId).orderBy('number').execute();
