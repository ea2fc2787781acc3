import type { Generated } from 'kysely';

export interface TicketsTable {
  id: string;
  project_id: string;
  number: number;
  key: string;
  title: string;
  spec: string;
  status: string;
  assignee_id: string | null;
  reviewer_id: string | null;
  repository_id: string | null;
  branch: string | null;
  /** JSON: the Start work flow's per-step state, null before the first start. */
  start_work: string | null;
  prs_synced_at: string | null;
  /** none | low | medium | high | urgent */
  priority: Generated<string>;
  /** When it left the board; null while on it. */
  archived_at: Generated<string | null>;
  created_at: string;
  updated_at: string;
}
