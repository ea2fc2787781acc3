// Webhook setup: Baton registers each linked repository's webhook at the provider with the
// credential of the owner who asks, keeps it on the current secret, removes it on unlink, and
// reports its health on the Webhooks card.
import type { Feature } from '../feature.ts';
import { webhookSetupHandlers, webhookSetupSchedules } from './handlers.ts';
import { webhookSetupRoutes } from './routes.ts';
import { webhookOnLink, webhookOnUnlink } from './setup.ts';

export function webhookSetupFeature(): Feature {
  return {
    server: {
      routes: [webhookSetupRoutes],
      repositoryHooks: {
        // The repository is linked whatever happens here; a failure to queue shows on the card as "not set up".
        linked: (ctx, user, repository) =>
          webhookOnLink(ctx, user, repository.projectId, repository.id, repository.credentialId).catch((err: unknown) =>
            ctx.log.error({ err, repositoryId: repository.id }, 'webhook setup not queued'),
          ),
        unlinked: (ctx, repositoryId) =>
          webhookOnUnlink(ctx, repositoryId).catch((err: unknown) => ctx.log.error({ err, repositoryId }, 'webhook removal not queued')),
      },
    },
    handlers: webhookSetupHandlers,
    schedules: webhookSetupSchedules,
  };
}
