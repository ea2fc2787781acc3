/**
 * A one-time link that lets somebody in: an invitation (kind `invitation`: a new account for
 * `email`) or a password reset (kind `password_reset`: a new password for `user_id`). Only the
 * SHA-256 of its token is stored; the link itself is shown once, to whoever created it.
 */
export interface AccountLinksTable {
  id: string;
  kind: string;
  token_hash: string;
  email: string;
  /** The account a reset is for; for an invitation, the account it created once accepted. */
  user_id: string | null;
  /** An invitation's role: 1 for an administrator. */
  is_admin: number;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}
