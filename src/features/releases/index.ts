// Releases: each linked repository's releases (or tags), from webhooks and reconciliation, and
// for every ticket the first release that shipped all its merged pull requests.
import type { Feature } from '../feature.ts';
import { releaseHandlers, releaseSchedules } from './handlers.ts';
import { releaseRoutes } from './routes.ts';
import { releaseWebhooks } from './webhook-consumer.ts';

export function releasesFeature(): Feature {
  return {
    server: { routes: [releaseRoutes] },
    handlers: releaseHandlers,
    schedules: releaseSchedules,
    webhookConsumer: (ctx) => releaseWebhooks(() => ctx.wakeWorkers()),
  };
}
