// The App's one webhook covers every repository of an active installation: the Webhooks card
// says so (with when it last brought a delivery about the repository) instead of offering a
// repository webhook. A suspended or removed installation sends nothing, so covers nothing.
import type { AppWebhookSource } from '../../../services/app-webhooks.ts';
import { githubApp, sameBaseUrl } from './runtime.ts';
import { appReachOf } from './store.ts';

export const githubAppWebhookCoverage: AppWebhookSource = {
  async coverage(ctx, project, repository) {
    const app = githubApp(ctx);
    if (!app || project.provider !== 'github' || !sameBaseUrl(project.settings.baseUrl, app.config.baseUrl)) return null;
    const reach = await appReachOf(ctx.db.kysely, { owner: repository.owner, name: repository.name, externalId: repository.external_id });
    if (!reach || reach.deleted_at || reach.suspended_at) return null;
    return { name: "the GitHub App's webhook", lastDeliveryAt: reach.last_delivery_at };
  },
};
