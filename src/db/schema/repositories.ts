import type { Generated } from 'kysely';

export interface RepositoriesTable {
  id: string;
  project_id: string;
  provider: string;
  owner: string;
  name: string;
  external_id: string;
  default_branch: string;
  web_url: string;
  credential_id: string | null;
  /** Newest provider `updated_at` seen by reconciliation. */
  reconcile_watermark: string | null;
  reconcile_etag: string | null;
  reconciled_at: string | null;
  /** The releases listing's ETag from the last release reconciliation. */
  releases_etag: Generated<string | null>;
  releases_reconciled_at: Generated<string | null>;
  created_at: string;
}
