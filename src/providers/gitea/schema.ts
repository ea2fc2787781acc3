// The Gitea/Forgejo response and webhook fields Baton reads, and their mapping to the shared
// types. Only fields we read are declared; everything else the server sends is ignored.
import { z } from 'zod';
import type { PullRequest, Repo } from '../types.ts';

// Older servers (and the published payloads) leave `login` empty-handed in places; `username` is
// the same name.
const account = z.object({ id: z.number(), login: z.string(), full_name: z.string().nullish() });

export const userSchema = account;

export const repoSchema = z.object({
  id: z.number(),
  name: z.string(),
  owner: z.object({ login: z.string() }),
  // An empty repository has no default branch yet.
  default_branch: z.string().nullish(),
  html_url: z.string(),
  private: z.boolean(),
  permissions: z.object({ push: z.boolean() }).nullish(),
});

export const repoListSchema = z.array(repoSchema);
export const repoSearchSchema = z.object({ ok: z.boolean().optional(), data: repoListSchema });

export const contentsSchema = z.object({
  type: z.literal('file'),
  sha: z.string(),
  // Base64 without line breaks; null for entries too large to inline.
  content: z.string().nullish(),
});

export const fileWriteSchema = z.object({ commit: z.object({ sha: z.string() }) });

const branchRef = z.object({
  ref: z.string(),
  // The head repository is null when a fork was deleted after its PR was opened.
  repo: z.object({ id: z.number(), name: z.string(), owner: z.object({ login: z.string() }) }).nullish(),
});

export const pullSchema = z.object({
  id: z.number(),
  number: z.number(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullish(),
  state: z.enum(['open', 'closed']),
  // Read-only, and absent on servers before 1.21: a draft is a title prefixed with "WIP:".
  draft: z.boolean().nullish(),
  merged: z.boolean().nullish(),
  merged_at: z.string().nullish(),
  head: branchRef,
  base: branchRef,
  updated_at: z.string(),
  requested_reviewers: z.array(z.object({ login: z.string() })).nullish(),
});

export const pullListSchema = z.array(pullSchema);

export const pullRequestEventSchema = z.object({
  action: z.string(),
  pull_request: pullSchema,
  repository: z.object({ id: z.number(), name: z.string(), owner: z.object({ login: z.string() }) }),
});

/**
 * The server's WORK_IN_PROGRESS_PREFIXES (default "WIP:" and "[WIP]"), matched the way Gitea
 * does: case-insensitive, at the start of the title.
 * https://docs.gitea.com/usage/pull-request#work-in-progress-pull-requests
 */
export const WIP_PREFIXES = ['WIP:', '[WIP]'];
const DRAFT_PREFIX = 'WIP: ';

function wipPrefix(title: string): string | null {
  const upper = title.toUpperCase();
  const prefix = WIP_PREFIXES.find((p) => upper.startsWith(p.toUpperCase()));
  return prefix ? title.slice(0, prefix.length) : null;
}

/** A draft's title as Baton writes it. */
export const draftTitle = (title: string) => `${DRAFT_PREFIX}${title}`;

/** The title without a work-in-progress prefix, so titles Baton compares never carry one. */
export function withoutWip(title: string): string {
  const prefix = wipPrefix(title);
  return prefix ? title.slice(prefix.length).trimStart() : title;
}

/** `title` with the draft marker of `current` kept: editing a draft's title must not publish it. */
export function keepWip(current: string, title: string): string {
  const prefix = wipPrefix(current);
  return prefix ? `${prefix}${current.slice(prefix.length).match(/^\s*/)![0]}${withoutWip(title)}` : title;
}

export function toRepo(r: z.infer<typeof repoSchema>): Repo {
  return {
    owner: r.owner.login,
    name: r.name,
    externalId: String(r.id),
    defaultBranch: r.default_branch || 'main',
    webUrl: r.html_url,
    private: r.private,
  };
}

export function toPullRequest(p: z.infer<typeof pullSchema>): PullRequest {
  const draft = p.draft ?? wipPrefix(p.title) !== null;
  // A merged PR is "closed" with merged set; a draft is only meaningful while open.
  const state = p.merged || p.merged_at ? 'merged' : p.state === 'open' ? (draft ? 'draft' : 'open') : 'closed';
  return {
    number: p.number,
    externalId: String(p.id),
    url: p.html_url,
    title: draft ? withoutWip(p.title) : p.title,
    body: p.body ?? '',
    state,
    headBranch: p.head.ref,
    baseBranch: p.base.ref,
    updatedAt: p.updated_at,
    requestedReviewers: (p.requested_reviewers ?? []).map((r) => r.login),
    // The head repository is a fork's for a PR from a fork, and null once that fork is deleted.
    fromFork: !p.head.repo || p.head.repo.id !== p.base.repo?.id,
  };
}
