import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import type { Api } from '../../../http/api.ts';
import { pageQuery } from '../../../http/routes/paging.ts';
import { projectParams } from '../../../http/routes/projects.ts';
import { DELIVERY_OUTCOMES, listDeliveries, replayDelivery } from './deliveries.ts';
import { rotateWebhookSecret, showWebhookSecret, type WebhookSecretDeps } from './webhook-secrets.ts';

const secretView = z
  .object({
    url: z.string(),
    createdAt: z.string().nullable(),
    previousAcceptedUntil: z.string().nullable(),
    setup: z.object({ contentType: z.string(), events: z.array(z.string()), steps: z.array(z.string()) }),
  })
  .meta({ id: 'WebhookInfo' });

const deliveryPage = z
  .object({
    items: z.array(
      z
        .object({
          id: z.string(),
          receivedAt: z.string(),
          provider: z.string(),
          event: z.string(),
          action: z.string().nullable(),
          deliveryId: z.string(),
          verified: z.boolean(),
          outcome: z.enum(DELIVERY_OUTCOMES),
          error: z.string().nullable(),
          duplicates: z.number().int().describe('Later copies of the same delivery (same provider delivery id) that were not applied again'),
          lastDuplicateAt: z.string().nullable(),
          ticket: z.object({ key: z.string(), title: z.string() }).nullable().describe('The ticket the delivered pull request is linked to, once applied'),
        })
        .meta({ id: 'Delivery' }),
    ),
    rejectedCount: z.number().int(),
    lastRejectedAt: z.string().nullable(),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'DeliveryPage' });

export function webhookRoutes(api: Api, ctx: AppContext): void {
  const deps: WebhookSecretDeps = { db: ctx.db, secrets: ctx.secrets, publicUrl: ctx.config.publicUrl, graceSeconds: ctx.config.webhookSecretGraceSeconds };
  const wake = () => ctx.wakeWorkers();

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/webhook-secret',
      summary: 'Webhook URL and provider settings; never the secret',
      tag: 'webhooks',
      params: projectParams,
      response: secretView,
    },
    async ({ user, params }) => showWebhookSecret(deps, user, params.projectId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/webhook-secret',
      tag: 'webhooks',
      params: projectParams,
      status: 201,
      summary: 'Generate (or rotate) the webhook secret, shown only in this answer; a rotated-out one stays valid for the grace period (owners)',
      response: secretView.extend({ secret: z.string() }),
    },
    async ({ user, params, reply }) => {
      reply.header('cache-control', 'no-store');
      return rotateWebhookSecret(deps, user, params.projectId);
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/deliveries',
      summary: 'Webhook deliveries, newest first, and the count of rejected ones',
      tag: 'webhooks',
      params: projectParams,
      query: pageQuery(z.string().max(200)),
      response: deliveryPage,
    },
    async ({ user, params, query }) => listDeliveries(ctx.db, user, params.projectId, query),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/deliveries/:deliveryId/replay',
      summary: 'Apply a stored delivery again (owners)',
      tag: 'webhooks',
      status: 202,
      params: z.strictObject({ projectId: z.uuid('must be a project id'), deliveryId: z.string().min(1).max(200) }),
      response: z.object({ id: z.string(), status: z.literal('queued') }),
    },
    async ({ user, params }) => replayDelivery(ctx.db, wake, user, params.projectId, params.deliveryId),
  );
}
