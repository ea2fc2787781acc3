// The GitHub response and webhook fields Baton reads, and their mapping to the shared types.
// Only fields we read are declared; everything else GitHub sends is ignored.
import { z } from 'zod';
import type { ProviderRelease } from '../releases.ts';
import type { PullRequest, Repo } from '../types.ts';

export const userSchema = z.object({
  login: z.string(),
  id: z.number(),
  name: z.string().nullish(),
});

export const repoSchema = z.object({
  id: z.number(),
  name: z.string(),
  owner: z.object({ login: z.string() }),
  default_branch: z.string(),
  html_url: z.string(),
  private: z.boolean(),
});

export const repoListSchema = z.array(repoSchema);
export const repoSearchSchema = z.object({ items: repoListSchema });

export const refSchema = z.object({ object: z.object({ sha: z.string() }) });

export const fileSchema = z.object({
  type: z.literal('file'),
  sha: z.string(),
  encoding: z.literal('base64'),
  content: z.string(),
});

export const fileWriteSchema = z.object({ commit: z.object({ sha: z.string() }) });

export const pullSchema = z.object({
  id: z.number(),
  number: z.number(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  // Absent on payloads from before draft PRs existed (GHES 2.x era).
  draft: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  // For an open PR, the test merge commit; once merged, what the merge put on the base branch.
  merge_commit_sha: z.string().nullish(),
  // The head repository is a fork's for a PR from a fork, and null once that fork is deleted.
  head: z.object({ ref: z.string(), repo: z.object({ id: z.number() }).nullish() }),
  base: z.object({ ref: z.string(), repo: z.object({ id: z.number() }) }),
  updated_at: z.string(),
  // Webhook payloads mix users and teams here; teams have no login.
  requested_reviewers: z.array(z.object({ login: z.string().optional() })).nullish(),
});

export const pullListSchema = z.array(pullSchema);

export const pullRequestEventSchema = z.object({
  action: z.string(),
  pull_request: pullSchema,
  repository: z.object({ id: z.number(), name: z.string(), owner: z.object({ login: z.string() }) }),
});

export function toRepo(r: z.infer<typeof repoSchema>): Repo {
  return {
    owner: r.owner.login,
    name: r.name,
    externalId: String(r.id),
    defaultBranch: r.default_branch,
    webUrl: r.html_url,
    private: r.private,
  };
}

export function toPullRequest(p: z.infer<typeof pullSchema>): PullRequest {
  // A merged PR is "closed" with merged_at set; a draft is only meaningful while open.
  const state = p.merged_at ? 'merged' : p.state === 'open' ? (p.draft ? 'draft' : 'open') : 'closed';
  return {
    number: p.number,
    externalId: String(p.id),
    url: p.html_url,
    title: p.title,
    body: p.body ?? '',
    state,
    headBranch: p.head.ref,
    baseBranch: p.base.ref,
    updatedAt: p.updated_at,
    requestedReviewers: (p.requested_reviewers ?? []).flatMap((r) => (r.login ? [r.login] : [])),
    fromFork: p.head.repo?.id !== p.base.repo.id,
    mergeCommit: state === 'merged' ? (p.merge_commit_sha ?? null) : null,
  };
}

export const releaseSchema = z.object({
  id: z.number(),
  tag_name: z.string(),
  name: z.string().nullish(),
  draft: z.boolean(),
  prerelease: z.boolean(),
  created_at: z.string(),
  published_at: z.string().nullish(),
  html_url: z.string(),
  target_commitish: z.string(),
});

export const releaseListSchema = z.array(releaseSchema);

export const releaseEventSchema = z.object({
  action: z.string(),
  release: releaseSchema,
  repository: z.object({ id: z.number(), name: z.string(), owner: z.object({ login: z.string() }) }),
});

export const compareSchema = z.object({ commits: z.array(z.object({ sha: z.string() })) });
export const commitListSchema = z.array(z.object({ sha: z.string() }));

/** The release as Baton stores it; null for a draft, which nobody outside the repository sees yet. */
export function publishedRelease(r: z.infer<typeof releaseSchema>): ProviderRelease | null {
  if (r.draft) return null;
  return {
    externalId: String(r.id),
    tag: r.tag_name,
    name: r.name?.trim() || r.tag_name,
    publishedAt: r.published_at ?? r.created_at,
    prerelease: r.prerelease,
    url: r.html_url,
    // Usually a branch name (the release was cut from its head); only a full sha names a commit.
    targetCommit: /^[0-9a-f]{40}$/.test(r.target_commitish) ? r.target_commitish : null,
  };
}
