// Per-user git credentials, repository linking and Start work (issue 3, and Azure DevOps
// through the same services): routes, job handlers and the ticket hook that re-publishes specs.
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { credentialRoutes } from '../../http/routes/credentials.ts';
import { repositoryRoutes } from '../../http/routes/repositories.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import type { Capability } from '../../main.ts';
import { startWorkRoutes } from './routes.ts';
import { republishSpec } from './spec-republish.ts';
import { REPUBLISH_SPEC_JOB, START_WORK_JOB, specChanged } from './start-work.ts';
import { runStartWork } from './start-work-job.ts';

const ticketPayload = z.object({ ticketId: z.string().min(1) });

function handlers(ctx: AppContext): Record<string, JobHandler> {
  return {
    [START_WORK_JOB]: (payload, job) => runStartWork(ctx, ticketPayload.parse(payload).ticketId, job),
    [REPUBLISH_SPEC_JOB]: (payload) => republishSpec(ctx, ticketPayload.parse(payload).ticketId),
  };
}

export function gitWorkCapability(): Capability {
  return {
    server: {
      routes: [credentialRoutes, repositoryRoutes, startWorkRoutes],
      ticketHooks: {
        contentChanged: async (ctx, ticketId) => {
          // The edit is saved whatever happens here; a failure to queue is logged, not the edit's error.
          await specChanged(ctx, ticketId).catch((err: unknown) => ctx.log.error({ err, ticketId }, 'spec re-publish not queued'));
        },
      },
    },
    handlers,
  };
}
