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
  created_at: string;
}
