import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { TICKET_STATUSES } from '../../domain/status.ts';
import type { Api } from '../../http/api.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { ticketFilterQuery, ticketSummary } from '../../http/routes/tickets.ts';
import { loadBoard, searchTickets } from './board.ts';

const column = z
  .object({
    status: z.enum(TICKET_STATUSES),
    /** Every ticket in the column under the filter, loaded or not. */
    count: z.number().int(),
    items: z.array(ticketSummary),
    nextCursor: z.string().nullable().describe('the rest of the column: GET /api/projects/{projectId}/tickets?status=…&cursor=… with the same filters'),
  })
  .meta({ id: 'BoardColumn' });

export function boardRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/board',
      summary: 'The board: every status column with its count and first page, under the filters',
      tag: 'tickets',
      params: projectParams,
      query: ticketFilterQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(50).describe('tickets per column') }),
      response: z.object({ columns: z.array(column) }).meta({ id: 'Board' }),
    },
    async ({ user, params, query: { limit, ...filter } }) => loadBoard(ctx.db.kysely, user, params.projectId, filter, limit),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/tickets',
      summary: 'Tickets matching a search in every project you can see, the most recently changed first',
      tag: 'tickets',
      query: z.strictObject({
        q: z.string().max(200, 'must be at most 200 characters').describe('a ticket key, or words matched as prefixes against key, title and spec'),
        limit: z.coerce.number().int().min(1).max(50).default(10),
      }),
      response: z.object({ items: z.array(ticketSummary) }),
    },
    async ({ user, query }) => searchTickets(ctx.db.kysely, user, query.q, query.limit),
  );
}
