import type { Generated } from 'kysely';

/** The ticket's activity feed: status moves and every other change (`kind`, domain/activity.ts). */
export interface TicketHistoryTable {
  id: string;
  ticket_id: string;
  at: string;
  /** Status moves only. */
  from_status: string | null;
  /** Status moves only (and the creation entry); null for every other kind. */
  to_status: string | null;
  /** user | pr_event | sync | start_work */
  cause: string;
  actor_id: string | null;
  detail: string | null;
  /** The automation rule that moved the ticket ("Rule 2: when …, move to …"); null for moves by a person. */
  rule: string | null;
  /** The webhook delivery (webhook_deliveries.id) whose event caused the change; null when sync, reconciliation or a person did. */
  delivery_id: string | null;
  /** status, assignee, labels, pull_request, ... (ACTIVITY_KINDS) */
  kind: Generated<string>;
  /** JSON: the kind's own fields (ActivityData). */
  data: Generated<string | null>;
}
