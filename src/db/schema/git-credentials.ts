import type { Generated } from 'kysely';

export interface GitCredentialsTable {
  id: string;
  user_id: string;
  provider: string;
  owner: string;
  base_url: string;
  token_ciphertext: string;
  token_last4: string;
  login: string;
  external_user_id: string | null;
  scopes: string; // JSON string[]
  missing: string; // JSON string[]
  /** JSON object: the provider's kept credential fields (e.g. the account email a token is sent with). */
  fields: Generated<string>;
  expires_at: string | null;
  validated_at: string;
  created_at: string;
}
