// The webhooks Baton manages at providers, and what their health is read from: deliveries
// received and changes that only reconciliation caught.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../database.ts';
import type { RepositoryWebhooksTable } from '../schema/repository-webhooks.ts';

export type RepositoryWebhookRow = Selectable<RepositoryWebhooksTable>;

export const findRepositoryWebhook = (db: Executor, repositoryId: string) =>
  db.selectFrom('repository_webhooks').selectAll().where('repository_id', '=', repositoryId).executeTakeFirst();

/** The project's webhooks, those of unlinked repositories still being removed included. */
export const repositoryWebhooksOf = (db: Executor, projectId: string) =>
  db.selectFrom('repository_webhooks').selectAll().where('project_id', '=', projectId).execute();

export const registeredWebhooks = (db: Executor) => db.selectFrom('repository_webhooks').selectAll().where('state', '=', 'registered').execute();

/** Insert the row, or replace the request part of the one there (a repair keeps the provider's id). */
export const putRepositoryWebhook = (db: Executor, row: Insertable<RepositoryWebhooksTable>) =>
  db
    .insertInto('repository_webhooks')
    .values(row)
    .onConflict((oc) =>
      oc.column('repository_id').doUpdateSet({
        state: row.state,
        registered_by: row.registered_by,
        credential_id: row.credential_id,
        url: row.url,
        error: null,
        missing_permission: null,
        unlinked_at: null,
        updated_at: row.updated_at,
      }),
    )
    .execute();

export const updateRepositoryWebhook = (db: Executor, repositoryId: string, set: Updateable<RepositoryWebhooksTable>) =>
  db.updateTable('repository_webhooks').set(set).where('repository_id', '=', repositoryId).execute();

export const deleteRepositoryWebhook = (db: Executor, repositoryId: string) =>
  db.deleteFrom('repository_webhooks').where('repository_id', '=', repositoryId).execute();

/** Registered webhooks whose provider still holds an older secret than the project's current one. */
export const webhooksBehindSecret = (db: Executor, projectId: string | null) => {
  let query = db
    .selectFrom('repository_webhooks as w')
    .innerJoin('projects as p', 'p.id', 'w.project_id')
    .select(['w.repository_id', 'w.project_id'])
    .where('w.state', '=', 'registered')
    .where('w.unlinked_at', 'is', null)
    .where('p.webhook_secret_created_at', 'is not', null)
    .where((eb) => eb.or([eb('w.secret_created_at', 'is', null), eb('w.secret_created_at', '<>', eb.ref('p.webhook_secret_created_at'))]));
  if (projectId) query = query.where('w.project_id', '=', projectId);
  return query.execute();
};

/**
 * Each of the project's repositories' newest delivery (only verified deliveries are stored), by
 * repository id: the deliveries the apply job recorded as about it. One index probe per repository.
 */
export async function lastDeliveriesOf(db: Executor, projectId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('repositories as r')
    .select((eb) => [
      'r.id',
      eb
        .selectFrom('webhook_deliveries as d')
        .select((d) => d.fn.max('d.received_at').as('received_at'))
        .whereRef('d.repository_id', '=', 'r.id')
        .as('at'),
    ])
    .where('r.project_id', '=', projectId)
    .execute();
  return new Map(rows.filter((r) => r.at).map((r) => [r.id, r.at as string]));
}

/**
 * The project's deliveries received since `since` that name no repository yet and no job will
 * apply (ignored on arrival, as a test call's push is): newest first, at most `limit`.
 */
export const unattributedDeliveries = (db: Executor, projectId: string, since: string, limit: number) =>
  db
    .selectFrom('webhook_deliveries')
    .select(['id', 'provider', 'event', 'body'])
    .where('project_id', '=', projectId)
    .where('received_at', '>=', since)
    .where('repository_id', 'is', null)
    .where('outcome', '=', 'ignored')
    .where('body_dropped_at', 'is', null)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();

export const setDeliveryRepository = (db: Executor, ids: string[], repositoryId: string) =>
  db.updateTable('webhook_deliveries').set({ repository_id: repositoryId }).where('id', 'in', ids).where('repository_id', 'is', null).execute();

/**
 * Ticket status changes made by reconciliation or sync (cause `sync`) since `since`, for tickets
 * with a pull request in the repository: changes no webhook delivered in time.
 */
export async function changesCaughtBySync(db: Executor, repositoryId: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('ticket_history as h')
    .select((eb) => eb.fn.count<number>('h.id').distinct().as('n'))
    .where('h.kind', '=', 'status')
    .where('h.cause', '=', 'sync')
    .where('h.at', '>=', since)
    .where((eb) =>
      eb.exists(eb.selectFrom('pull_requests as pr').select('pr.id').whereRef('pr.ticket_id', '=', 'h.ticket_id').where('pr.repository_id', '=', repositoryId)),
    )
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
