import type { AcceptanceCriteriaTable } from './acceptance-criteria.ts';
import type { AccountLinksTable } from './account-links.ts';
import type { ApiTokensTable } from './api-tokens.ts';
import type { AuditEventsTable } from './audit-events.ts';
import type { BoardChangesTable } from './board-changes.ts';
import type { GitCredentialsTable } from './git-credentials.ts';
import type { GitHubAppAuthorizationsTable, GitHubAppInstallationsTable, GitHubAppRepositoriesTable, GitHubAppStatesTable } from './github-app.ts';
import type {
  IssueRepositoryLabelsTable,
  IssueRepositoryMilestonesTable,
  IssueStatusMapsTable,
  IssueSyncSettingsTable,
  TicketIssuesTable,
} from './issue-sync.ts';
import type { JobsTable } from './jobs.ts';
import type { LabelsTable, TicketLabelsTable } from './labels.ts';
import type { LoginAttemptsTable } from './login-attempts.ts';
import type { NotificationsTable } from './notifications.ts';
import type { ProjectMembersTable } from './project-members.ts';
import type { ProjectsTable } from './projects.ts';
import type { ProviderWriteSlotsTable } from './provider-write-slots.ts';
import type { PullRequestsTable } from './pull-requests.ts';
import type { ReleaseCommitsTable, ReleasesTable } from './releases.ts';
import type { RepositoriesTable } from './repositories.ts';
import type { RepositoryWebhooksTable } from './repository-webhooks.ts';
import type { SchedulesTable } from './schedules.ts';
import type { SessionsTable } from './sessions.ts';
import type { SetupTokensTable } from './setup-tokens.ts';
import type { TicketCommentsTable } from './ticket-comments.ts';
import type { TicketHistoryTable } from './ticket-history.ts';
import type { TicketsTable } from './tickets.ts';
import type { UsersTable } from './users.ts';
import type { WebhookDeliveriesTable } from './webhook-deliveries.ts';

export interface Database {
  users: UsersTable;
  account_links: AccountLinksTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
  login_attempts: LoginAttemptsTable;
  git_credentials: GitCredentialsTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  repositories: RepositoriesTable;
  repository_webhooks: RepositoryWebhooksTable;
  tickets: TicketsTable;
  acceptance_criteria: AcceptanceCriteriaTable;
  ticket_history: TicketHistoryTable;
  pull_requests: PullRequestsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  audit_events: AuditEventsTable;
  notifications: NotificationsTable;
  labels: LabelsTable;
  ticket_labels: TicketLabelsTable;
  ticket_comments: TicketCommentsTable;
  provider_write_slots: ProviderWriteSlotsTable;
  board_changes: BoardChangesTable;
  github_app_installations: GitHubAppInstallationsTable;
  github_app_repositories: GitHubAppRepositoriesTable;
  github_app_authorizations: GitHubAppAuthorizationsTable;
  github_app_states: GitHubAppStatesTable;
  releases: ReleasesTable;
  release_commits: ReleaseCommitsTable;
  issue_sync_settings: IssueSyncSettingsTable;
  issue_status_maps: IssueStatusMapsTable;
  ticket_issues: TicketIssuesTable;
  issue_repository_labels: IssueRepositoryLabelsTable;
  issue_repository_milestones: IssueRepositoryMilestonesTable;
}
