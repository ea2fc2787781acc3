// Asking for PR reads: each becomes a job (singleton per ticket / per repository, so repeated
// asks while one is waiting or running cost nothing), enqueued in its own small transaction.
import { isoIn } from '../../clock.ts';
import type { Db } from '../../db/database.ts';
import { pullRequestFreshness } from '../../db/queries/pull-requests.ts';
import { repositoryIds } from '../../db/queries/repositories.ts';
import { enqueue } from '../../jobs/queue.ts';
import { RECONCILE_REPOSITORY_JOB, type ReconcileRepositoryPayload, SYNC_TICKET_JOB, type SyncTicketPayload } from './jobs.ts';

/** PR data older than this is refreshed in the background when its ticket is viewed. */
export const STALE_AFTER_MS = 2 * 60 * 1000;

export function enqueueTicketSync(db: Db, wake: () => void, ticketId: string, actorId: string | null): Promise<string> {
  return db.transaction(async (tx, afterCommit) => {
    afterCommit(wake);
    return enqueue(tx, { kind: SYNC_TICKET_JOB, payload: { ticketId, actorId } satisfies SyncTicketPayload, singletonKey: `${SYNC_TICKET_JOB}:${ticketId}` });
  });
}

/** One reconciliation job per linked repository of the project (all projects when null). */
export async function enqueueReconcile(db: Db, wake: () => void, projectId: string | null, actorId: string | null): Promise<number> {
  const repos = await repositoryIds(db.kysely, projectId);
  if (repos.length === 0) return 0;
  await db.transaction(async (tx, afterCommit) => {
    afterCommit(wake);
    for (const { id } of repos) {
      await enqueue(tx, {
        kind: RECONCILE_REPOSITORY_JOB,
        payload: { repositoryId: id, actorId } satisfies ReconcileRepositoryPayload,
        singletonKey: `${RECONCILE_REPOSITORY_JOB}:${id}`,
      });
    }
  });
  return repos.length;
}

/**
 * Whether the ticket's PR data is older than STALE_AFTER_MS: the newer of its last sync and its
 * least recently refreshed PR (a webhook refreshes one PR). A ticket without PRs has nothing to refresh.
 */
export async function prDataIsStale(db: Db, ticketId: string): Promise<boolean> {
  const row = await pullRequestFreshness(db.kysely, ticketId);
  if (!row || Number(row.prs) === 0) return false;
  const freshest = Math.max(Date.parse(row.prs_synced_at ?? '') || 0, Date.parse(String(row.oldest ?? '')) || 0);
  return freshest < Date.parse(isoIn(-STALE_AFTER_MS));
}
