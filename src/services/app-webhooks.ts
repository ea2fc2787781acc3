// Webhooks that cover repositories without a repository webhook of their own: an app installed
// on the provider has one webhook for every repository it is installed on. Features register a
// source for such webhooks (see Feature.appWebhook); the Webhooks card asks them, so it says a
// repository is covered instead of offering a repository webhook nobody needs. Nothing here
// names a provider.
import type { AppContext } from '../app-context.ts';
import type { Project } from '../db/queries/projects.ts';
import type { RepositoryRow } from '../db/queries/repositories.ts';
import type { BrokerContext } from './token-brokers.ts';

export interface AppWebhookCoverage {
  /** The webhook that covers the repository, as people read it in a sentence (e.g. "the organisation app's webhook"). */
  name: string;
  /** Newest verified delivery about the repository through that webhook, when recorded. */
  lastDeliveryAt: string | null;
}

export interface AppWebhookSource {
  /** Whether the source's webhook delivers the repository's events now; null when it does not. */
  coverage(ctx: BrokerContext, project: Project, repository: Pick<RepositoryRow, 'owner' | 'name' | 'external_id'>): Promise<AppWebhookCoverage | null>;
}

/** The first source that covers the repository, or null. */
export async function appWebhookCoverage(
  ctx: BrokerContext & Pick<AppContext, 'appWebhooks'>,
  project: Project,
  repository: Pick<RepositoryRow, 'owner' | 'name' | 'external_id'>,
): Promise<AppWebhookCoverage | null> {
  for (const source of ctx.appWebhooks ?? []) {
    const covered = await source.coverage(ctx, project, repository);
    if (covered) return covered;
  }
  return null;
}
