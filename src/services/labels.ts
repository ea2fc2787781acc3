// Labels of a project: any member creates and renames them, as they would label a ticket;
// deleting one takes it off every ticket, so that is for owners.
import { newId, nowIso } from '../clock.ts';
import { type Executor, isUniqueViolation } from '../db/database.ts';
import { deleteLabelRow, findProjectLabel, insertLabel, type LabelRow, labelsOfProject, projectLabelIds, updateLabelRow } from '../db/queries/labels.ts';
import { Conflict, fieldRefused, NotFound } from '../errors.ts';
import { projectRole, requireProjectOwner } from './access.ts';
import type { User } from './users.ts';

export interface LabelInput {
  name: string;
  color: string;
}

const toLabel = (row: Pick<LabelRow, 'id' | 'name' | 'color'>) => ({ id: row.id, name: row.name, color: row.color });

export async function listLabels(db: Executor, user: User, projectId: string) {
  await projectRole(db, user, projectId);
  return { items: (await labelsOfProject(db, projectId)).map(toLabel) };
}

function nameTaken(err: unknown, name: string): never {
  if (isUniqueViolation(err)) {
    const sentence = `Label name "${name}" is taken in this project; pick another name.`;
    throw new Conflict(sentence, { fields: { name: sentence } });
  }
  throw err;
}

export async function createLabel(db: Executor, user: User, projectId: string, input: LabelInput) {
  await projectRole(db, user, projectId);
  const row = { id: newId(), project_id: projectId, name: input.name, color: input.color.toLowerCase(), created_at: nowIso() };
  await insertLabel(db, row).catch((err) => nameTaken(err, input.name));
  return toLabel(row);
}

async function loadLabel(db: Executor, projectId: string, labelId: string) {
  const label = await findProjectLabel(db, projectId, labelId);
  if (!label) throw new NotFound('Label');
  return label;
}

export async function updateLabel(db: Executor, user: User, projectId: string, labelId: string, patch: Partial<LabelInput>) {
  await projectRole(db, user, projectId);
  const label = await loadLabel(db, projectId, labelId);
  const set = { ...(patch.name !== undefined && { name: patch.name }), ...(patch.color !== undefined && { color: patch.color.toLowerCase() }) };
  if (Object.keys(set).length > 0) await updateLabelRow(db, labelId, set).catch((err) => nameTaken(err, patch.name ?? label.name));
  return toLabel({ ...label, ...set });
}

export async function deleteLabel(db: Executor, user: User, projectId: string, labelId: string): Promise<void> {
  await requireProjectOwner(db, user, projectId);
  await loadLabel(db, projectId, labelId);
  await deleteLabelRow(db, labelId);
}

/** Refuses label ids that are not labels of the project. */
export async function checkLabels(db: Executor, projectId: string, labelIds: string[] | undefined): Promise<void> {
  if (!labelIds) return;
  const known = await projectLabelIds(db, projectId, labelIds);
  const unknown = labelIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw fieldRefused('labelIds', 'Labels must be labels of this project; choose them from the list or create them first.');
}
