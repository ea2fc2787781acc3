import { newId, nowIso } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import type { HistoryCause, TicketStatus } from '../domain/status.ts';

/** Move a ticket to `to` and record why; a no-op when it is already there. */
export async function changeTicketStatus(
  tx: Executor,
  ticket: { id: string; status: string },
  to: TicketStatus,
  cause: HistoryCause,
  actorId: string | null,
  detail: string | null = null,
): Promise<boolean> {
  if (ticket.status === to) return false;
  const at = nowIso();
  await tx.updateTable('tickets').set({ status: to, updated_at: at }).where('id', '=', ticket.id).execute();
  await tx
    .insertInto('ticket_history')
    .values({ id: newId(), ticket_id: ticket.id, at, from_status: ticket.status, to_status: to, cause, actor_id: actorId, detail })
    .execute();
  ticket.status = to;
  return true;
}
