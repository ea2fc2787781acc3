import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { TICKET_KEY } from '../../domain/keys.ts';
import { TICKET_STATUSES } from '../../domain/status.ts';
import { createTicket, listTickets, loadTicket, ticketView, updateTicket } from '../../services/tickets.ts';
import type { Api } from '../api.ts';
import { pageQuery } from './paging.ts';
import { projectParams } from './projects.ts';

export const ticketParams = z.strictObject({ ticketKey: z.string().regex(TICKET_KEY, 'must be a ticket key such as PAY-12') });
const title = z.string().trim().min(1).max(200);
const spec = z.string().max(100_000);
const criterion = z.string().trim().min(1).max(1000);
const userRef = z.uuid().nullable();

/** Hooks features attach to ticket changes (e.g. re-publishing the spec). */
export interface TicketHooks {
  contentChanged?(ctx: AppContext, ticketId: string): Promise<void>;
  viewed?(ctx: AppContext, ticketId: string): Promise<void>;
}

export function ticketRoutes(api: Api, ctx: AppContext, hooks: TicketHooks = {}): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/tickets',
      summary: 'Tickets of a project, newest first',
      tag: 'tickets',
      params: projectParams,
      query: pageQuery(z.coerce.number().int().positive()).extend({ status: z.enum(TICKET_STATUSES).optional(), assigneeId: z.uuid().optional() }),
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
      params: projectParams,
      body: z.strictObject({
        title,
        spec: spec.optional(),
        acceptanceCriteria: z.array(criterion).max(100).optional(),
        status: z.enum(TICKET_STATUSES).optional(),
        assigneeId: userRef.optional(),
        reviewerId: userRef.optional(),
        repositoryId: z.uuid().nullable().optional(),
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
      body: z.strictObject({
        title: title.optional(),
        spec: spec.optional(),
        status: z.enum(TICKET_STATUSES).optional(),
        assigneeId: userRef.optional(),
        reviewerId: userRef.optional(),
        repositoryId: z.uuid().nullable().optional(),
        acceptanceCriteria: z
          .array(z.strictObject({ id: z.uuid().optional(), text: criterion, done: z.boolean().optional() }))
          .max(100)
          .optional(),
      }),
    },
    async ({ user, params, body }) => {
      const { contentChanged, ticket } = await updateTicket(ctx.db, user, params.ticketKey, body);
      if (contentChanged) await hooks.contentChanged?.(ctx, ticket.id);
      return ticketView(ctx.db.kysely, await loadTicket(ctx.db.kysely, user, params.ticketKey));
    },
  );
}
