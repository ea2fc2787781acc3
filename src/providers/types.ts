// The contract every git provider implements. It names no provider: differences live in
// each provider's own settings and in `capabilities`; what Baton knows about each one is its
// descriptor (descriptor.ts), and the registry lists them.
import type { HookCapability } from './hooks.ts';
import type { IssueCapability, IssueWebhookEvent } from './issues.ts';
import type { ReleaseCapability, ReleaseEvent } from './releases.ts';

/** A provider's kind as stored (e.g. in a project); the registry knows which ones are supported. */
export type ProviderKind = string;

/** How a provider instance reaches its server and which account space it acts in. */
export interface ProviderConnection {
  /** API base URL, already checked against the outbound-host policy. */
  baseUrl: string;
  /**
   * The acting user's token (decrypted only for the lifetime of this instance); empty for calls
   * that authenticate in their body instead (an OAuth code exchange), which send no Authorization.
   */
  token: string;
  /** Provider-specific project settings (e.g. an Azure DevOps organisation and project). */
  settings: Record<string, unknown>;
  /**
   * The credential's kept fields (its descriptor's credential fields marked `kept`), e.g. the
   * account email a token is sent with; empty where a token is enough.
   */
  credentialFields?: Record<string, string>;
  /** Outbound fetch; injected so the host policy and tests apply to every call. */
  fetch?: typeof fetch;
  /** Called once per HTTP request made, for call accounting and benchmarks. */
  onRequest?: (call: ProviderCall) => void;
  /** Called once per answer received, for metrics: never carries the token, only a hash of it. */
  onAnswer?: (answer: ProviderAnswer) => void;
  /**
   * Awaited before each attempt at a write, keyed by a hash of the token (never the token). The
   * registry's pacer keeps one schedule per key in the database, so one credential's writes stay
   * spaced (GitHub asks for ≥ 1 s) however many processes make them. Absent: no wait.
   */
  pace?: (key: string) => Promise<void>;
}

export interface ProviderAnswer {
  /** The provider kind (`github`, `ado`, …). */
  provider: string;
  /** 0 when no answer came (a network failure or a timeout). */
  status: number;
  /** A short hash of the token the call was made with: one credential, never the token. */
  credential: string;
  /** What the provider says is left of the credential's rate-limit budget; null when it does not say. */
  rateLimitRemaining: number | null;
}

export interface ProviderCall {
  method: string;
  path: string;
  status: number;
}

export interface Capabilities {
  /** The provider can create a branch and commit a file in one request. */
  branchWithFileInOneCall: boolean;
  /** Which identity a reviewer is requested by. */
  reviewerIdentity: 'login' | 'id';
  /** Draft pull requests exist on this provider. */
  draftPullRequests: boolean;
  /** `listPullRequests` orders by last update, newest first, so reconciliation can stop at its watermark. */
  listsByUpdate: boolean;
  /** PR listings answer conditional requests (ETag → 304). */
  conditionalListing: boolean;
  /** PR listings, newest update first, can be limited to PRs updated since a watermark (`updatedSince`). */
  updatedSinceListing: boolean;
}

/** A repository location: `owner` is the credential's owner (GitHub user/org, ADO organisation, Bitbucket workspace, Gitea owner). */
export interface RepoRef {
  owner: string;
  name: string;
}

export interface Repo extends RepoRef {
  externalId: string;
  defaultBranch: string;
  webUrl: string;
  private: boolean;
}

export type PullRequestState = 'open' | 'draft' | 'merged' | 'closed';

export interface PullRequest {
  number: number;
  externalId: string;
  url: string;
  title: string;
  body: string;
  state: PullRequestState;
  headBranch: string;
  baseBranch: string;
  /** Provider's last-update time, ISO 8601: orders events so stale ones never win. */
  updatedAt: string;
  /** Reviewers already requested, by the identity named in `capabilities.reviewerIdentity`. */
  requestedReviewers: string[];
  /**
   * The head branch is not in the PR's own repository: it comes from a fork, or from a
   * repository since deleted. Who may push there is not known to the project.
   */
  fromFork: boolean;
  /**
   * The commit a merged PR put on its base branch (merge, squash or rebase commit; not the head
   * for a squash). Null before merging; absent where the provider's answer does not say.
   */
  mergeCommit?: string | null;
}

/** Who a credential belongs to and what it may do. */
export interface CredentialCheck {
  login: string;
  /** Provider account id (ADO identity id, Bitbucket account id); null where logins suffice. */
  externalUserId: string | null;
  displayName: string | null;
  scopes: string[];
  /** Human-readable permissions the token lacks, e.g. "Pull requests: write". Empty when usable. */
  missing: string[];
  /** What the person should know about what is missing, e.g. why a kind of token can never have it. */
  note?: string;
  expiresAt: Date | null;
}

export interface Reviewer {
  login: string;
  externalUserId: string | null;
}

export interface PublishFileInput {
  repo: RepoRef;
  branch: string;
  baseBranch: string;
  path: string;
  content: string;
  message: string;
  /**
   * An earlier Start work made this branch: providers that create by writing (and learn of an
   * existing branch from a refused write) read the file on it first instead.
   */
  branchExpected?: boolean;
}

