import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import type { Api } from '../../http/api.ts';
import { projectParams } from '../../http/routes/projects.ts';
import { listWebhooks, requestRegistration, requestRemoval, requestTest } from './setup.ts';

const repositoryParams = z.strictObject({ projectId: z.uuid('must be a project id'), repositoryId: z.uuid('must be a repository id') });

const webhook = z
  .object({
    repositoryId: z.string(),
    repository: z.string().describe('owner/name'),
    status: z
      .enum(['not-set-up', 'pending', 'failed', 'testing', 'silent', 'failing', 'healthy', 'waiting'])
      .describe(
        'pending: Baton is registering, updating or removing it; failed: see error and missingPermission; testing: a test was asked for and has not arrived; silent: reconciliation caught changes no webhook delivered in the last day; failing: the provider reports a failed delivery newer than any received; waiting: registered (or covered by an app’s webhook), nothing received yet',
      ),
    registeredBy: z
      .enum(['baton', 'hand'])
      .nullable()
      .describe('baton: Baton registered it; hand: deliveries from this repository arrive but Baton did not set it up'),
    registeredByUserId: z.string().nullable(),
    coveredBy: z
      .object({
        name: z.string().describe('The webhook that covers the repository, as a sentence names it'),
        lastDeliveryAt: z.string().nullable().describe('Newest verified delivery about this repository through that webhook, when recorded'),
      })
      .nullable()
      .describe("An app installed on the provider delivers this repository's events through its one webhook: no repository webhook is needed"),
    providerHookId: z.string().nullable(),
    events: z.array(z.string()),
    registeredAt: z.string().nullable(),
    lastDeliveryAt: z.string().nullable().describe("Newest verified delivery to the project's webhook URL from this repository"),
    providerFailure: z
      .object({ at: z.string(), message: z.string() })
      .nullable()
      .describe("Newest failed attempt in the provider's delivery log, where it keeps one"),
    error: z.string().nullable(),
    missingPermission: z.string().nullable().describe('The permission the credential lacks to manage webhooks'),
    test: z.object({ requestedAt: z.string(), passed: z.boolean() }).nullable(),
    silentChanges: z.number().int().describe('Ticket changes in the last day that reconciliation made because no webhook had'),
    canTest: z.boolean().describe('"Send test" is offered: Baton registered the webhook and the provider has a test call'),
    withoutTest: z
      .string()
      .nullable()
      .describe("Where the provider's API has no test call: how the webhook shows it works instead (null where it has one, or no webhook is known)"),
  })
  .meta({ id: 'RepositoryWebhook' });

export function webhookSetupRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/webhooks',
      summary: "Each linked repository's webhook: who registered it, events, last delivery, status",
      tag: 'webhooks',
      params: projectParams,
      response: z.object({ items: z.array(webhook) }),
    },
    async ({ user, params }) => listWebhooks(ctx, user, params.projectId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/repositories/:repositoryId/webhook',
      summary: "Register the repository's webhook at the provider, or repair it, with your credential (owners); done by a job",
      tag: 'webhooks',
      status: 202,
      params: repositoryParams,
      response: webhook,
    },
    async ({ user, params }) => requestRegistration(ctx, user, params.projectId, params.repositoryId),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/projects/:projectId/repositories/:repositoryId/webhook',
      summary: 'Remove the webhook Baton registered (never one set up by hand) (owners); done by a job',
      tag: 'webhooks',
      status: 202,
      params: repositoryParams,
      response: z.object({ status: z.literal('removing') }),
    },
    async ({ user, params }) => {
      await requestRemoval(ctx, user, params.projectId, params.repositoryId);
      return { status: 'removing' as const };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/repositories/:repositoryId/webhook/test',
      summary: 'Ask the provider for a test delivery; the status turns healthy when it arrives (owners)',
      tag: 'webhooks',
      status: 202,
      params: repositoryParams,
      response: webhook,
    },
    async ({ user, params }) => requestTest(ctx, user, params.projectId, params.repositoryId),
  );
}
