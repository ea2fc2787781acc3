/** Something that concerns one person, about one ticket (see services/notifications.ts). */
export interface NotificationsTable {
  id: string;
  /** Who is told. */
  user_id: string;
  /** assigned | review_requested | mentioned | pr_merged | start_work_failed */
  kind: string;
  ticket_id: string;
  /** Who caused it; null for Baton itself (a webhook, a job). */
  actor_id: string | null;
  /** A line of context: the PR that merged, why Start work stopped, the words around a mention. */
  detail: string | null;
  created_at: string;
  read_at: string | null;
}
