import type { AcceptanceCriteriaTable } from './acceptance-criteria.ts';
import type { ApiTokensTable } from './api-tokens.ts';
import type { AuditEventsTable } from './audit-events.ts';
import type { GitCredentialsTable } from './git-credentials.ts';
import type { JobsTable } from './jobs.ts';
import type { LoginAttemptsTable } from './login-attempts.ts';
import type { ProjectMembersTable } from './project-members.ts';
import type { ProjectsTable } from './projects.ts';
import type { ProviderWriteSlotsTable } from './provider-write-slots.ts';
import type { PullRequestsTable } from './pull-requests.ts';
import type { RepositoriesTable } from './repositories.ts';
import type { SchedulesTable } from './schedules.ts';
import type { SessionsTable } from './sessions.ts';
import type { SetupTokensTable } from './setup-tokens.ts';
import type { TicketHistoryTable } from './ticket-history.ts';
import type { TicketsTable } from './tickets.ts';
import type { UsersTable } from './users.ts';
import type { WebhookDeliveriesTable } from './webhook-deliveries.ts';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  setup_tokens: SetupTokensTable;
  login_attempts: LoginAttemptsTable;
  git_credentials: GitCredentialsTable;
  projects: ProjectsTable;
  project_members: ProjectMembersTable;
  repositories: RepositoriesTable;
  tickets: TicketsTable;
  acceptance_criteria: AcceptanceCriteriaTable;
  ticket_history: TicketHistoryTable;
  pull_requests: PullRequestsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  audit_events: AuditEventsTable;
  provider_write_slots: ProviderWriteSlotsTable;
}
