import type { AppContext } from '../app-context.ts';
import type { AfterCommit, Executor } from '../db/database.ts';
import type { ServerParts } from '../http/server.ts';
import type { ScheduleSpec } from '../jobs/scheduler.ts';
import type { JobHandler } from '../jobs/worker.ts';
import type { WebhookAdapter } from '../providers/types.ts';
import type { AppWebhookSource } from '../services/app-webhooks.ts';
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
  /** Webhook events beyond pull requests the feature applies, received through the one ingress and delivery log. */
  webhookConsumer?: (ctx: AppContext) => WebhookConsumer;
  /** An app's webhook that covers repositories without a repository webhook, when configured. */
  appWebhook?: (ctx: AppContext) => AppWebhookSource | null;
}

/** What a delivery the consumer applies was decided to be, for the delivery log. */
export interface ConsumedOutcome {
  outcome: 'applied' | 'ignored';
  error: string | null;
  /** The linked repository the delivery is about, for the delivery log; null when none is. */
  repositoryId: string | null;
}

/**
 * Applies stored webhook deliveries of events other than pull requests (releases, tags). Ingress
 * asks `uses` before storing, the apply job `parse` outside and `apply` inside the transaction
 * that records the delivery's outcome, so each delivery is applied exactly once.
 */
export interface WebhookConsumer {
  /** Whether deliveries of this event and action are applied; answered from the action alone, no payload. */
  uses(adapter: WebhookAdapter, event: string, action: string | null): boolean;
  /** The delivery normalised, or null when it is not one this consumer applies. Throws for a malformed payload. */
  parse(adapter: WebhookAdapter, event: string, body: unknown): object | null;
  apply(tx: Executor, afterCommit: AfterCommit, delivery: { projectId: string; parsed: object }): Promise<ConsumedOutcome>;
}
