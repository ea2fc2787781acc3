// Releases' job kinds and their payloads. Kind names are `<subject>.<action>` (jobs/queue.ts).
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { enqueue } from '../../jobs/queue.ts';

export const RECONCILE_ALL_RELEASES_JOB = 'release.reconcile-all';
export const RECONCILE_RELEASES_JOB = 'release.reconcile-repository';
export const LIST_RELEASE_COMMITS_JOB = 'release.list-commits';

export const repositoryPayload = z.object({ repositoryId: z.string().min(1) });
export type RepositoryPayload = z.input<typeof repositoryPayload>;

/**
 * Lists the commits of the repository's releases that need it, after the transaction that
 * changed its releases. One job per repository: a change while it runs makes it run once more.
 */
export const enqueueReleaseCommits = (tx: Executor, repositoryId: string) =>
  enqueue(tx, {
    kind: LIST_RELEASE_COMMITS_JOB,
    payload: { repositoryId } satisfies RepositoryPayload,
    singletonKey: `${LIST_RELEASE_COMMITS_JOB}:${repositoryId}`,
  });

export const enqueueReleaseReconcile = (tx: Executor, repositoryId: string) =>
  enqueue(tx, {
    kind: RECONCILE_RELEASES_JOB,
    payload: { repositoryId } satisfies RepositoryPayload,
    singletonKey: `${RECONCILE_RELEASES_JOB}:${repositoryId}`,
  });
