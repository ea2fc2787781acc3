/**
 * The webhook Baton manages at the provider for one linked repository. The row outlives an
 * unlink (`unlinked_at`) until the removal job has deleted the provider's webhook, so it holds
 * what that job needs: where the repository is and whose credential registered the webhook.
 */
export interface RepositoryWebhooksTable {
  repository_id: string;
  project_id: string;
  owner: string;
  name: string;
  /** registering | registered | failed | removing */
  state: string;
  /** The provider's id; null until registered (and for a webhook set up by hand). */
  provider_hook_id: string | null;
  url: string;
  /** JSON string[]: the events subscribed to, in the provider's words. */
  events: string;
  /** Who asked for it and whose credential acts for it. */
  registered_by: string | null;
  credential_id: string | null;
  registered_at: string | null;
  /** `webhook_secret_created_at` of the secret the provider holds: older than the project's means rotation has not reached it. */
  secret_created_at: string | null;
  /** Why the last attempt failed, in words a person can act on; null after a success. */
  error: string | null;
  /** The permission the credential lacks, when that is why it failed. */
  missing_permission: string | null;
  test_requested_at: string | null;
  /** From the provider's own delivery log, where it keeps one. */
  provider_failure_at: string | null;
  provider_failure: string | null;
  /** The newest delivery the provider's log shows as answered 2xx. */
  provider_success_at: string | null;
  provider_checked_at: string | null;
  unlinked_at: string | null;
  updated_at: string;
}
