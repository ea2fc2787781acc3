export interface PullRequestsTable {
  id: string;
  ticket_id: string | null;
  repository_id: string;
  number: number;
  external_id: string;
  url: string;
  title: string;
  head_branch: string;
  base_branch: string;
  state: string;
  provider_updated_at: string;
  synced_at: string;
  created_at: string;
}
