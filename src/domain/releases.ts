// Which release shipped a ticket: a merged pull request ships in the first release whose commits
// hold its merge commit; a ticket ships when every one of its merged pull requests has, so in
// the latest of their first releases (a ticket spanning repositories waits for all of them).

export interface ReleaseRef {
  id: string;
  tag: string;
  name: string;
  url: string;
  publishedAt: string;
  prerelease: boolean;
  /** owner/name of the repository released. */
  repository: string;
}

export interface TicketReleases {
  /** The first release (not a pre-release) holding every merged pull request; null until then. */
  release: ReleaseRef | null;
  /** The first pre-release holding them (pull requests already in a release count as held); null if none. */
  prerelease: ReleaseRef | null;
}

/** One merged pull request of a ticket, once per release holding it (release fields null when none does). */
export interface MergedPullRequestRelease {
  ticketId: string | null;
  pullRequestId: string;
  owner: string;
  repositoryName: string;
  releaseId: string | null;
  tag: string | null;
  name: string | null;
  url: string | null;
  publishedAt: string | null;
  prerelease: number | null;
}

const earlier = (a: ReleaseRef | null, b: ReleaseRef): ReleaseRef => (a && a.publishedAt <= b.publishedAt ? a : b);
const later = (a: ReleaseRef | null, b: ReleaseRef): ReleaseRef => (a && a.publishedAt >= b.publishedAt ? a : b);

/** Each ticket's releases; tickets without merged pull requests are absent. */
export function ticketReleases(rows: MergedPullRequestRelease[]): Map<string, TicketReleases> {
  const byPullRequest = new Map<string, { ticketId: string; full: ReleaseRef | null; pre: ReleaseRef | null }>();
  for (const row of rows) {
    if (!row.ticketId) continue;
    const pr = byPullRequest.get(row.pullRequestId) ?? { ticketId: row.ticketId, full: null, pre: null };
    byPullRequest.set(row.pullRequestId, pr);
    if (!row.releaseId) continue;
    const ref: ReleaseRef = {
      id: row.releaseId,
      tag: row.tag!,
      name: row.name!,
      url: row.url!,
      publishedAt: row.publishedAt!,
      prerelease: row.prerelease === 1,
      repository: `${row.owner}/${row.repositoryName}`,
    };
    if (ref.prerelease) pr.pre = earlier(pr.pre, ref);
    else pr.full = earlier(pr.full, ref);
  }

  const byTicket = new Map<string, Array<{ full: ReleaseRef | null; pre: ReleaseRef | null }>>();
  for (const pr of byPullRequest.values()) (byTicket.get(pr.ticketId) ?? byTicket.set(pr.ticketId, []).get(pr.ticketId)!).push(pr);

  const result = new Map<string, TicketReleases>();
  for (const [ticketId, prs] of byTicket) {
    const release = prs.every((p) => p.full) ? prs.reduce<ReleaseRef | null>((acc, p) => later(acc, p.full!), null) : null;
    const held = prs.every((p) => p.pre || p.full);
    const pres = prs.flatMap((p) => (p.pre ? [p.pre] : []));
    const prerelease = held && pres.length > 0 ? pres.reduce<ReleaseRef | null>((acc, p) => later(acc, p), null) : null;
    result.set(ticketId, { release, prerelease });
  }
  return result;
}
