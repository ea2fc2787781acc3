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
  /** Empty once dropped (`body_dropped_at`). */
  body: string;
  /** When the retention period ran out and the body and headers were dropped; null while kept. */
  body_dropped_at: Generated<string | null>;
  /** How many times the same delivery id arrived again after this one was stored. */
  duplicates: Generated<number>;
  last_duplicate_at: string | null;
  /** The ticket an applied delivery's pull request is linked to. */
  ticket_id: Generated<string | null>;
  /** The linked repository the delivery was about, recorded when it was applied. */
  repository_id: Generated<string | null>;
}
