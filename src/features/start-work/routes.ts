import type { AppContext } from '../../app-context.ts';
import type { Api } from '../../http/api.ts';
import { ticketParams, ticketSchema } from '../../http/routes/tickets.ts';
import { ticketView } from '../../services/tickets.ts';
import { requestStartWork } from './start-work.ts';

export function startWorkRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'POST',
      url: '/api/tickets/:ticketKey/start',
      tag: 'tickets',
      status: 202,
      params: ticketParams,
      response: ticketSchema,
      summary: 'Start work: branch, spec commit, pull request and reviewer, with your own credential; again to resume a failed flow',
    },
    async ({ user, params }) => ticketView(ctx.db.kysely, await requestStartWork(ctx, user, params.ticketKey)),
  );
}
