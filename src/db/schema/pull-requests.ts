import type { Generated } from 'kysely';

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
  /** JSON ChecklistItem[]: the criteria checklist last read from the PR body (changes are applied, not states). */
  criteria_seen: string | null;
  /** The commit a merged PR put on its base branch (a merge, squash or rebase commit); null before merging or where unknown. */
  merge_commit_sha: Generated<string | null>;
  created_at: string;
}
