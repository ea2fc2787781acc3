// Issue sync: a linked repository's issues imported into tickets and kept in step both ways —
// webhooks and reconciliation in, the acting person's writes out — through one apply path.
import type { Feature } from '../feature.ts';
import { issueSyncHandlers, issueSyncSchedules } from './handlers.ts';
import { enqueuePush } from './jobs.ts';
import { issueSyncRoutes } from './routes.ts';
import { issueDeliveryConsumer } from './webhooks.ts';

export function issueSyncFeature(): Feature {
  return {
    server: {
      routes: [issueSyncRoutes],
      ticketHooks: {
        async changed(ctx, ticketId, actorId) {
          const linked = await ctx.db.kysely
            .selectFrom('ticket_issues')
            .select('ticket_id')
            .where('ticket_id', '=', ticketId)
            .where('gone', 'is', null)
            .executeTakeFirst();
          if (linked) await enqueuePush(ctx.db, () => ctx.wakeWorkers(), ticketId, actorId);
        },
      },
    },
    handlers: issueSyncHandlers,
    schedules: issueSyncSchedules,
    webhookConsumer: (ctx) => issueDeliveryConsumer(ctx),
  };
}
