import type { Generated } from 'kysely';

/** Issue sync of one linked repository, with its import's resumable progress. */
export interface IssueSyncSettingsTable {
  repository_id: string;
  project_id: string;
  enabled: number;
  /** both | import */
  direction: string;
  label_filter: string | null;
  /** open | all */
  state: string;
  /** New Baton tickets of the repository open an issue too (direction both). */
  create_issues: Generated<number>;
  /** Who enabled it: their token reads where no app is installed. */
  enabled_by: string | null;
  /** idle | queued | running | done | failed */
  import_status: string;
  /** The next page of the issue listing to import; pages before it are done. */
  import_next_page: number;
  /** Issues imported (or found already linked). */
  import_done: number;
  /** How many issues there are: estimated from the listing's last page until the import ends. */
  import_total: number | null;
  import_total_exact: Generated<number>;
  import_error: string | null;
  import_started_at: string | null;
  import_finished_at: string | null;
  /** Newest issue `updated_at` seen: reconciliation lists from here. */
  watermark: string | null;
  reconciled_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Which Baton statuses an issue tracker sees as closed; where a closed and a reopened issue move. */
export interface IssueStatusMapsTable {
  project_id: string;
  /** JSON array of statuses that mean closed; the others mean open. */
  closed_statuses: string;
  /** Where a ticket moves when its issue is reopened. */
  open_status: string;
  /** Where a ticket moves when its issue is closed. */
  closed_status: string;
  updated_at: string;
}

/** The issue a ticket mirrors. */
export interface TicketIssuesTable {
  ticket_id: string;
  repository_id: string;
  number: number;
  external_id: string;
  url: string;
  state: string;
  close_reason: string | null;
  milestone_number: number | null;
  milestone_title: string | null;
  /** JSON array of every assignee's login, those mapped to nobody in Baton too. */
  assignees: string;
  provider_updated_at: string;
  /** JSON of the values both sides last agreed on (see features/issue-sync/snapshot.ts). */
  synced: string;
  /** Why the issue is no longer there (deleted, transferred to …); null while it is. */
  gone: string | null;
  created_at: string;
  updated_at: string;
}

export interface IssueRepositoryLabelsTable {
  repository_id: string;
  name: string;
  color: string;
}

export interface IssueRepositoryMilestonesTable {
  repository_id: string;
  number: number;
  title: string;
}
