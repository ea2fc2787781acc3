// Start work: the route, the job that publishes the spec, opens the pull request and requests the
// reviewer with the developer's own credential, and the ticket hook that re-publishes the spec
// after an edit.
import type { Feature } from '../feature.ts';
import { startWorkHandlers } from './handlers.ts';
import { startWorkRoutes } from './routes.ts';
import { specChanged } from './start-work.ts';

export function startWorkFeature(): Feature {
  return {
    server: {
      routes: [startWorkRoutes],
      ticketHooks: {
        contentChanged: async (ctx, ticketId) => {
          // The edit is saved whatever happens here; a failure to queue is logged, not the edit's error.
          await specChanged(ctx, ticketId).catch((err: unknown) => ctx.log.error({ err, ticketId }, 'spec re-publish not queued'));
        },
      },
    },
    handlers: startWorkHandlers,
  };
}
