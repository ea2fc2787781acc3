export interface AuditEventsTable {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  target: string;
  detail: string | null;
}
