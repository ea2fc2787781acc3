import { nowIso } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { insertHistory, updateTicketRow } from '../db/queries/tickets.ts';
import type { HistoryCause, TicketStatus } from '../domain/status.ts';

/** Move a ticket to `to` and record why; a no-op when it is already there. */
export async function changeTicketStatus(
  tx: Executor,
  ticket: { id: string; status: string },
  to: TicketStatus,
  cause: HistoryCause,
  actorId: string | null,
  detail: string | null = null,
  /** For automatic moves: the rule that moved the ticket and the webhook delivery that carried the event. */
  why: { rule: string; deliveryId: string | null } | null = null,
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
    rule: why?.rule ?? null,
    delivery_id: why?.deliveryId ?? null,
  });
  ticket.status = to;
  return true;
}
