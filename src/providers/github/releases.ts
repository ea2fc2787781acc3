// GitHub releases and the commits between two tags: the listing for reconciliation (conditional,
// so an idle repository costs a 304) and compare / commit listings paged at 100, the most GitHub
// gives per page, so a release costs O(pages) calls however many pull requests it holds.
import type { CommitRange, CommitRangeQuery, ReleaseCapability, ReleaseListing } from '../releases.ts';
import type { RepoRef } from '../types.ts';
import type { GitHubClient } from './client.ts';
import { commitListSchema, compareSchema, publishedRelease, releaseListSchema } from './schema.ts';

const PER_PAGE = 100;
/** A repository with more releases than this has its newest ones reconciled; webhooks bring the rest. */
const MAX_RELEASE_PAGES = 5;

const at = (repo: RepoRef) => ({ owner: repo.owner, repo: repo.name });
const hasNext = (link: string | undefined) => /rel="next"/.test(link ?? '');

export function gitHubReleases(client: GitHubClient): ReleaseCapability {
  return {
    async list(repo: RepoRef, etag: string | null): Promise<ReleaseListing> {
      const releases = [];
      let firstEtag: string | null = null;
      for (let page = 1; page <= MAX_RELEASE_PAGES; page++) {
        // Only the first page is conditional: a new, changed or deleted recent release changes it.
        const headers = page === 1 && etag ? { 'if-none-match': etag } : {};
        const response = await client.conditional('GET /repos/{owner}/{repo}/releases', { ...at(repo), per_page: PER_PAGE, page, headers }, releaseListSchema);
        if (!response) return { notModified: true };
        if (page === 1) firstEtag = response.headers.etag ?? null;
        for (const r of response.data) {
          const release = publishedRelease(r);
          if (release) releases.push(release);
        }
        if (!hasNext(response.headers.link)) break;
      }
      return { notModified: false, releases, etag: firstEtag };
    },

    async commitsBetween(repo: RepoRef, query: CommitRangeQuery): Promise<CommitRange> {
      return query.base === null ? history(client, repo, query) : compare(client, repo, query.base, query);
    },
  };
}

/** `GET /compare/{base}...{head}`: the head's commits the base lacks, oldest first, paged. */
async function compare(client: GitHubClient, repo: RepoRef, base: string, query: CommitRangeQuery): Promise<CommitRange> {
  const commits: string[] = [];
  for (let page = 1; ; page++) {
    const params = { ...at(repo), basehead: `${base}...${query.head}`, per_page: PER_PAGE, page };
    const { data, headers } = await client.request('GET /repos/{owner}/{repo}/compare/{basehead}', params, compareSchema);
    for (const c of data.commits) commits.push(c.sha);
    const more = hasNext(headers.link) && data.commits.length > 0;
    if (!more) return { commits, headCommit: commits.at(-1) ?? null, truncated: false };
    if (commits.length >= query.limit) return { commits, headCommit: null, truncated: true };
  }
}

/** `GET /commits?sha={head}`: newest first, until every commit looked for has been seen or the limit. */
async function history(client: GitHubClient, repo: RepoRef, query: CommitRangeQuery): Promise<CommitRange> {
  const commits: string[] = [];
  const missing = new Set(query.lookingFor ?? []);
  for (let page = 1; ; page++) {
    const { data, headers } = await client.request(
      'GET /repos/{owner}/{repo}/commits',
      { ...at(repo), sha: query.head, per_page: PER_PAGE, page },
      commitListSchema,
    );
    for (const c of data) {
      commits.push(c.sha);
      missing.delete(c.sha);
    }
    const headCommit = commits[0] ?? null;
    if (!hasNext(headers.link) || data.length === 0) return { commits, headCommit, truncated: false };
    if (query.lookingFor && missing.size === 0) return { commits, headCommit, truncated: false };
    if (commits.length >= query.limit) return { commits, headCommit, truncated: true };
  }
}
