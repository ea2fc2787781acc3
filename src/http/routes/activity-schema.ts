// The ticket's activity feed in the API: every change with who (actor), why (cause, detail) and
// the webhook delivery behind it; each kind adds its own fields (domain/activity.ts).
import { z } from 'zod';
import { ACTIVITY_KINDS, CRITERION_CHANGES, PULL_REQUEST_EVENTS, START_WORK_STEPS } from '../../domain/activity.ts';
import { HISTORY_CAUSES } from '../../domain/status.ts';
import type { PullRequestState } from '../../providers/types.ts';
import { label } from './labels.ts';

const person = z.object({ id: z.uuid(), name: z.string() });

export const activityEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.enum(ACTIVITY_KINDS),
    cause: z
      .enum(HISTORY_CAUSES)
      .describe('user: a person did it; pr_event: a webhook delivery; sync: a sync or reconciliation found it; start_work: the Start work flow'),
    actor: person.nullable().describe('who did it, or on whose behalf it ran'),
    detail: z.string().nullable().describe('why, in words: the step outcome, the pull request event, what found it'),
    deliveryId: z.string().nullable().describe("the webhook delivery that caused it: a Delivery's id in the project's delivery log"),
    rule: z.string().nullable().describe('status: the automation rule that moved the ticket ("Rule 2: when …, move to …"); null for moves by a person'),
    via: z.string().nullable().describe('sync: what found the change at the provider (Sync PR status, reconciliation, a refresh of the ticket)'),
    from: z.string().nullable().optional().describe('status, title, priority, repository (owner/name): the value before'),
    to: z.string().nullable().optional().describe('status, title, priority, repository (owner/name): the value after'),
    fromPerson: person.nullable().optional().describe('assignee, reviewer: who it was'),
    toPerson: person.nullable().optional().describe('assignee, reviewer: who it is now'),
    criteria: z
      .array(z.object({ change: z.enum(CRITERION_CHANGES), text: z.string(), previousText: z.string().optional() }))
      .optional()
      .describe('criteria: each criterion added, removed, edited, done or undone'),
    labelsAdded: z.array(label).optional().describe('labels: as they were named then'),
    labelsRemoved: z.array(label).optional(),
    commentId: z.string().nullable().optional().describe('comment: the comment written'),
    step: z.enum(START_WORK_STEPS).nullable().optional().describe('start_work: the step'),
    reason: z.string().nullable().optional().describe('start_work refused: why, as a code (no_credential)'),
    pullRequest: z
      .object({
        number: z.number().int(),
        url: z.string(),
        state: z.enum(['open', 'draft', 'merged', 'closed'] satisfies PullRequestState[]),
        event: z.enum(PULL_REQUEST_EVENTS),
      })
      .nullable()
      .optional()
      .describe('pull_request: the pull request and what happened to it'),
  })
  .meta({ id: 'ActivityEntry' });
