import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { NONE } from '../../db/queries/board.ts';
import { TICKET_KEY } from '../../domain/keys.ts';
import { PRIORITIES } from '../../domain/priority.ts';
import { STEP_NAMES, type StepStatus } from '../../domain/start-work.ts';
import { HISTORY_CAUSES, TICKET_STATUSES } from '../../domain/status.ts';
import type { PullRequestState } from '../../providers/types.ts';
import { createTicket, deleteTicket, listTickets, loadTicket, ticketView, updateTicket } from '../../services/tickets.ts';
import type { Api } from '../api.ts';
import { activityEntry } from './activity-schema.ts';
import { label } from './labels.ts';
import { pageOf, pageQuery } from './paging.ts';
import { projectParams } from './projects.ts';

export const ticketParams = z.strictObject({ ticketKey: z.string().regex(TICKET_KEY, 'must be a ticket key such as PAY-12') });
const title = z.string().trim().min(1).max(200).meta({ title: 'Title' });
const spec = z.string().max(100_000).meta({ title: 'Spec' });
const criterion = z.string().trim().min(1).max(1000).meta({ title: 'Acceptance criterion' });
const criteria = <T extends z.ZodType>(item: T) => z.array(item).max(100).meta({ title: 'Acceptance criteria' });
const ticketStatus = z.enum(TICKET_STATUSES).meta({ title: 'Status' });
const assigneeId = z.uuid().nullable().meta({ title: 'Assignee' });
const reviewerId = z.uuid().nullable().meta({ title: 'Reviewer' });
const repositoryId = z.uuid().nullable().meta({ title: 'Repository' });
const priorityValue = z.enum(PRIORITIES, { error: 'must be none, low, medium, high or urgent' });
const priority = priorityValue.meta({ id: 'Priority' });
const priorityInput = priorityValue.meta({ title: 'Priority' });
const labelIds = z.array(z.uuid()).max(50).meta({ title: 'Labels', description: "the ticket's labels, all of them: a full replacement" });

const status = z.enum(TICKET_STATUSES).meta({ id: 'Status' });
const person = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'UserRef' });
const pullRequestState = z.enum(['open', 'draft', 'merged', 'closed'] satisfies PullRequestState[]).meta({ id: 'PrState' });
const pullRequestRef = z.object({ number: z.number().int(), url: z.string(), state: pullRequestState }).meta({ id: 'PullRequestRef' });
export const ticketSummary = z
  .object({
    id: z.uuid(),
    key: z.string(),
    number: z.number().int(),
    title: z.string(),
    status,
    assignee: person.nullable(),
    reviewer: person.nullable(),
    priority,
    labels: z.array(label),
    pullRequests: z.array(pullRequestRef),
    updatedAt: z.string(),
  })
  .meta({ id: 'TicketSummary' });
const historyEntry = z
  .object({
    at: z.string(),
    from: status.nullable(),
    to: status,
    cause: z.enum(HISTORY_CAUSES),
    actor: person.nullable(),
    detail: z.string().nullable().describe('What happened ("PR #3 merged")'),
    rule: z.string().nullable().describe('The automation rule that moved the ticket ("Rule 2: when …, move to …"); null for moves by a person'),
    delivery: z
      .object({ id: z.string(), deliveryId: z.string().nullable().describe('The provider’s id of the delivery; null once the delivery is gone') })
      .nullable()
      .describe('The webhook delivery whose event moved the ticket; null for sync, reconciliation, Start work and people'),
  })
  .meta({ id: 'HistoryEntry' });
