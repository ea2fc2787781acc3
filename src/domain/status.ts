import type { PullRequestState } from '../providers/types.ts';

export const TICKET_STATUSES = ['backlog', 'ready', 'in_progress', 'in_review', 'done'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const HISTORY_CAUSES = ['user', 'pr_event', 'sync', 'start_work', 'issue_sync'] as const;
export type HistoryCause = (typeof HISTORY_CAUSES)[number];

/**
 * The ticket status its pull requests imply, or null when they imply nothing (no PRs): the fixed
 * policy that the default automation rules (automation-rules.ts) reproduce, kept as their reference.
 * Any open PR → in review; else any draft → in progress; else any merged (the work landed,
 * other PRs were closed) → done; only closed unmerged → back to in progress.
 */
export function statusFromPullRequests(states: PullRequestState[]): TicketStatus | null {
  if (states.length === 0) return null;
  if (states.includes('open')) return 'in_review';
  if (states.includes('draft')) return 'in_progress';
  if (states.includes('merged')) return 'done';
  return 'in_progress';
}

/** How each status is named where people read it (the board's columns, the history). */
export const STATUS_LABEL: Record<TicketStatus, string> = {
  backlog: 'Backlog',
  ready: 'Ready',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
};

export const statusLabel = (status: string): string => STATUS_LABEL[status as TicketStatus] ?? status;
