import type { Generated } from 'kysely';

export interface ProjectsTable {
  id: string;
  key: string;
  name: string;
  provider: string;
  settings: string; // JSON, provider-specific (baseUrl, organization, project)
  branch_prefix: string;
  draft_pull_requests: number;
  /** Defaults to 0 (off). */
  accept_fork_pull_requests: Generated<number>;
  ticket_counter: number;
  webhook_secret_ciphertext: string | null;
  webhook_secret_created_at: string | null;
  previous_webhook_secret_ciphertext: string | null;
  previous_webhook_secret_expires_at: string | null;
  rejected_deliveries: number;
  last_rejected_at: string | null;
  /** JSON AutomationRule[]: the project's own workflow rules; null while it keeps the defaults. */
  automation_rules: string | null;
  created_at: string;
  updated_at: string;
}
