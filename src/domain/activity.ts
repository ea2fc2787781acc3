// The ticket's activity feed: what kinds of change it records and the fields each kind carries
// beside who (actor), why (cause, detail) and which webhook delivery caused it. Pure: no I/O.
import type { PullRequestState } from '../providers/types.ts';

export const ACTIVITY_KINDS = [
  'status',
  'assignee',
  'reviewer',
  'title',
  'spec',
  'criteria',
  'labels',
  'priority',
  'repository',
  'archived',
  'unarchived',
  'comment',
  'start_work',
  'pull_request',
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Start work's steps as the feed tells them: pressed, each provider step done, ended in failure, refused at the press. */
export const START_WORK_STEPS = ['requested', 'branch', 'spec', 'pull_request', 'reviewer', 'failed', 'refused'] as const;
export type StartWorkStep = (typeof START_WORK_STEPS)[number];

export const PULL_REQUEST_EVENTS = ['opened', 'draft', 'ready', 'merged', 'closed', 'reopened', 'updated', 'unlinked'] as const;
export type PullRequestEventName = (typeof PULL_REQUEST_EVENTS)[number];

export const CRITERION_CHANGES = ['added', 'removed', 'edited', 'done', 'undone', 'reordered'] as const;
export interface CriterionChange {
  change: (typeof CRITERION_CHANGES)[number];
  /** The criterion's text (empty for a reorder of the list). */
  text: string;
  /** The text before an edit. */
  previousText?: string;
}

export interface LabelRef {
  id: string;
  name: string;
  color: string;
}

/** Fields stored as JSON beside the row, by kind. Label names and repository names are kept as they were then. */
export interface ActivityData {
  /** assignee, reviewer: person ids; priority, title, repository: values as shown. */
  from?: string | null;
  to?: string | null;
  criteria?: CriterionChange[];
  labelsAdded?: LabelRef[];
  labelsRemoved?: LabelRef[];
  commentId?: string;
  step?: StartWorkStep;
  /** A Start work refusal's machine-readable reason (e.g. no_credential), for the page's link to fix it. */
  reason?: string;
  pullRequest?: { number: number; url: string; state: PullRequestState; event: PullRequestEventName };
  /** Any kind: what found the change at the provider (sync: "Sync PR status", "reconciliation"). */
  via?: string;
}

/** What a PR's move from `from` (null: first seen or newly linked) to `to` is called in the feed. */
export function pullRequestEvent(from: PullRequestState | null, to: PullRequestState): PullRequestEventName {
  if (to === 'merged') return 'merged';
  if (to === 'closed') return 'closed';
  if (from === null) return to === 'draft' ? 'draft' : 'opened';
  if (from === 'closed' || from === 'merged') return 'reopened';
  if (to === 'draft') return 'draft';
  if (from === 'draft') return 'ready';
  return 'updated';
}

interface CriterionLike {
  id: string;
  text: string;
  done: number;
}

/** The changes from one ordered list of criteria to the next (same ids are the same criterion). */
export function criteriaChanges(before: CriterionLike[], after: CriterionLike[]): CriterionChange[] {
  const old = new Map(before.map((c) => [c.id, c]));
  const kept = new Set(after.map((c) => c.id));
  const changes: CriterionChange[] = before.filter((c) => !kept.has(c.id)).map((c) => ({ change: 'removed', text: c.text }));
  for (const c of after) {
    const was = old.get(c.id);
    if (!was) {
      changes.push({ change: 'added', text: c.text });
      continue;
    }
    if (was.text !== c.text) changes.push({ change: 'edited', text: c.text, previousText: was.text });
    if (was.done !== c.done) changes.push({ change: c.done ? 'done' : 'undone', text: c.text });
  }
  return changes;
}
