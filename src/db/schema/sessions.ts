/** A browser session; `id` is the SHA-256 of the cookie value, never the value itself. */
export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}
