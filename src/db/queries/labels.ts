// Labels of a project and the labels on tickets.
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { LabelsTable } from '../schema/labels.ts';

export type LabelRow = Selectable<LabelsTable>;

export const labelsOfProject = (db: Executor, projectId: string) =>
  db.selectFrom('labels').selectAll().where('project_id', '=', projectId).orderBy('name').orderBy('id').execute();

export const findProjectLabel = (db: Executor, projectId: string, id: string) =>
  db.selectFrom('labels').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();

export const findLabelByName = (db: Executor, projectId: string, name: string) =>
  db.selectFrom('labels').select('id').where('project_id', '=', projectId).where('name', '=', name).executeTakeFirst();

export const insertLabel = (tx: Executor, row: LabelRow) => tx.insertInto('labels').values(row).execute();

export const updateLabelRow = (tx: Executor, id: string, set: Partial<Pick<LabelRow, 'name' | 'color'>>) =>
  tx.updateTable('labels').set(set).where('id', '=', id).execute();

export const deleteLabelRow = (tx: Executor, id: string) => tx.deleteFrom('labels').where('id', '=', id).execute();

/** Which of the ids are labels of the project. */
export async function projectLabelIds(db: Executor, projectId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('labels').select('id').where('project_id', '=', projectId).where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** The labels on each of the tickets, by name. */
export async function labelsOfTickets(db: Executor, ticketIds: string[]): Promise<Map<string, Array<Pick<LabelRow, 'id' | 'name' | 'color'>>>> {
  const byTicket = new Map<string, Array<Pick<LabelRow, 'id' | 'name' | 'color'>>>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .selectFrom('ticket_labels')
    .innerJoin('labels', 'labels.id', 'ticket_labels.label_id')
    .select(['ticket_labels.ticket_id', 'labels.id', 'labels.name', 'labels.color'])
    .where('ticket_labels.ticket_id', 'in', ticketIds)
    .orderBy('labels.name')
    .execute();
  for (const { ticket_id, ...label } of rows) byTicket.set(ticket_id, [...(byTicket.get(ticket_id) ?? []), label]);
  return byTicket;
}

/** Replaces the ticket's labels with `labelIds`; answers which were added and removed, or null when nothing changed. */
export async function replaceTicketLabels(tx: Executor, ticketId: string, labelIds: string[]): Promise<{ added: string[]; removed: string[] } | null> {
  const current = await tx.selectFrom('ticket_labels').select('label_id').where('ticket_id', '=', ticketId).execute();
  const before = new Set(current.map((r) => r.label_id));
  const after = new Set(labelIds);
  const added = [...after].filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !after.has(id));
  if (added.length === 0 && removed.length === 0) return null;
  await tx.deleteFrom('ticket_labels').where('ticket_id', '=', ticketId).execute();
  if (after.size > 0)
    await tx
      .insertInto('ticket_labels')
      .values([...after].map((label_id) => ({ ticket_id: ticketId, label_id })))
      .execute();
  return { added, removed };
}

/** The labels with these ids, as they are named now. */
export async function labelsByIds(db: Executor, ids: string[]): Promise<Array<Pick<LabelRow, 'id' | 'name' | 'color'>>> {
  if (ids.length === 0) return [];
  return db.selectFrom('labels').select(['id', 'name', 'color']).where('id', 'in', ids).orderBy('name').execute();
}
