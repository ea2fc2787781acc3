// Issue sync's job kinds, their payloads and how they are asked for. Kind names are
// `<subject>.<action>` (jobs/queue.ts); each is a singleton per repository or ticket, so asking
// again while one waits costs nothing.
import { z } from 'zod';
import type { Db, Executor } from '../../db/database.ts';
import { enqueue } from '../../jobs/queue.ts';

export const IMPORT_JOB = 'issues.import';
export const RECONCILE_JOB = 'issues.reconcile-repository';
export const RECONCILE_ALL_JOB = 'issues.reconcile-all';
export const PUSH_JOB = 'issues.push';

export const repositoryPayload = z.object({ repositoryId: z.string().min(1) });
export const pushPayload = z.object({ ticketId: z.string().min(1), actorId: z.string().nullable().default(null) });

export const enqueueImport = (tx: Executor, repositoryId: string) =>
  enqueue(tx, { kind: IMPORT_JOB, payload: { repositoryId }, singletonKey: `${IMPORT_JOB}:${repositoryId}` });

export const enqueueIssueReconcile = (tx: Executor, repositoryId: string) =>
  enqueue(tx, { kind: RECONCILE_JOB, payload: { repositoryId }, singletonKey: `${RECONCILE_JOB}:${repositoryId}` });

/** Writes the ticket's changes to its issue, as `actorId` (null: with the sync's reading token). */
export function enqueuePush(db: Db, wake: () => void, ticketId: string, actorId: string | null): Promise<string> {
  return db.transaction(async (tx, afterCommit) => {
    afterCommit(wake);
    return enqueue(tx, { kind: PUSH_JOB, payload: { ticketId, actorId }, singletonKey: `${PUSH_JOB}:${ticketId}` });
  });
}
