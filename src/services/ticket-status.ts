import { nowIso } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { insertHistory, updateTicketRow } from '../db/queries/tickets.ts';
import type { HistoryCause, TicketStatus } from '../domain/status.ts';

export interface StatusChangeOrigin {
  /** The webhook delivery (webhook_deliveries.id) whose event caused the move; the feed links to it. */
  deliveryId?: string | null;
  /** What found the change at the provider (a sync: "Sync PR status", "reconciliation"). */
  via?: string | null;
  /** The automation rule that moved the ticket ("Rule 2: when …, move to …"). */
  rule?: string;
}

/**
 * Move a ticket to `to` and record why in its activity feed: the cause, the words in `detail`
 * (an automatic move names what moved it there) and the delivery that caused it, if any.
 * A no-op when it is already there.
 */
export async function changeTicketStatus(
  tx: Executor,
  ticket: { id: string; status: string },
  to: TicketStatus,
  cause: HistoryCause,
  actorId: string | null,
  detail: string | null = null,
  origin: StatusChangeOrigin = {},
): Promise<boolean> {
  if (ticket.status === to) return false;
  const at = nowIso();
  await updateTicketRow(tx, ticket.id, { status: to, updated_at: at });
  await insertHistory(tx, {
    ticket_id: ticket.id,
    at,
    from_status: ticket.status,
    to_status: to,
    cause,
    actor_id: actorId,
    detail,
    ...(origin.deliveryId ? { delivery_id: origin.deliveryId } : {}),
    ...(origin.rule ? { rule: origin.rule } : {}),
    ...(origin.via ? { data: JSON.stringify({ via: origin.via }) } : {}),
  });
  ticket.status = to;
  return true;
}