const startWork = z
  .object({
    status: z.enum(['running', 'succeeded', 'failed']),
    steps: z.array(
      z.object({
        name: z.enum(STEP_NAMES),
        status: z.enum(['pending', 'running', 'done', 'failed', 'skipped'] satisfies StepStatus[]),
        error: z.string().nullable(),
        detail: z.string().nullable(),
      }),
    ),
    error: z.string().nullable(),
    actorId: z.uuid(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'StartWork' });

export const releaseRef = z
  .object({
    id: z.uuid(),
    tag: z.string(),
    name: z.string(),
    url: z.string().describe('the release page at the provider'),
    publishedAt: z.string(),
    prerelease: z.boolean(),
    repository: z.string().describe('owner/name of the released repository'),
  })
  .meta({ id: 'ReleaseRef' });

/** One ticket as the ticket page shows it (GET, PATCH, Start work all answer this). */
export const ticketSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    number: z.number().int(),
    projectId: z.uuid(),
    title: z.string(),
    spec: z.string(),
    status,
    assignee: person.nullable(),
    reviewer: person.nullable(),
    priority,
    labels: z.array(label),
    repositoryId: z.uuid().nullable(),
    acceptanceCriteria: z.array(z.object({ id: z.uuid(), text: z.string(), done: z.boolean() })),
    history: z.array(historyEntry).describe('status moves, oldest first'),
    activity: z.array(activityEntry).describe('every change, status moves included, oldest first'),
    branch: z.string().nullable(),
    startWork: startWork.nullable(),
    pullRequests: z.array(pullRequestRef.extend({ title: z.string(), syncedAt: z.string().nullable() })),
    prsSyncedAt: z.string().nullable(),
    release: releaseRef
      .nullable()
      .describe('the first release holding every merged pull request of the ticket (the latest of their first releases across repositories); null until then'),
    prerelease: releaseRef.nullable().describe('the first pre-release holding them; null when none did'),
    archivedAt: z.string().nullable().describe('when it was archived (off the board, restorable); null while on the board'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Ticket' });

/** How many values one list filter takes: more than a project would pick, few enough to keep the query small. */
const MAX_LIST = 20;
const splitList = (value: string | string[]) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** A filter taking one value or several: separated by commas (as the web app's address keeps them) or the parameter repeated. */
function listOf<T extends z.ZodType<string, string>>(item: T, message: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform(splitList)
    .refine((list) => list.length > 0 && list.length <= MAX_LIST && list.every((v) => item.safeParse(v).success), message)
    .pipe(z.array(item));
}

const idOrNone = (what: string) => z.string().refine((v) => v === NONE || z.uuid().safeParse(v).success, `must be the id of ${what}, or "none"`);

/** The board's filters, combinable; each narrows the tickets further. */
export const ticketFilterQuery = z.strictObject({
  assigneeId: idOrNone('a person').optional().describe('"none": unassigned tickets'),
  reviewerId: idOrNone('a person').optional().describe('"none": tickets without a reviewer'),
  repositoryId: idOrNone('a linked repository').optional().describe('"none": tickets without a repository'),
  prState: z
    .enum([...pullRequestState.options, NONE], { error: 'must be open, draft, merged, closed or none' })
    .optional()
    .describe('tickets with a pull request in this state; "none": without a pull request'),
  labelId: listOf(z.uuid(), 'must be the ids of labels of the project, separated by commas (at most 20)')
    .optional()
    .describe('tickets carrying any of these labels: one label id, or several separated by commas'),
  priority: listOf(priorityValue, 'must be none, low, medium, high or urgent, or several of them separated by commas')
    .optional()
    .describe('tickets of any of these priorities: one, or several separated by commas'),
  archived: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .optional()
    .transform((v) => v === 'true')
    .describe('true: archived tickets only (they are off the board otherwise)'),
  q: z.string().max(200, 'must be at most 200 characters').optional().describe('a ticket key, or words matched as prefixes against key, title and spec'),
});

/** Hooks features attach to ticket changes (e.g. re-publishing the spec). */
export interface TicketHooks {
  contentChanged?(ctx: AppContext, ticketId: string): Promise<void>;
  viewed?(ctx: AppContext, ticketId: string): Promise<void>;
  /** After a person's edit of the ticket (any field), with who made it. */
  changed?(ctx: AppContext, ticketId: string, actorId: string): Promise<void>;
}

export function ticketRoutes(api: Api, ctx: AppContext, hooks: TicketHooks = {}): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/tickets',
      summary: 'Tickets of a project, newest first, under the board filters',
      tag: 'tickets',
      params: projectParams,
      query: pageQuery(z.coerce.number().int().positive())
        .extend({ status: z.enum(TICKET_STATUSES).optional() })
        .extend(ticketFilterQuery.shape),
      response: pageOf(ticketSummary),
    },
    async ({ user, params, query }) => listTickets(ctx.db.kysely, user, params.projectId, query),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/tickets',
      summary: 'Create a ticket',
      tag: 'tickets',
      status: 201,
      response: ticketSchema,
      params: projectParams,
      body: z.strictObject({
        title,
        spec: spec.optional(),
        acceptanceCriteria: criteria(criterion).optional(),
        status: ticketStatus.optional(),
        assigneeId: assigneeId.optional(),
        reviewerId: reviewerId.optional(),
        repositoryId: repositoryId.optional(),
        priority: priorityInput.optional(),
        labelIds: labelIds.optional(),
      }),
    },
    async ({ user, params, body }) => {
      const key = await createTicket(ctx.db, user, params.projectId, body);
      return ticketView(ctx.db.kysely, await loadTicket(ctx.db.kysely, user, key));
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/tickets/:ticketKey',
      summary: 'One ticket with criteria, history, PRs and Start work progress',
      tag: 'tickets',
      params: ticketParams,
      response: ticketSchema,
    },
    async ({ user, params }) => {
      const row = await loadTicket(ctx.db.kysely, user, params.ticketKey);
      await hooks.viewed?.(ctx, row.id);
      return ticketView(ctx.db.kysely, row);
    },
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/tickets/:ticketKey',
      summary: 'Change a ticket; criteria are a full ordered replacement',
      tag: 'tickets',
      params: ticketParams,
      response: ticketSchema,
      body: z.strictObject({
        title: title.optional(),
        spec: spec.optional(),
        status: ticketStatus.optional(),
        assigneeId: assigneeId.optional(),
        reviewerId: reviewerId.optional(),
        repositoryId: repositoryId.optional(),
        priority: priorityInput.optional(),
        labelIds: labelIds.optional(),
        archived: z.boolean().optional().meta({ title: 'Archived', description: 'true archives the ticket (off the board, nothing lost); false restores it' }),
        acceptanceCriteria: criteria(
          z.strictObject({ id: z.uuid().optional(), text: criterion, done: z.boolean().optional() }).meta({ title: 'Acceptance criterion' }),
        ).optional(),
      }),
    },
    async ({ user, params, body }) => {
      const { contentChanged, ticket } = await updateTicket(ctx.db, user, params.ticketKey, body);
      if (contentChanged) await hooks.contentChanged?.(ctx, ticket.id);
      await hooks.changed?.(ctx, ticket.id, user.id);
      return ticketView(ctx.db.kysely, await loadTicket(ctx.db.kysely, user, params.ticketKey));
    },
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/tickets/:ticketKey',
      summary: 'Delete a ticket for good: its criteria, history and comments go; nothing changes on the git provider',
      tag: 'tickets',
      status: 204,
      params: ticketParams,
    },
    async ({ user, params }) => deleteTicket(ctx.db, user, params.ticketKey),
  );
}
