// Labels travel by name: an issue's label is the project label of the same name, created (in the
// tracker's colour) when the project has none yet.
import { newId, nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import type { IssueLabel } from '../../providers/issues.ts';

/** The ids of the project's labels with these names, creating those it lacks. */
export async function ensureProjectLabels(tx: Executor, projectId: string, labels: IssueLabel[]): Promise<string[]> {
  if (labels.length === 0) return [];
  const names = [...new Set(labels.map((l) => l.name))];
  const known = async () =>
    new Map(
      (await tx.selectFrom('labels').select(['id', 'name']).where('project_id', '=', projectId).where('name', 'in', names).execute()).map((r) => [
        r.name,
        r.id,
      ]),
    );
  let byName = await known();
  const missing = labels.filter((l, i) => !byName.has(l.name) && labels.findIndex((o) => o.name === l.name) === i);
  if (missing.length > 0) {
    const now = nowIso();
    await tx
      .insertInto('labels')
      .values(
        missing.map((l) => ({
          id: newId(),
          project_id: projectId,
          name: l.name,
          color: /^#[0-9a-f]{6}$/.test(l.color) ? l.color : '#ededed',
          created_at: now,
        })),
      )
      // Created meanwhile by another sync or a person: theirs is the one.
      .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
      .execute();
    byName = await known();
  }
  return names.flatMap((n) => byName.get(n) ?? []);
}
