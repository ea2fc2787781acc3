// What a ticket and its issue agree on, field by field, and how either side's values read in
// those terms. The link keeps the values both sides last agreed on; comparing each side with them
// tells which side changed a field since, so an echo of Baton's own write changes nothing and a
// field both sides changed is a conflict the later update wins. Pure: no I/O.
import { type ChecklistItem, normalizeCriterionText } from '../../domain/criteria-checklist.ts';
import type { TicketStatus } from '../../domain/status.ts';
import type { Issue, IssueCloseReason, IssueState } from '../../providers/issues.ts';

export interface Agreed {
  title: string;
  body: string;
  state: IssueState;
  labels: string[];
  milestone: number | null;
  assignees: string[];
}

export const FIELDS = ['title', 'body', 'state', 'labels', 'milestone', 'assignees'] as const;
export type Field = (typeof FIELDS)[number];

/** What each field is called in the ticket's history. */
export const FIELD_NAMES: Record<Field, string> = {
  title: 'title',
  body: 'spec',
  state: 'open/closed state',
  labels: 'labels',
  milestone: 'milestone',
  assignees: 'assignees',
};

const sorted = (values: string[]) => [...new Set(values)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b));

export function agreedFromIssue(issue: Issue): Agreed {
  return {
    title: issue.title,
    body: normalizeBody(issue.body),
    state: issue.state,
    labels: sorted(issue.labels.map((l) => l.name)),
    milestone: issue.milestone?.number ?? null,
    assignees: sorted(issue.assignees),
  };
}

/** GitHub keeps line endings as typed (CRLF from browsers); Baton's spec does not care. */
export const normalizeBody = (body: string) => body.replace(/\r\n/g, '\n');

export function parseAgreed(json: string): Agreed {
  return JSON.parse(json) as Agreed;
}

export function sameValue(a: Agreed[Field], b: Agreed[Field]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** How a field's value reads in a ticket's history. */
export function describeValue(field: Field, value: Agreed[Field]): string {
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (value === null) return 'none';
  if (field === 'milestone') return `#${value}`;
  const text = String(value);
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

/** Baton's side of the same fields. */
export interface BatonSide {
  title: string;
  spec: string;
  status: TicketStatus;
  labels: string[];
  milestone: number | null;
  /** Logins of the ticket's assignee (if Baton knows theirs) and of assignees Baton cannot map, kept from the issue. */
  assignees: string[];
}

export function agreedFromTicket(side: BatonSide, closedStatuses: readonly string[]): Agreed {
  return {
    title: side.title,
    body: normalizeBody(side.spec),
    state: closedStatuses.includes(side.status) ? 'closed' : 'open',
    labels: sorted(side.labels),
    milestone: side.milestone,
    assignees: sorted(side.assignees),
  };
}

/** Task-list items of an issue body (`- [ ] text`, `- [x] text`), anywhere in it: the ticket's acceptance criteria. */
export function taskListItems(body: string): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  let fenced = false;
  for (const line of body.split(/\r?\n/)) {
    // A code block's lines are code, not tasks.
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const match = /^\s*[-*+]\s+\[([ xX])\]\s+(.+?)\s*$/.exec(line);
    if (match) items.push({ checked: match[1] !== ' ', text: normalizeCriterionText(match[2]).slice(0, 1000) });
  }
  return items.slice(0, 100);
}

/** The close reason an issue gets when Baton closes it: dropped work is "not planned". */
export function closeReasonFor(reason: IssueCloseReason | null): IssueCloseReason {
  return reason ?? 'completed';
}
