/** One-time links that let the first admin be created from the browser. */
export interface SetupTokensTable {
  token_hash: string;
  created_at: string;
  used_at: string | null;
}
