/** A coloured label of one project. */
export interface LabelsTable {
  id: string;
  project_id: string;
  name: string;
  /** #rrggbb */
  color: string;
  created_at: string;
}

/** A label on a ticket. */
export interface TicketLabelsTable {
  ticket_id: string;
  label_id: string;
}
