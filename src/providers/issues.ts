// The optional issue-tracker capability of a provider: list a repository's issues (import and
// reconciliation), change one (two-way sync), and keep its labels. Each provider implements it in
// its folder; this file names none of them.
import type { RepoRef } from './types.ts';

export type IssueState = 'open' | 'closed';
/** Why an issue was closed: done, or dropped. */
export type IssueCloseReason = 'completed' | 'not_planned';

export interface IssueLabel {
  name: string;
  /** #rrggbb */
  color: string;
}

export interface IssueMilestone {
  number: number;
  title: string;
}

/** An issue as the provider shows it, normalised. */
export interface Issue {
  number: number;
  externalId: string;
  url: string;
  title: string;
  body: string;
  state: IssueState;
  /** Set on closed issues where the provider says why; null otherwise. */
  closeReason: IssueCloseReason | null;
  labels: IssueLabel[];
  milestone: IssueMilestone | null;
  /** Account logins, as the provider spells them. */
  assignees: string[];
  /** Provider's last-update time, ISO 8601: the later side wins a conflict. */
  updatedAt: string;
}

export interface IssueListQuery {
  state: 'open' | 'all';
  /** Only issues carrying this label. */
  label?: string | null;
  /** Only issues updated at or after this time (ISO 8601); listed by last update, oldest first. */
  updatedSince?: string | null;
  page: number;
  perPage: number;
}

export interface IssuePage {
  /** Issues only: pull requests the provider lists among issues are left out. */
  items: Issue[];
  /** Pull requests the page held and left out, so a page's size is accounted for. */
  skipped: number;
  /** True when a further page exists. */
  hasMore: boolean;
  /** The number of the last page, where the provider says (an estimate of the total). */
  lastPage: number | null;
}

/** What to change on an issue; absent fields stay as they are. */
export interface IssueChange {
  title?: string;
  body?: string;
  state?: IssueState;
  closeReason?: IssueCloseReason | null;
  labels?: string[];
  /** A milestone's number, or null to take it off. */
  milestone?: number | null;
  assignees?: string[];
}

export interface IssueCapability {
  /** What a token needs to read and change issues, in the words of the provider's token screens. */
  readonly permission: string;
  /**
   * One page of issues in a stable order: by creation, oldest first, so a page read again after
   * a crash holds the same issues (new ones land at the end); by last update with `updatedSince`.
   */
  list(repo: RepoRef, query: IssueListQuery): Promise<IssuePage>;
  /** Changes the issue and answers it as it now is. */
  update(repo: RepoRef, number: number, change: IssueChange): Promise<Issue>;
  /** Creates an issue (a new ticket where the setting asks for it). */
  create(repo: RepoRef, input: { title: string; body: string; labels: string[]; assignees: string[] }): Promise<Issue>;
  /** The repository's labels, by name. */
  labels(repo: RepoRef): Promise<IssueLabel[]>;
  /** Creates the label; false when it already existed. */
  createLabel(repo: RepoRef, label: IssueLabel): Promise<boolean>;
  /** The repository's open and closed milestones. */
  milestones(repo: RepoRef): Promise<IssueMilestone[]>;
}

/** An issue, label or milestone change, normalised from a provider's webhook. */
export type IssueWebhookEvent =
  /** The issue as it now is (opened, edited, closed, reopened, labeled, assigned, milestoned, …). */
  | { kind: 'issue'; action: string; repo: WebhookRepo; issue: Issue }
  /** The issue left the repository: deleted, or transferred (`movedTo` names where, when known). */
  | { kind: 'issue-gone'; action: 'deleted' | 'transferred'; repo: WebhookRepo; number: number; movedTo: string | null }
  /** A label created, renamed or recoloured (`previousName` on a rename), or deleted. */
  | { kind: 'label'; action: 'created' | 'edited' | 'deleted'; repo: WebhookRepo; label: IssueLabel; previousName: string | null }
  /** A milestone created, renamed, closed, opened or deleted. */
  | { kind: 'milestone'; action: string; repo: WebhookRepo; milestone: IssueMilestone };

export type WebhookRepo = RepoRef & { externalId: string | null };
