export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  is_admin: number;
  /** Set while the person may not sign in or use a token; the row stays so history names them. */
  deactivated_at: string | null;
  created_at: string;
  updated_at: string;
}
