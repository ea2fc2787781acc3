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
  /** The automation rule that moved the ticket ("Rule 2: when …, move to …"); null for moves by a person. */
  rule: string | null;
  /** The webhook delivery whose event moved the ticket; null when sync, reconciliation or a person did. */
  delivery_id: string | null;
}
