import { randomBytes } from 'node:crypto';
import { isoIn, nowIso } from '../../../clock.ts';
import type { SecretBox } from '../../../crypto/secret-box.ts';
import type { Db } from '../../../db/database.ts';
import { putWebhookSecret, webhookSecretsOf } from '../../../db/queries/webhooks.ts';
import { NotFound } from '../../../errors.ts';
import { projectRole, requireProjectOwner } from '../../../services/access.ts';
import type { User } from '../../../services/users.ts';
import { type WebhookSetup, webhookSetup, webhookUrl } from './setup.ts';

export interface WebhookSecretDeps {
  db: Db;
  secrets: SecretBox;
  publicUrl: string;
  graceSeconds: number;
}

export interface WebhookSecretView {
  url: string;
  /** When the current secret was made; null when none was ever generated. */
  createdAt: string | null;
  /** Until when the rotated-out secret is still accepted; null when it is not. */
  previousAcceptedUntil: string | null;
  setup: WebhookSetup;
}

export async function showWebhookSecret(deps: WebhookSecretDeps, user: User, projectId: string): Promise<WebhookSecretView> {
  await projectRole(deps.db.kysely, user, projectId);
  return view(deps, projectId);
}

/**
 * Makes a new secret and returns it, the only time it is ever shown. The one it replaces keeps
 * working for the grace period so deliveries are not lost while the provider is updated; a
 * secret rotated out earlier is dropped at once.
 */
export async function rotateWebhookSecret(deps: WebhookSecretDeps, user: User, projectId: string): Promise<WebhookSecretView & { secret: string }> {
  await requireProjectOwner(deps.db.kysely, user, projectId);
  const secret = randomBytes(32).toString('hex');
  const now = nowIso();
  const previousUntil = isoIn(deps.graceSeconds * 1000);
  await putWebhookSecret(deps.db.kysely, projectId, deps.secrets.seal(secret), now, previousUntil);
  return { ...(await view(deps, projectId)), secret };
}

async function view(deps: WebhookSecretDeps, projectId: string): Promise<WebhookSecretView> {
  const row = await webhookSecretsOf(deps.db.kysely, projectId);
  if (!row) throw new NotFound('Project');
  const url = webhookUrl(deps.publicUrl, row.provider, projectId);
  const until = row.previous_webhook_secret_expires_at;
  const previousAccepted = !!row.previous_webhook_secret_ciphertext && !!until && Date.parse(until) > Date.now();
  return { url, createdAt: row.webhook_secret_created_at, previousAcceptedUntil: previousAccepted ? until : null, setup: webhookSetup(row.provider, url) };
}
