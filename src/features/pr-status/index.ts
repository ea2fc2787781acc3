// PR status: signed webhooks, delivery log, Sync PR status, stale-view refresh and
// periodic reconciliation, for every provider through one ingress and one apply path.
import type { AppContext } from '../../app-context.ts';
import type { Feature } from '../feature.ts';
import { prStatusHandlers, prStatusSchedules } from './handlers.ts';
import { enqueueTicketSync, prDataIsStale } from './sync-queue.ts';
import { prSyncRoutes } from './sync-routes.ts';
import { describeWebhookIngress, webhookIngress } from './webhooks/ingress.ts';
import { webhookRoutes } from './webhooks/routes.ts';

export function prStatusFeature(): Feature {
  async function refreshIfStale(ctx: AppContext, ticketId: string): Promise<void> {
    if (!(await prDataIsStale(ctx.db, ticketId))) return;
    await enqueueTicketSync(ctx.db, () => ctx.wakeWorkers(), ticketId, null);
  }

  return {
    server: {
      routes: [webhookRoutes, prSyncRoutes, describeWebhookIngress],
      plugins: [webhookIngress],
      ticketHooks: {
        // Not awaited: the page must not wait for a freshness check, let alone a provider.
        async viewed(ctx, ticketId) {
          refreshIfStale(ctx, ticketId).catch((err: unknown) => ctx.log.warn({ err, ticketId }, 'stale PR refresh not queued'));
        },
      },
    },
    handlers: prStatusHandlers,
    schedules: prStatusSchedules,
  };
}
