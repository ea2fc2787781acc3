// What the webhook jobs do at the provider, through the credential of the person who asked. A
// refusal for a missing permission, or a provider without webhook management, ends in a state
// the card shows with what to do; it is never retried. Other failures that may pass (rate limit,
// 5xx) are retried by the queue.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findCredentialById } from '../../db/queries/credentials.ts';
import { getProjectRow, toProject } from '../../db/queries/projects.ts';
import { findRepository } from '../../db/queries/repositories.ts';
import { deleteRepositoryWebhook, findRepositoryWebhook, type RepositoryWebhookRow, updateRepositoryWebhook } from '../../db/queries/repository-webhooks.ts';
import { putWebhookSecret, webhookSecretsOf } from '../../db/queries/webhooks.ts';
import { ProviderError } from '../../errors.ts';
import { type HookCapability, HookPermissionMissing } from '../../providers/hooks.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { RepoRef } from '../../providers/types.ts';
import { providerFor } from '../../services/repositories.ts';
import { attributeDeliveriesSince } from './delivery-repositories.ts';

// How long after "Send test" the deliveries that arrive are read for the one that answers it.
const TEST_WAIT_MS = 5 * 60 * 1000;

interface Acting {
  row: RepositoryWebhookRow;
  hooks: HookCapability;
  repo: RepoRef;
}

/**
 * The webhook row and the provider acting with the credential that asked for it; null when there
 * is no row, or when nobody can act for it, which is recorded for the card.
 */
async function acting(ctx: AppContext, repositoryId: string): Promise<Acting | null> {
  const row = await findRepositoryWebhook(ctx.db.kysely, repositoryId);
  if (!row) return null;
  const credential = row.credential_id ? await findCredentialById(ctx.db.kysely, row.credential_id) : undefined;
  const project = toProject(await getProjectRow(ctx.db.kysely, row.project_id), 'owner');
  const hooks = credential ? providerFor(ctx, project, credential).hooks : undefined;
  if (credential && hooks) return { row, hooks, repo: { owner: row.owner, name: row.name } };
  const error = credential
    ? `Baton cannot manage ${providerLabel(project.provider)} webhooks; follow the manual steps`
    : 'The credential that set up this webhook was deleted; press "Set up webhook" to use yours';
  await updateRepositoryWebhook(ctx.db.kysely, repositoryId, { state: 'failed', error, updated_at: nowIso() });
  return null;
}

/** A failure the card shows; a failure that may pass by itself is thrown for the queue to retry. */
async function settle(ctx: AppContext, repositoryId: string, error: unknown): Promise<void> {
  if (error instanceof ProviderError && error.retryable) throw error;
  if (!(error instanceof ProviderError)) throw error;
  const missing = error instanceof HookPermissionMissing ? error.missing : null;
  await updateRepositoryWebhook(ctx.db.kysely, repositoryId, { state: 'failed', error: error.message, missing_permission: missing, updated_at: nowIso() });
}

/** The project's current webhook secret, made now when it never had one. */
async function currentSecret(ctx: AppContext, projectId: string): Promise<{ secret: string; createdAt: string }> {
  const row = await webhookSecretsOf(ctx.db.kysely, projectId);
  if (row?.webhook_secret_ciphertext && row.webhook_secret_created_at) {
    return { secret: ctx.secrets.open(row.webhook_secret_ciphertext), createdAt: row.webhook_secret_created_at };
  }
  const secret = randomBytes(32).toString('hex');
  const now = nowIso();
  await putWebhookSecret(ctx.db.kysely, projectId, ctx.secrets.seal(secret), now, now);
  // Two first registrations at once: the one stored last wins, so read it back.
  return currentSecret(ctx, projectId);
}

export async function registerWebhook(ctx: AppContext, repositoryId: string): Promise<void> {
  // An unlinked repository gets no new webhook: its removal is queued instead.
  if (!(await findRepository(ctx.db.kysely, repositoryId))) return;
  const found = await acting(ctx, repositoryId);
  if (!found) return;
  const { row, hooks, repo } = found;
  const { secret, createdAt } = await currentSecret(ctx, row.project_id);
  try {
    const { hook } = await hooks.register(repo, { url: row.url, secret });
    const now = nowIso();
    await updateRepositoryWebhook(ctx.db.kysely, repositoryId, {
      state: 'registered',
      provider_hook_id: hook.id,
      events: JSON.stringify(hook.events),
      secret_created_at: createdAt,
      registered_at: now,
      error: null,
      missing_permission: null,
      updated_at: now,
    });
  } catch (error) {
    await settle(ctx, repositoryId, error);
  }
}

export async function removeWebhook(ctx: AppContext, repositoryId: string): Promise<void> {
  const found = await acting(ctx, repositoryId);
  if (!found) return;
  const { row, hooks, repo } = found;
  try {
    // Only the webhook Baton registered, by its id: a hook set up by hand is never touched.
    if (row.provider_hook_id) await hooks.remove(repo, row.provider_hook_id);
    await deleteRepositoryWebhook(ctx.db.kysely, repositoryId);
  } catch (error) {
    await settle(ctx, repositoryId, error);
  }
}

export async function testWebhook(ctx: AppContext, repositoryId: string): Promise<void> {
  const found = await acting(ctx, repositoryId);
  if (!found?.row.provider_hook_id) return;
  const { row, hooks, repo } = found;
  if (!hooks.test) return;
  try {
    await hooks.test(repo, row.provider_hook_id!);
  } catch (error) {
    if (!(error instanceof ProviderError) || error.retryable) throw error;
    // The webhook stays as it is; the card shows why the test could not be sent.
    const missing = error instanceof HookPermissionMissing ? error.missing : null;
    await updateRepositoryWebhook(ctx.db.kysely, repositoryId, { error: error.message, missing_permission: missing, updated_at: nowIso() });
  }
}

/**
 * While a test waits, learns which repository each delivery since it came from; and reads the
 * provider's delivery log, where it keeps one, for the newest failed attempt.
 */
export async function checkWebhook(ctx: AppContext, repositoryId: string): Promise<void> {
  const found = await acting(ctx, repositoryId);
  if (!found?.row.provider_hook_id) return;
  const { row, hooks, repo } = found;
  if (row.test_requested_at && Date.parse(row.test_requested_at) > Date.now() - TEST_WAIT_MS) {
    await attributeDeliveriesSince(ctx, row.project_id, row.test_requested_at);
  }
  if (!hooks.deliveries) return;
  try {
    const log = await hooks.deliveries(repo, row.provider_hook_id!);
    const failure = log.find((d) => !d.ok);
    const success = log.find((d) => d.ok);
    await updateRepositoryWebhook(ctx.db.kysely, repositoryId, {
      provider_failure_at: failure?.at ?? null,
      provider_failure: failure ? `${failure.error ?? 'failed'}${failure.status ? ` (HTTP ${failure.status})` : ''}` : null,
      provider_success_at: success?.at ?? null,
      provider_checked_at: nowIso(),
    });
  } catch (error) {
    if (!(error instanceof ProviderError) || error.retryable) throw error;
    await updateRepositoryWebhook(ctx.db.kysely, repositoryId, { provider_checked_at: nowIso() });
  }
}
