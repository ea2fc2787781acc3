// Releases, the commits of a ref, and comparing two refs: what Baton reads to tell which merged
// pull requests a release shipped. History is linear here (merges are squash merges).
import type { FakeCommit } from '../common/commits.ts';
import { type Ctx, type Handler, notFound, paginate, repoFor } from './context.ts';
import { listedCommitJson, releaseJson } from './shapes-releases.ts';
import type { FakeRepo } from './state.ts';

/** The commits reachable from `sha`, newest first, down to (not including) `stop`. */
function history(ctx: Ctx, sha: string, stop?: string): FakeCommit[] {
  const out: FakeCommit[] = [];
  for (let at: string | null = sha; at && at !== stop; at = ctx.state.commits.get(at)?.parent ?? null) out.push(ctx.state.commits.get(at)!);
  return out;
}

function commitsAnswer(ctx: Ctx, repo: FakeRepo, commits: FakeCommit[]) {
  return commits.map((c) => listedCommitJson(ctx, repo, c, repo.createdAt));
}

function listReleases(ctx: Ctx) {
  const repo = repoFor(ctx, 'contents', 'read');
  // Newest first; drafts only for those who may push (this token reads, so they are listed as GitHub does for writers).
  const page = paginate(ctx, [...repo.releases].reverse());
  return { status: 200, body: page.items.map((r) => releaseJson(ctx, repo, r)), headers: page.headers };
}

function listCommits(ctx: Ctx) {
  const repo = repoFor(ctx, 'contents', 'read');
  const head = ctx.state.resolve(repo, ctx.query.get('sha') ?? repo.defaultBranch);
  if (!head) return notFound();
  const page = paginate(ctx, history(ctx, head));
  return { status: 200, body: commitsAnswer(ctx, repo, page.items), headers: page.headers };
}

function compare(ctx: Ctx) {
  const repo = repoFor(ctx, 'contents', 'read');
  const [baseRef, headRef] = ctx.params.basehead.split('...');
  const base = headRef === undefined ? undefined : ctx.state.resolve(repo, baseRef);
  const head = headRef === undefined ? undefined : ctx.state.resolve(repo, headRef);
  if (!base || !head) return notFound();
  const ahead = history(ctx, head, base);
  const reached = ahead.length === 0 ? head === base : ctx.state.commits.get(ahead.at(-1)!.sha)?.parent === base;
  // GitHub lists a comparison's commits oldest first.
  const chronological = [...ahead].reverse();
  const page = paginate(ctx, chronological);
  const api = `${ctx.apiUrl}/repos/${repo.owner}/${repo.name}`;
  const web = `${ctx.webUrl}/${repo.owner}/${repo.name}`;
  const baseCommit = listedCommitJson(ctx, repo, ctx.state.commits.get(base)!, repo.createdAt);
  return {
    status: 200,
    body: {
      url: `${api}/compare/${ctx.params.basehead}`,
      html_url: `${web}/compare/${ctx.params.basehead}`,
      permalink_url: `${web}/compare/${repo.owner}:${base.slice(0, 7)}...${repo.owner}:${head.slice(0, 7)}`,
      diff_url: `${web}/compare/${ctx.params.basehead}.diff`,
      patch_url: `${web}/compare/${ctx.params.basehead}.patch`,
      base_commit: baseCommit,
      merge_base_commit: baseCommit,
      status: ahead.length === 0 ? 'identical' : reached ? 'ahead' : 'diverged',
      ahead_by: ahead.length,
      behind_by: 0,
      total_commits: ahead.length,
      commits: commitsAnswer(ctx, repo, page.items),
      files: [],
    },
    headers: page.headers,
  };
}

export const releaseRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/releases': listReleases,
  'GET /repos/{owner}/{repo}/commits': listCommits,
  'GET /repos/{owner}/{repo}/compare/{basehead}': compare,
};
