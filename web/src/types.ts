// The shapes the Baton API answers with, as the pages use them.

/** A provider kind; GET /api/providers lists the ones this Baton supports. */
export type Provider = string;
export type Status = 'backlog' | 'ready' | 'in_progress' | 'in_review' | 'done';
export type PrState = 'open' | 'draft' | 'merged' | 'closed';
export type Role = 'owner' | 'member';

export interface Me {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
}
export interface UserRef {
  id: string;
  name: string;
}
export interface User {
  id: string;
  name: string;
  email: string;
}
/** The provider's own settings, as its descriptor's settings fields name them; baseUrl is always there. */
export type ProjectSettings = { baseUrl?: string } & Record<string, string | undefined>;
export interface Project {
  id: string;
  key: string;
  name: string;
  provider: Provider;
  settings: ProjectSettings;
  branchPrefix: string;
  draftPullRequests: boolean;
  role: Role | null;
  createdAt: string;
  updatedAt: string;
}
export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
}
export interface PullRequestRef {
  number: number;
  url: string;
  state: PrState;
}
export interface TicketSummary {
  id: string;
  key: string;
  number: number;
  title: string;
  status: Status;
  assignee: UserRef | null;
  reviewer: UserRef | null;
  pullRequests: PullRequestRef[];
  updatedAt: string;
}
export interface Criterion {
  id?: string;
  text: string;
  done: boolean;
}
export type HistoryCause = 'user' | 'pr_event' | 'sync' | 'start_work';
export interface HistoryEntry {
  at: string;
  from: Status | null;
  to: Status;
  cause: HistoryCause;
  actor: UserRef | null;
  detail: string | null;
}
export type StepName = 'branch' | 'spec' | 'pull_request' | 'reviewer';
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';
export interface StartWork {
  status: 'running' | 'succeeded' | 'failed';
  steps: { name: StepName; status: StepStatus; error: string | null; detail: string | null }[];
  error: string | null;
}
export interface TicketPullRequest extends PullRequestRef {
  title: string;
  syncedAt: string | null;
}
export interface Ticket {
  id: string;
  key: string;
  number: number;
  projectId: string;
  title: string;
  spec: string;
  status: Status;
  assignee: UserRef | null;
  reviewer: UserRef | null;
  repositoryId: string | null;
  acceptanceCriteria: (Criterion & { id: string })[];
  history: HistoryEntry[];
  branch: string | null;
  startWork: StartWork | null;
  pullRequests: TicketPullRequest[];
  prsSyncedAt: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface Credential {
  id: string;
  provider: Provider;
  owner: string;
  baseUrl: string | null;
  login: string;
  scopes: string[];
  missing: string[];
  last4: string;
  expiresAt: string | null;
  validatedAt: string | null;
  /** The provider's kept credential fields, by name (see ProviderField.kept). */
  [keptField: string]: unknown;
}
export interface Repository {
  id: string;
  owner: string;
  name: string;
  defaultBranch: string;
  webUrl: string;
  credentialId: string | null;
}
export interface AvailableRepository {
  owner: string;
  name: string;
  defaultBranch: string;
  private: boolean;
}
export interface WebhookInfo {
  url: string;
  createdAt: string | null;
  previousAcceptedUntil: string | null;
  setup: { contentType: string; events: string[]; steps: string[] };
  secret?: string;
}
export type Outcome = 'applied' | 'ignored' | 'duplicate' | 'rejected' | 'failed' | 'pending';
export interface Delivery {
  id: string;
  receivedAt: string;
  provider: Provider;
  event: string;
  action: string | null;
  deliveryId: string;
  verified: boolean;
  outcome: Outcome;
  error: string | null;
  /** Later copies of the same delivery (same provider delivery id) that were not applied again. */
  duplicates?: number;
  lastDuplicateAt?: string | null;
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export interface DeliveryPage extends Page<Delivery> {
  rejectedCount: number;
  lastRejectedAt?: string | null;
}

export interface ProviderField {
  name: string;
  label: string;
  hint: string;
  placeholder: string;
  required: boolean;
  type: 'text' | 'url' | 'email';
  /** A credential field saved with the credential and shown back (e.g. the account email a token is sent with). */
  kept?: boolean;
}

export interface ProviderInfo {
  kind: string;
  label: string;
  defaultBaseUrl: string | null;
  owner: { label: string; hint: string; placeholder: string };
  /** The project settings form, in order. */
  settings: ProviderField[];
  /** The credential form's inputs beyond provider, owner and token. */
  credential: { tokenHelp: string; scopes: string[]; fields: ProviderField[] };
  webhooks: { contentType: string; events: string[]; steps: string[] };
}
