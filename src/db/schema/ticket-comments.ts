/** A markdown comment on a ticket. */
export interface TicketCommentsTable {
  id: string;
  ticket_id: string;
  /** null once the author's account is gone. */
  author_id: string | null;
  body: string;
  created_at: string;
}
