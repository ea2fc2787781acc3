export interface TicketHistoryTable {
  id: string;
  ticket_id: string;
  at: string;
  from_status: string | null;
  to_status: string;
  /** user | pr_event | sync | start_work */
  cause: string;
  actor_id: string | null;
  detail: string | null;
}
