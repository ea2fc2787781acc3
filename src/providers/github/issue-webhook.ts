// GitHub's `issues`, `label` and `milestone` deliveries, normalised for issue sync.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues
import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { IssueWebhookEvent, WebhookRepo } from '../issues.ts';
import { issueSchema, toIssue } from './issues.ts';

/** Actions after which the delivered issue is the issue as it now is. */
const ISSUE_ACTIONS = new Set(['opened', 'edited', 'closed', 'reopened', 'labeled', 'unlabeled', 'assigned', 'unassigned', 'milestoned', 'demilestoned']);
const GONE_ACTIONS = new Set(['deleted', 'transferred']);
const LABEL_ACTIONS = new Set(['created', 'edited', 'deleted']);
const MILESTONE_ACTIONS = new Set(['created', 'edited', 'closed', 'opened', 'deleted']);

const repositorySchema = z.object({ id: z.number(), name: z.string(), owner: z.object({ login: z.string() }) });

const issuePayload = z.object({ issue: issueSchema, repository: repositorySchema });
const gonePayload = z.object({
  issue: z.object({ number: z.number() }),
  repository: repositorySchema,
  changes: z.object({ new_issue: z.object({ html_url: z.string() }).nullish() }).nullish(),
});
const labelPayload = z.object({
  label: z.object({ name: z.string(), color: z.string().nullish() }),
  changes: z.object({ name: z.object({ from: z.string() }).nullish() }).nullish(),
  repository: repositorySchema,
});
const milestonePayload = z.object({ milestone: z.object({ number: z.number(), title: z.string() }), repository: repositorySchema });

function parse<T>(schema: z.ZodType<T>, body: unknown, event: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ProviderError('validation', `GitHub ${event} payload is not as expected: ${issue?.path.join('.')} ${issue?.message}`);
}

const repoOf = (r: z.infer<typeof repositorySchema>): WebhookRepo => ({ owner: r.owner.login, name: r.name, externalId: String(r.id) });

/** Whether issue sync applies this event and action: answered without the payload. */
export function isIssueSyncEvent(event: string, action: string | null): boolean {
  if (!action) return false;
  if (event === 'issues') return ISSUE_ACTIONS.has(action) || GONE_ACTIONS.has(action);
  if (event === 'label') return LABEL_ACTIONS.has(action);
  if (event === 'milestone') return MILESTONE_ACTIONS.has(action);
  return false;
}

export function gitHubIssueEvent(event: string, body: unknown): IssueWebhookEvent | null {
  const action = (body as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !isIssueSyncEvent(event, action)) return null;
  if (event === 'issues' && GONE_ACTIONS.has(action)) {
    const p = parse(gonePayload, body, event);
    return {
      kind: 'issue-gone',
      action: action as 'deleted' | 'transferred',
      repo: repoOf(p.repository),
      number: p.issue.number,
      movedTo: p.changes?.new_issue?.html_url ?? null,
    };
  }
  if (event === 'issues') {
    const p = parse(issuePayload, body, event);
    return { kind: 'issue', action, repo: repoOf(p.repository), issue: toIssue(p.issue) };
  }
  if (event === 'label') {
    const p = parse(labelPayload, body, event);
    const label = { name: p.label.name, color: `#${(p.label.color ?? 'ededed').toLowerCase()}` };
    return {
      kind: 'label',
      action: action as 'created' | 'edited' | 'deleted',
      repo: repoOf(p.repository),
      label,
      previousName: p.changes?.name?.from ?? null,
    };
  }
  const p = parse(milestonePayload, body, event);
  return { kind: 'milestone', action, repo: repoOf(p.repository), milestone: { number: p.milestone.number, title: p.milestone.title } };
}
