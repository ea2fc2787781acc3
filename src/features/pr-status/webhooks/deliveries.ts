import type { Db } from '../../../db/database.ts';
import { deliveryLogPage, findProjectDelivery, markPending, rejectionCount } from '../../../db/queries/webhooks.ts';
import { ticketKey } from '../../../domain/keys.ts';
import { Conflict, NotFound } from '../../../errors.ts';
import { enqueue } from '../../../jobs/queue.ts';
import { projectRole, requireProjectOwner } from '../../../services/access.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../../services/time-cursor.ts';
import type { User } from '../../../services/users.ts';
import { APPLY_DELIVERIES_JOB, type ApplyDeliveriesPayload } from '../jobs.ts';

export const DELIVERY_OUTCOMES = ['applied', 'ignored', 'duplicate', 'rejected', 'failed', 'pending'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** The project's stored deliveries, newest first, and how many were rejected (never stored). */
export async function listDeliveries(db: Db, user: User, projectId: string, page: { limit: number; cursor?: string }) {
  await projectRole(db.kysely, user, projectId);
  const cursor = page.cursor ? decodeTimeCursor(page.cursor) : null;
  const rows = await deliveryLogPage(db.kysely, projectId, { limit: page.limit, after: cursor });
  const project = await rejectionCount(db.kysely, projectId);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      provider: r.provider,
      event: r.event,
      action: r.action,
      deliveryId: r.delivery_id,
      verified: r.verified === 1,
      outcome: r.outcome as DeliveryOutcome,
      error: r.error,
      duplicates: Number(r.duplicates),
      lastDuplicateAt: r.last_duplicate_at,
      ticket: r.ticket_number !== null && r.ticket_project_key ? { key: ticketKey(r.ticket_project_key, r.ticket_number), title: r.ticket_title ?? '' } : null,
    })),
    rejectedCount: Number(project.rejected_deliveries),
    lastRejectedAt: project.last_rejected_at,
    nextCursor: rows.length > page.limit && last ? encodeTimeCursor({ at: last.received_at, id: last.id }) : null,
  };
}

/** Applies a stored delivery again (by Baton's id or the provider's delivery id). */
export async function replayDelivery(db: Db, wake: () => void, user: User, projectId: string, deliveryId: string): Promise<{ id: string; status: 'queued' }> {
  await requireProjectOwner(db.kysely, user, projectId);
  return db.transaction(async (tx, afterCommit) => {
    const row = await findProjectDelivery(tx, projectId, deliveryId);
    if (!row) throw new NotFound('Delivery');
    if (row.body_dropped_at) {
      throw new Conflict(
        `This delivery's payload was dropped on ${row.body_dropped_at.slice(0, 10)} (deliveries keep their payload for BATON_DELIVERY_RETENTION_DAYS), so it cannot be applied again; use Sync PR status on the ticket or project instead`,
        { deliveryId },
      );
    }
    await markPending(tx, row.id);
    await enqueue(tx, { kind: APPLY_DELIVERIES_JOB, payload: { deliveryIds: [row.id] } satisfies ApplyDeliveriesPayload });
    afterCommit(wake);
    return { id: row.id, status: 'queued' as const };
  });
}
