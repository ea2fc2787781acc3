import type { HistoryCause, Outcome, Priority, PrState, Status, StepName } from './types.ts';

export const STATUSES: Status[] = ['backlog', 'ready', 'in_progress', 'in_review', 'done'];

export const STATUS_LABEL: Record<Status, string> = {
  backlog: 'Backlog',
  ready: 'Ready',
  in_progress: 'In progress',
  in_review: 'In review',
  done: 'Done',
};

export const PRIORITIES: Priority[] = ['none', 'low', 'medium', 'high', 'urgent'];

export const PRIORITY_LABEL: Record<Priority, string> = {
  none: 'No priority',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};

export const PR_LABEL: Record<PrState, string> = {
  open: 'Open',
  draft: 'Draft',
  merged: 'Merged',
  closed: 'Closed',
};

export const STEP_LABEL: Record<StepName, string> = {
  branch: 'Create branch',
  spec: 'Commit spec',
  pull_request: 'Open pull request',
  reviewer: 'Request reviewer',
};

export const CAUSE_LABEL: Record<HistoryCause, string> = {
  user: 'changed by',
  pr_event: 'pull request event',
  sync: 'PR status sync',
  start_work: 'Start work',
  issue_sync: 'issue sync',
};

export const OUTCOME_LABEL: Record<Outcome, string> = {
  applied: 'Applied',
  ignored: 'Ignored',
  duplicate: 'Duplicate',
  rejected: 'Rejected',
  failed: 'Failed',
  pending: 'Pending',
};

export function statusLabel(s: string | null): string {
  return s ? (STATUS_LABEL[s as Status] ?? s) : 'Created';
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const dtf = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function absoluteTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dtf.format(d);
}

export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const sec = Math.round((t - now) / 1000);
  const abs = Math.abs(sec);
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(sec / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(sec / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(sec / 86400), 'day');
  return dtf.format(new Date(t));
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return ((parts[0][0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '')).toUpperCase();
}
