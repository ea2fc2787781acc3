import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { Api } from '../../http/api.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { ticketParams } from '../../http/routes/tickets.ts';
import { projectRole } from '../../services/access.ts';
import { loadTicket } from '../../services/tickets.ts';
import { enqueueReconcile, enqueueTicketSync } from './sync-queue.ts';

export function prSyncRoutes(api: Api, ctx: AppContext): void {
  const wake = () => ctx.wakeWorkers();

  api.route(
    {
      method: 'POST',
      url: '/api/tickets/:ticketKey/sync',
      summary: 'Sync PR status: fetch the ticket’s pull requests from the provider now',
      tag: 'tickets',
      params: ticketParams,
      status: 202,
      response: z.object({ status: z.literal('queued'), jobId: z.string() }),
    },
    async ({ user, params }) => {
      const ticket = await loadTicket(ctx.db.kysely, user, params.ticketKey);
      const jobId = await enqueueTicketSync(ctx.db, wake, ticket.id, user.id);
      return { status: 'queued', jobId };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/sync',
      summary: 'Reconcile the pull requests of every linked repository now',
      tag: 'projects',
      params: projectParams,
      status: 202,
      response: z.object({ status: z.literal('queued'), repositories: z.number().int().describe('How many linked repositories will be reconciled') }),
    },
    async ({ user, params }) => {
      await projectRole(ctx.db.kysely, user, params.projectId);
      const repositories = await enqueueReconcile(ctx.db, wake, params.projectId, user.id);
      return { status: 'queued', repositories };
    },
  );
}
