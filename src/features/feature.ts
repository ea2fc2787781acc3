import type { AppContext } from '../app-context.ts';
import type { ServerParts } from '../http/server.ts';
import type { ScheduleSpec } from '../jobs/scheduler.ts';
import type { JobHandler } from '../jobs/worker.ts';
import type { TokenBroker } from '../services/token-brokers.ts';

/**
 * A feature beyond the core (accounts, projects, tickets, credentials, repositories): what it
 * adds to the server, the job kinds it handles and the recurring work it schedules. The
 * composition root registers each one; a feature never reaches into another's registration.
 */
export interface Feature {
  server?: ServerParts;
  handlers?: (ctx: AppContext) => Record<string, JobHandler>;
  schedules?: (ctx: AppContext) => ScheduleSpec[];
  /** Tokens the feature can supply beside people's stored credentials, when configured. */
  tokenBroker?: (ctx: AppContext) => TokenBroker | null;
}
