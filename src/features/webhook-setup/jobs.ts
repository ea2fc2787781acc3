// Webhook setup's job kinds and their payloads. Kind names are `<subject>.<action>` (jobs/queue.ts).
import { z } from 'zod';

/** Create or update the provider's webhook of a repository (on link, "Set up webhook", a rotated secret). */
export const REGISTER_WEBHOOK_JOB = 'webhook.register';
/** Delete the webhook Baton created (on unlink, or "Remove"). */
export const REMOVE_WEBHOOK_JOB = 'webhook.remove';
/** Ask the provider for a test delivery. */
export const TEST_WEBHOOK_JOB = 'webhook.test';
/** Read the provider's delivery log for the newest failure. */
export const CHECK_WEBHOOK_JOB = 'webhook.check';
/** Periodically: update webhooks whose provider still holds a rotated-out secret, and read old delivery logs again. */
export const MAINTAIN_WEBHOOKS_JOB = 'webhook.maintain';

export const repositoryPayload = z.object({ repositoryId: z.string().min(1) });

// One live job per repository and action: asking twice while one waits changes nothing.
export const webhookJobKey = (kind: string, repositoryId: string) => `${kind}:${repositoryId}`;