export interface PublishFileResult {
  branchCreated: boolean;
  /** The new commit, or null when the file already had this content. */
  commit: string | null;
}

export interface OpenPullRequestInput {
  repo: RepoRef;
  head: string;
  base: string;
  title: string;
  body: string;
  draft: boolean;
  /** Reviewers to request with the PR where the provider takes them at creation; the review step then finds them requested. */
  reviewers?: Reviewer[];
  /** The head branch was created moments ago by the same Start work run, so no PR can be open for it yet. */
  headCreated?: boolean;
}

export interface PullRequestPage {
  items: PullRequest[];
  /** True when more, older items exist past this page. */
  hasMore: boolean;
}

export interface ListPullRequestsQuery {
  page: number;
  perPage: number;
  /** Where `capabilities.conditionalListing`: the first page's ETag from the last run. */
  etag?: string | null;
  /** Where `capabilities.updatedSinceListing`: only PRs updated at or after this time (ISO 8601). */
  updatedSince?: string | null;
}

export type ConditionalList = { notModified: true } | { notModified: false; page: PullRequestPage; etag: string | null };

export interface GitProvider {
  readonly kind: ProviderKind;
  readonly capabilities: Capabilities;

  /** Identify the token's user and name what it lacks for `owner`. Throws ProviderError(auth) for a rejected token. */
  validateCredential(owner: string): Promise<CredentialCheck>;

  listRepositories(owner: string, query: { search?: string; page: number; perPage: number }): Promise<{ items: Repo[]; hasMore: boolean }>;
  getRepository(ref: RepoRef): Promise<Repo>;

  /** Create the branch from `baseBranch` if missing and write the file if its content differs. */
  publishFile(input: PublishFileInput): Promise<PublishFileResult>;

  /** Open a PR, or adopt the open one for the same head branch. */
  openPullRequest(input: OpenPullRequestInput): Promise<{ pullRequest: PullRequest; adopted: boolean }>;
  updatePullRequest(repo: RepoRef, number: number, change: { title?: string; body?: string }): Promise<PullRequest>;
  getPullRequest(repo: RepoRef, number: number): Promise<PullRequest>;

  /** Request a review unless already requested. */
  requestReviewer(repo: RepoRef, pullRequest: PullRequest, reviewer: Reviewer): Promise<'requested' | 'already-requested'>;

  /** PRs in any state, most recently updated first. `etag` makes the first page conditional. */
  listPullRequests(repo: RepoRef, query: ListPullRequestsQuery): Promise<ConditionalList>;

  /** Webhook management (hooks.ts), where the provider's API offers it. */
  readonly hooks?: HookCapability;

  /** Releases or tags and the commits between them (releases.ts), where the provider's API offers them. */
  readonly releases?: ReleaseCapability;
  /** The provider's issue tracker (issues.ts), where it has one Baton can sync with. */
  readonly issues?: IssueCapability;
}

/** The repository a delivery names: by the provider's id where its body carries one, and by owner/name. */
export type RepoMention = RepoRef & { externalId: string | null };

/** A pull-request change, normalised from any provider's webhook or API. */
export interface PullRequestEvent {
  repo: RepoMention;
  pullRequest: PullRequest;
  /** Provider action word, e.g. "opened", "closed", "git.pullrequest.updated". */
  action: string;
}

export interface WebhookHeaders {
  [name: string]: string | undefined;
}

/** What ingress learns from a delivery before storing it. */
export interface WebhookEnvelope {
  deliveryId: string;
  event: string;
  action: string | null;
  /** True for connectivity checks (e.g. GitHub `ping`) that are answered 200 and not applied. */
  ping: boolean;
}

export interface WebhookAdapter {
  readonly kind: ProviderKind;
  /**
   * Lower-case names of the headers carrying the signature or credentials `verify` checks, any
   * one of which a genuine delivery has: without one it is refused before its body is read.
   */
  readonly signatureHeaders: readonly string[];
  /** Verify on the raw bytes; a bad or missing signature is false, never an exception. */
  verify(rawBody: Buffer, headers: WebhookHeaders, secrets: string[]): boolean;
  /** Read the envelope; null when the delivery is not one this provider sends. */
  envelope(rawBody: Buffer, headers: WebhookHeaders): WebhookEnvelope | null;
  /** Normalise a stored delivery; null for events Baton does not use. */
  pullRequestEvent(event: string, body: unknown): PullRequestEvent | null;
  /**
   * The repository a stored delivery of any event is about, from its parsed body; null when the
   * body names none. Read after the acknowledgement, never by ingress.
   */
  repositoryOf(event: string, body: unknown): RepoMention | null;
  /** Normalise a stored release (or tag) delivery; null for other events. Asked with the action alone, answers without reading the payload. */
  releaseEvent?(event: string, body: unknown): ReleaseEvent | null;
  /**
   * Normalise an issue, label or milestone delivery; null for other events and actions. Asked
   * with `{ action }` alone at ingress, so it must answer from event and action before parsing.
   * Absent where the provider has no issue tracker Baton syncs with.
   */
  issueEvent?(event: string, body: unknown): IssueWebhookEvent | null;
}
