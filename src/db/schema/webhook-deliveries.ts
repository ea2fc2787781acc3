import type { Generated } from 'kysely';

export interface WebhookDeliveriesTable {
  id: string;
  project_id: string;
  provider: string;
  delivery_id: string;
  event: string;
  action: string | null;
  received_at: string;
  verified: number;
  /** pending | applied | ignored | duplicate | failed */
  outcome: string;
  error: string | null;
  headers: string; // JSON of the headers that matter (no signatures)
  body: string;
  /** How many times the same delivery id arrived again after this one was stored. */
  duplicates: Generated<number>;
  last_duplicate_at: string | null;
}
