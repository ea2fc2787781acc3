// The one path every release observation takes — webhook or reconciliation — so both converge
// on the same stored releases; any change queues the listing of commits for the repository.
import { newId, nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import { clearReleaseCommits, findRelease, insertRelease, type ReleaseRow, updateReleaseRow } from '../../db/queries/releases.ts';
import { withoutNul } from '../../domain/nul-characters.ts';
import type { ProviderRelease } from '../../providers/releases.ts';

export type ReleaseChange = 'created' | 'changed' | 'deleted' | 'unchanged';

/** Stores a published (or changed) release; a deleted one comes back when the provider shows it again. */
export async function upsertRelease(tx: Executor, repositoryId: string, observed: ProviderRelease): Promise<ReleaseChange> {
  const release = storable(observed);
  const stored = await findRelease(tx, repositoryId, release.externalId);
  const now = nowIso();
  const columns = {
    tag: release.tag,
    name: release.name,
    url: release.url,
    published_at: toIso(release.publishedAt),
    prerelease: release.prerelease ? 1 : 0,
  };
  if (!stored) {
    await insertRelease(tx, {
      id: newId(),
      repository_id: repositoryId,
      external_id: release.externalId,
      ...columns,
      target_commit: release.targetCommit,
      deleted_at: null,
      computed_range: null,
      computed_at: null,
      created_at: now,
      updated_at: now,
    });
    return 'created';
  }
  if (!differs(stored, columns) && stored.deleted_at === null) return 'unchanged';
  await updateReleaseRow(tx, stored.id, {
    ...columns,
    target_commit: release.targetCommit ?? stored.target_commit,
    deleted_at: null,
    updated_at: now,
  });
  return 'changed';
}

/** Marks a release deleted: it holds no commits any more, and its successor is compared with its predecessor. */
export async function deleteRelease(tx: Executor, repositoryId: string, externalId: string): Promise<ReleaseChange> {
  const stored = await findRelease(tx, repositoryId, externalId);
  if (!stored || stored.deleted_at !== null) return 'unchanged';
  await clearReleaseCommits(tx, stored.id);
  await updateReleaseRow(tx, stored.id, { deleted_at: nowIso(), computed_range: null, computed_at: null, updated_at: nowIso() });
  return 'deleted';
}

function differs(stored: ReleaseRow, columns: Pick<ReleaseRow, 'tag' | 'name' | 'url' | 'published_at' | 'prerelease'>): boolean {
  return (Object.keys(columns) as Array<keyof typeof columns>).some((k) => stored[k] !== columns[k]);
}

// PostgreSQL text cannot hold NUL; it is dropped on both engines so both store the same.
function storable(r: ProviderRelease): ProviderRelease {
  return { ...r, tag: withoutNul(r.tag), name: withoutNul(r.name), url: withoutNul(r.url), externalId: withoutNul(r.externalId) };
}

function toIso(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? nowIso() : new Date(time).toISOString();
}
