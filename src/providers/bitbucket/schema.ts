// The Bitbucket Cloud response and webhook fields Baton reads, and their mapping to the shared
// types. Only fields we read are declared; everything else Bitbucket sends is ignored.
import { z } from 'zod';
import type { PullRequest, PullRequestState, Repo } from '../types.ts';

export const accountSchema = z.object({
  uuid: z.string(),
  account_id: z.string().nullish(),
  nickname: z.string().nullish(),
  display_name: z.string().nullish(),
});

const link = z.object({ href: z.string() });

export const repoSchema = z.object({
  uuid: z.string(),
  full_name: z.string(),
  name: z.string(),
  is_private: z.boolean(),
  // An empty repository has no main branch yet.
  mainbranch: z.object({ name: z.string() }).nullish(),
  links: z.object({ html: link }),
});

export const branchSchema = z.object({ name: z.string(), target: z.object({ hash: z.string() }) });

const endpointSchema = z.object({
  branch: z.object({ name: z.string() }),
  // Absent when the source repository has since been deleted.
  repository: z.object({ full_name: z.string(), uuid: z.string() }).nullish(),
});

export const pullSchema = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string().nullish(),
  // Webhook examples carry the placeholder "OPEN|MERGED|DECLINED": any string here, read by `stateOf`.
  state: z.string(),
  draft: z.boolean().nullish(),
  source: endpointSchema,
  destination: endpointSchema,
  updated_on: z.string(),
  reviewers: z.array(z.object({ uuid: z.string() })).nullish(),
  links: z.object({ html: link }),
});

export type BitbucketPull = z.infer<typeof pullSchema>;

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ values: z.array(item), next: z.string().nullish() });

/** Bitbucket's error body; `detail` is a string, or (for a scope 403) the scopes required and granted. */
export const errorSchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    detail: z.union([z.string(), z.object({ required: z.array(z.string()).nullish(), granted: z.array(z.string()).nullish() })]).nullish(),
    fields: z.record(z.string(), z.array(z.string())).nullish(),
  }),
});

export const webhookSchema = z.object({
  pullrequest: pullSchema,
  repository: z.object({ uuid: z.string(), full_name: z.string() }),
});

/** "acme/api" → owner "acme" (the workspace slug), name "api" (the repository slug). */
export function splitFullName(fullName: string): { owner: string; name: string } {
  const at = fullName.indexOf('/');
  return { owner: fullName.slice(0, at), name: fullName.slice(at + 1) };
}

export function toRepo(r: z.infer<typeof repoSchema>): Repo {
  return { ...splitFullName(r.full_name), externalId: r.uuid, defaultBranch: r.mainbranch?.name ?? 'main', webUrl: r.links.html.href, private: r.is_private };
}

const STATES: Record<string, PullRequestState> = { OPEN: 'open', MERGED: 'merged', DECLINED: 'closed', SUPERSEDED: 'closed' };

/** The state Baton shows; `fallback` stands in when Bitbucket's value is not one of the four real ones. */
export function stateOf(pr: BitbucketPull, fallback: PullRequestState = 'open'): PullRequestState {
  const state = STATES[pr.state] ?? fallback;
  return state === 'open' && pr.draft ? 'draft' : state;
}

export function toPullRequest(pr: BitbucketPull, fallbackState?: PullRequestState): PullRequest {
  return {
    number: pr.id,
    externalId: String(pr.id),
    url: pr.links.html.href,
    title: pr.title,
    body: pr.description ?? '',
    state: stateOf(pr, fallbackState),
    headBranch: pr.source.branch.name,
    baseBranch: pr.destination.branch.name,
    updatedAt: pr.updated_on,
    requestedReviewers: (pr.reviewers ?? []).map((r) => r.uuid),
    // The source repository is a fork's for a PR from a fork, and absent once that fork is deleted.
    fromFork: !pr.source.repository || pr.source.repository.uuid !== pr.destination.repository?.uuid,
  };
}
