// Zod schemas for the Azure DevOps responses and service-hook payloads Baton reads.
// Only the fields read are declared; everything else is dropped.
import { z } from 'zod';

/** Collections arrive as `{ count, value }`. */
export const collectionOf = <T extends z.ZodType>(item: T) => z.object({ value: z.array(item) });

export const ErrorBody = z.object({ message: z.string() });

/**
 * `GET {organization}/_apis/connectionData`: who the token belongs to in the organisation. Its
 * `id` is the identity id reviewers are added by; `Account` holds the sign-in address.
 */
export const ConnectionData = z.object({
  authenticatedUser: z.object({
    id: z.string(),
    providerDisplayName: z.string().optional(),
    properties: z.object({ Account: z.object({ $value: z.string() }).optional() }).optional(),
  }),
});

export const Repository = z.object({
  id: z.string(),
  name: z.string(),
  /** Absent while the repository has no commits. */
  defaultBranch: z.string().optional(),
  webUrl: z.string().optional(),
  remoteUrl: z.string().optional(),
  isDisabled: z.boolean().optional(),
  project: z.object({ name: z.string(), visibility: z.string().optional() }),
});
export type Repository = z.infer<typeof Repository>;
export const Repositories = collectionOf(Repository);

export const Refs = collectionOf(z.object({ name: z.string(), objectId: z.string() }));

/** A ref update result: a 200 can still carry a failed item. */
export const RefUpdateResult = z.object({
  name: z.string(),
  newObjectId: z.string().optional(),
  success: z.boolean().optional(),
  updateStatus: z.string().optional(),
  customMessage: z.string().nullish(),
});
export type RefUpdateResult = z.infer<typeof RefUpdateResult>;
export const RefUpdateResults = collectionOf(RefUpdateResult);

export const Push = z.object({
  commits: z.array(z.object({ commitId: z.string() })),
  refUpdates: z.array(RefUpdateResult),
});

export const Item = z.object({ content: z.string().optional() });

export const Reviewer = z.object({ id: z.string() });

export const PullRequestStatus = z.enum(['notSet', 'active', 'abandoned', 'completed', 'all']);

export const PullRequest = z.object({
  pullRequestId: z.number().int(),
  status: PullRequestStatus,
  isDraft: z.boolean().nullish(),
  title: z.string(),
  description: z.string().nullish(),
  sourceRefName: z.string(),
  targetRefName: z.string(),
  creationDate: z.string(),
  closedDate: z.string().nullish(),
  reviewers: z.array(Reviewer).nullish(),
  /** Present only on a PR whose source branch is in a fork. */
  forkSource: z.object({ name: z.string().optional() }).nullish(),
  repository: z.object({
    id: z.string(),
    name: z.string(),
    webUrl: z.string().optional(),
    remoteUrl: z.string().optional(),
    url: z.string().optional(),
    project: z.object({ name: z.string() }),
  }),
});
export type PullRequest = z.infer<typeof PullRequest>;
export const PullRequests = collectionOf(PullRequest);

/** A service-hook delivery ("Resource details to send: All"). */
export const ServiceHookEnvelope = z.object({
  id: z.string().min(1),
  eventType: z.string().min(1),
  createdDate: z.string().nullish(),
  resource: z.object({ status: z.string().nullish() }).nullish(),
});

export const PullRequestHook = z.object({
  eventType: z.string(),
  createdDate: z.string().nullish(),
  resource: PullRequest,
});
