// Which commits each release brought: a release is compared with its predecessor — the latest
// earlier release, or for a release (not a pre-release) the latest earlier release, skipping
// pre-releases, so that v1.4.0 holds everything since v1.3.0 even when v1.4.0-rc1 came between.
// A range is listed once and again only when its predecessor changes (a release deleted, one
// arriving late), so a quiet repository costs no calls and a release costs O(pages) calls.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { liveReleases, type ReleaseRow, replaceReleaseCommits, unreleasedMergeCommits, updateReleaseRow } from '../../db/queries/releases.ts';
import { ProviderError } from '../../errors.ts';
import type { CommitRange } from '../../providers/releases.ts';
import { repositoryAccess } from '../../services/provider-access.ts';

/** More commits than GitHub's compare lists (250 pages of 100 it does not go past in practice); beyond, a release holds its first ones. */
const MAX_RANGE_COMMITS = 10_000;
/**
 * A repository's first release has no predecessor: its history is read back from the tag only
 * until every merged pull request Baton knows that no release holds has been seen, at most this far.
 */
const MAX_FIRST_RELEASE_COMMITS = 1_000;

export interface CommitsReport {
  listed: number;
  problems: string[];
}

/** The release each release is compared with, or null for the repository's first. */
export function predecessors(releases: ReleaseRow[]): Map<string, ReleaseRow | null> {
  const out = new Map<string, ReleaseRow | null>();
  let latest: ReleaseRow | null = null;
  let latestFull: ReleaseRow | null = null;
  for (const r of releases) {
    out.set(r.id, r.prerelease ? latest : latestFull);
    latest = r;
    if (!r.prerelease) latestFull = r;
  }
  return out;
}

export const rangeOf = (base: ReleaseRow | null, release: ReleaseRow) => `${base?.tag ?? ''}...${release.tag}`;

export async function listReleaseCommits(ctx: AppContext, repositoryId: string): Promise<CommitsReport> {
  const report: CommitsReport = { listed: 0, problems: [] };
  const releases = await liveReleases(ctx.db.kysely, repositoryId);
  const base = predecessors(releases);
  const due = releases.filter((r) => r.computed_range !== rangeOf(base.get(r.id)!, r));
  if (due.length === 0) return report;

  const access = await repositoryAccess(ctx, repositoryId, null);
  if ('problem' in access) {
    report.problems.push(access.problem);
    return report;
  }
  const capability = access.provider.releases;
  if (!capability) return report;

  for (const release of due) {
    const from = base.get(release.id)!;
    const range = rangeOf(from, release);
    const lookingFor = from ? undefined : new Set(await unreleasedMergeCommits(ctx.db.kysely, repositoryId));
    let listed: CommitRange;
    try {
      listed = await capability.commitsBetween(access.repo, {
        base: from?.tag ?? null,
        head: release.tag,
        limit: from ? MAX_RANGE_COMMITS : MAX_FIRST_RELEASE_COMMITS,
        lookingFor,
      });
    } catch (err) {
      if (!(err instanceof ProviderError) || err.retryable) throw err;
      // A tag that no longer exists (or cannot be compared) brought nothing: recorded, so it is
      // not asked again until its range changes.
      ctx.log.warn({ err, repositoryId, tag: release.tag, kind: err.kind }, 'release commits could not be listed');
      report.problems.push(`${access.repo.owner}/${access.repo.name} ${release.tag}: ${err.message}`);
      listed = { commits: [], headCommit: null, truncated: false };
    }
    if (listed.truncated) ctx.log.warn({ repositoryId, tag: release.tag, commits: listed.commits.length }, 'release commits listed only in part');
    await ctx.db.transaction(async (tx) => {
      // Only over the release as it was planned: one deleted or re-tagged meanwhile is planned again by the next run.
      const now = (await liveReleases(tx, repositoryId)).find((r) => r.id === release.id);
      if (!now || rangeOf(predecessors(await liveReleases(tx, repositoryId)).get(now.id)!, now) !== range) return;
      await replaceReleaseCommits(tx, release.id, repositoryId, listed.commits);
      await updateReleaseRow(tx, release.id, { computed_range: range, computed_at: nowIso(), target_commit: listed.headCommit ?? release.target_commit });
    });
    report.listed++;
  }
  return report;
}
