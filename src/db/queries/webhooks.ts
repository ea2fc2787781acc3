// Webhook deliveries as stored on arrival, and the per-project webhook secrets and rejection count.
import type { Insertable } from 'kysely';
import { type Executor, engineOf } from '../database.ts';
import type { WebhookDeliveriesTable } from '../schema/webhook-deliveries.ts';

/** Inserts the batch in one statement; returns the ids stored, leaving out deliveries whose (provider, delivery id) exists already. */
export async function insertDeliveries(tx: Executor, rows: Insertable<WebhookDeliveriesTable>[]): Promise<Set<string>> {
  const inserted = await tx
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['provider', 'delivery_id']).doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((r) => r.id));
}

/** Counts a repeat of a stored delivery (its row keeps its outcome); returns the stored row's id. */
export async function countDuplicate(tx: Executor, d: { provider: string; deliveryId: string; receivedAt: string }): Promise<string> {
  const seen = await tx
    .updateTable('webhook_deliveries')
    .set((eb) => ({ duplicates: eb('duplicates', '+', 1), last_duplicate_at: d.receivedAt }))
    .where('provider', '=', d.provider)
    .where('delivery_id', '=', d.deliveryId)
    .returning('id')
    .executeTakeFirstOrThrow();
  return seen.id;
}

/** The still-pending deliveries among `ids`, with what applying reads, in arrival order. */
export async function pendingDeliveries(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'project_id', 'provider', 'event', 'body', 'received_at'])
    .where('id', 'in', ids)
    .where('outcome', '=', 'pending')
    .orderBy('received_at')
    .orderBy('id')
    .execute();
}

/**
 * Those of `ids` still pending, locked until the transaction ends. PostgreSQL locks them in id
 * order, so a second transaction over some of the same deliveries waits for the first, then finds
 * them decided; SQLite's one writer at a time needs no row locks.
 */
export async function lockPending(tx: Executor, ids: string[]): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('id', 'in', ids)
    .where('outcome', '=', 'pending')
    .orderBy('id')
    .$if(engineOf(tx) === 'postgres', (q) => q.forUpdate())
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Ids of deliveries pending since before `before`, oldest first. */
export async function pendingSince(db: Executor, before: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('outcome', '=', 'pending')
    .where('received_at', '<', before)
    .orderBy('received_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Writes the outcome over those of `ids` still pending (a row is decided once); returns how many it wrote. */
export async function decideDeliveries(
  db: Executor,
  ids: string[],
  outcome: string,
  error: string | null,
  ticketId: string | null = null,
  repositoryId: string | null = null,
): Promise<number> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ outcome, error, ticket_id: ticketId, repository_id: repositoryId })
    .where('id', 'in', ids)
    .where('outcome', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A page of the project's deliveries, newest first, after the cursor; one row more than `limit` when there is a next page. */
export const deliveryLogPage = (db: Executor, projectId: string, page: { limit: number; after: { at: string; id: string } | null }) =>
  db
    .selectFrom('webhook_deliveries as d')
    .leftJoin('tickets as t', 't.id', 'd.ticket_id')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .select(['d.id', 'd.received_at', 'd.provider', 'd.event', 'd.action', 'd.delivery_id', 'd.verified', 'd.outcome', 'd.error', 'd.duplicates'])
    .select(['d.last_duplicate_at', 't.number as ticket_number', 't.title as ticket_title', 'p.key as ticket_project_key'])
    .where('d.project_id', '=', projectId)
    .$if(page.after !== null, (q) =>
      q.where((eb) => eb.or([eb('d.received_at', '<', page.after!.at), eb.and([eb('d.received_at', '=', page.after!.at), eb('d.id', '<', page.after!.id)])])),
    )
    .orderBy('d.received_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1)
    .execute();

/** The project's delivery by Baton's id or the provider's delivery id. */
export const findProjectDelivery = (db: Executor, projectId: string, id: string) =>
  db
    .selectFrom('webhook_deliveries')
    .select(['id', 'body_dropped_at'])
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('id', '=', id), eb('delivery_id', '=', id)]))
    .executeTakeFirst();

export const markPending = (tx: Executor, id: string) =>
  tx.updateTable('webhook_deliveries').set({ outcome: 'pending', error: null }).where('id', '=', id).execute();

export const rejectionCount = (db: Executor, projectId: string) =>
  db.selectFrom('projects').select(['rejected_deliveries', 'last_rejected_at']).where('id', '=', projectId).executeTakeFirstOrThrow();

/** Counts a delivery refused before it was stored. */
export const countRejected = (db: Executor, projectId: string, at: string) =>
  db
    .updateTable('projects')
    .set((eb) => ({ rejected_deliveries: eb('rejected_deliveries', '+', 1), last_rejected_at: at }))
    .where('id', '=', projectId)
    .execute();

/**
 * The project's provider and sealed webhook secrets, current and rotated-out, and whether a
 * webhook Baton registered may still sign with the rotated-out one: its provider has not yet
 * confirmed the current secret (an update is queued or being retried). A webhook whose update
 * failed for good is not counted: the card asks a person to act, and the old secret expires.
 */
export const webhookSecretsOf = (db: Executor, projectId: string) =>
  db
    .selectFrom('projects')
    .select(['provider', 'webhook_secret_created_at', 'webhook_secret_ciphertext', 'previous_webhook_secret_ciphertext', 'previous_webhook_secret_expires_at'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('repository_webhooks as w')
            .select('w.repository_id')
            .whereRef('w.project_id', '=', 'projects.id')
            .where('w.provider_hook_id', 'is not', null)
            .where('w.state', '<>', 'failed')
            .where((w) => w.or([w('w.secret_created_at', 'is', null), w('w.secret_created_at', '<>', w.ref('projects.webhook_secret_created_at'))])),
        )
        .as('previous_secret_held'),
    )
    .where('id', '=', projectId)
    .executeTakeFirst();

/**
 * Makes `sealed` the current secret and keeps the one it replaces until `previousUntil`; a secret
 * rotated out earlier is dropped. One statement, so two rotations at once cannot both keep the
 * same previous secret.
 */
export const putWebhookSecret = (db: Executor, projectId: string, sealed: string, now: string, previousUntil: string) =>
  db
    .updateTable('projects')
    .set((eb) => ({
      previous_webhook_secret_ciphertext: eb.ref('webhook_secret_ciphertext'),
      previous_webhook_secret_expires_at: eb.case().when('webhook_secret_ciphertext', 'is', null).then(null).else(previousUntil).end(),
      webhook_secret_ciphertext: sealed,
      webhook_secret_created_at: now,
      updated_at: now,
    }))
    .where('id', '=', projectId)
    .execute();

/**
 * Drops the bodies (and kept headers) of up to `limit` deliveries received before `before`,
 * oldest first, keeping each row's summary; pending ones are kept until applied. Returns how many.
 */
export async function dropOldBodies(db: Executor, before: string, limit: number, now: string): Promise<number> {
  const oldest = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('body_dropped_at', 'is', null)
    .where('received_at', '<', before)
    .where('outcome', '!=', 'pending')
    .orderBy('received_at')
    .limit(limit);
  const result = await db.updateTable('webhook_deliveries').set({ body: '', headers: '{}', body_dropped_at: now }).where('id', 'in', oldest).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
