// The board: its columns with true counts under combinable filters and search, the search
// across projects behind the command palette, and the live stream of card changes.
import { isoIn } from '../../clock.ts';
import { pruneBoardChanges } from '../../db/queries/board-changes.ts';
import type { Feature } from '../feature.ts';
import { boardEvents, describeBoardEvents } from './events.ts';
import { boardRoutes } from './routes.ts';

const PRUNE_CHANGES_JOB = 'board.prune-changes';
/** Followers read changes within a second; an hour leaves room for a slow one and for reading the table when debugging. */
const KEEP_CHANGES_MS = 3_600_000;

export function boardFeature(): Feature {
  return {
    server: { routes: [boardRoutes, describeBoardEvents], plugins: [boardEvents] },
    handlers: (ctx) => ({
      async [PRUNE_CHANGES_JOB]() {
        const pruned = await pruneBoardChanges(ctx.db.kysely, isoIn(-KEEP_CHANGES_MS));
        if (pruned) ctx.log.debug({ pruned }, 'board changes pruned');
      },
    }),
    schedules: () => [{ name: 'board-prune-changes', kind: PRUNE_CHANGES_JOB, intervalSeconds: 600 }],
  };
}
