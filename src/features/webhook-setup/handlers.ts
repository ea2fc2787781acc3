import type { AppContext } from '../../app-context.ts';
import type { ScheduleSpec } from '../../jobs/scheduler.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { CHECK_WEBHOOK_JOB, MAINTAIN_WEBHOOKS_JOB, REGISTER_WEBHOOK_JOB, REMOVE_WEBHOOK_JOB, repositoryPayload, TEST_WEBHOOK_JOB } from './jobs.ts';
import { followSecret, queueChecks } from './setup.ts';
import { checkWebhook, registerWebhook, removeWebhook, testWebhook } from './webhook-jobs.ts';

// A rotated secret reaches the providers, and a failure in a provider's log the card, within this long even when nobody looks.
const MAINTAIN_EVERY_SECONDS = 60;

export function webhookSetupHandlers(ctx: AppContext): Record<string, JobHandler> {
  const id = (payload: unknown) => repositoryPayload.parse(payload).repositoryId;
  return {
    [REGISTER_WEBHOOK_JOB]: (payload) => registerWebhook(ctx, id(payload)),
    [REMOVE_WEBHOOK_JOB]: (payload) => removeWebhook(ctx, id(payload)),
    [TEST_WEBHOOK_JOB]: (payload) => testWebhook(ctx, id(payload)),
    [CHECK_WEBHOOK_JOB]: (payload) => checkWebhook(ctx, id(payload)),
    [MAINTAIN_WEBHOOKS_JOB]: async () => {
      await followSecret(ctx, null);
      await queueChecks(ctx, null, true);
    },
  };
}

export function webhookSetupSchedules(): ScheduleSpec[] {
  return [{ name: 'webhook-maintain', kind: MAINTAIN_WEBHOOKS_JOB, intervalSeconds: MAINTAIN_EVERY_SECONDS }];
}
