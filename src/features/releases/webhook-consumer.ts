// Release (and tag) webhook deliveries, received through the one ingress and delivery log and
// applied by its job: the release is stored or marked deleted, and its commits listed after.
import type { Executor } from '../../db/database.ts';
import { type LinkedRepository, linkedRepositories } from '../../db/queries/repositories.ts';
import type { ReleaseEvent } from '../../providers/releases.ts';
import type { WebhookAdapter } from '../../providers/types.ts';
import type { ConsumedOutcome, WebhookConsumer } from '../feature.ts';
import { enqueueReleaseCommits } from './jobs.ts';
import { deleteRelease, upsertRelease } from './store.ts';

export function releaseWebhooks(wake: () => void): WebhookConsumer {
  return {
    uses(adapter: WebhookAdapter, event: string, action: string | null): boolean {
      if (!adapter.releaseEvent) return false;
      try {
        return adapter.releaseEvent(event, { action }) !== null;
      } catch {
        // An event it reads needs the payload to decide: the job will look.
        return true;
      }
    },

    parse(adapter: WebhookAdapter, event: string, body: unknown): ReleaseEvent | null {
      return adapter.releaseEvent?.(event, body) ?? null;
    },

    async apply(tx, afterCommit, delivery): Promise<ConsumedOutcome> {
      const event = delivery.parsed as ReleaseEvent;
      const repo = await linkedRepository(tx, delivery.projectId, event);
      if (!repo) return { outcome: 'ignored', error: `Repository ${event.repo.owner}/${event.repo.name} is not linked to this project`, repositoryId: null };
      const change = event.change === 'delete' ? await deleteRelease(tx, repo.id, event.release.externalId) : await upsertRelease(tx, repo.id, event.release);
      if (change === 'unchanged')
        return { outcome: 'ignored', error: `Release ${event.release.tag} is already stored as this delivery has it`, repositoryId: repo.id };
      await enqueueReleaseCommits(tx, repo.id);
      afterCommit(wake);
      return { outcome: 'applied', error: null, repositoryId: repo.id };
    },
  };
}

/** The project's repository the event is about: by provider id, else by owner/name. */
async function linkedRepository(tx: Executor, projectId: string, event: ReleaseEvent): Promise<LinkedRepository | null> {
  const mine = await linkedRepositories(tx, { projectIds: [projectId] });
  const { externalId, owner, name } = event.repo;
  return (
    (externalId ? mine.find((r) => r.externalId === externalId) : undefined) ??
    mine.find((r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase()) ??
    null
  );
}
