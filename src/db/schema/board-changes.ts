import type { Generated } from 'kysely';

/** One change to a card, written by triggers (migration 018); API processes follow it to push changes to open boards. */
export interface BoardChangesTable {
  /** Increasing; PostgreSQL answers it as a string (bigserial). */
  id: Generated<number | string>;
  project_id: string;
  ticket_id: string;
  changed_at: string;
}
