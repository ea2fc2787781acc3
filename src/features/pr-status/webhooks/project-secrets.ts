// Which provider a project uses and which webhook secrets it accepts, read for every delivery.
// A short-lived per-process copy keeps a database read and two decryptions off the hot path; a
// signature that does not verify against the copy is checked again against a fresh read, so a
// newly generated secret works at once. What the copy can do is accept, for up to TTL_MS, a
// secret that was just dropped (a second rotation within the grace period, or the provider
// confirming the new secret).

import type { SecretBox } from '../../../crypto/secret-box.ts';
import type { Db } from '../../../db/database.ts';
import { webhookSecretsOf } from '../../../db/queries/webhooks.ts';

const TTL_MS = 1000;
const MAX_ENTRIES = 10_000;

export interface ProjectSecrets {
  provider: string;
  current: string | null;
  previous: { secret: string; until: number } | null;
  /** A stored secret could not be opened (the master key it was sealed with is not loaded). */
  unreadable: boolean;
}

export interface ProjectSecretsCache {
  get(projectId: string, fresh?: boolean): Promise<ProjectSecrets | null>;
}

/** The secrets accepted at `now`: the current one and a previous one still in its grace period. */
export function secretsAt(project: ProjectSecrets, now: number = Date.now()): string[] {
  const secrets = project.current ? [project.current] : [];
  if (project.previous && project.previous.until > now) secrets.push(project.previous.secret);
  return secrets;
}

export function createProjectSecretsCache(db: Db, box: SecretBox): ProjectSecretsCache {
  const entries = new Map<string, { at: number; value: ProjectSecrets }>();

  async function load(projectId: string): Promise<ProjectSecrets | null> {
    const row = await webhookSecretsOf(db.kysely, projectId);
    if (!row) return null;
    let unreadable = false;
    const open = (sealed: string | null) => {
      if (!sealed) return null;
      try {
        return box.open(sealed);
      } catch {
        unreadable = true;
        return null;
      }
    };
    // Past its grace period the rotated-out secret is still accepted while a webhook Baton
    // registered has not been moved to the new one: its provider still signs with the old.
    const held = Boolean(row.previous_secret_held);
    const until = held ? Number.POSITIVE_INFINITY : Date.parse(row.previous_webhook_secret_expires_at ?? '');
    const current = open(row.webhook_secret_ciphertext);
    const previous = until > Date.now() ? open(row.previous_webhook_secret_ciphertext) : null;
    return { provider: row.provider, current, previous: previous ? { secret: previous, until } : null, unreadable };
  }

  return {
    async get(projectId, fresh = false) {
      const now = Date.now();
      const hit = entries.get(projectId);
      if (hit && !fresh && now - hit.at < TTL_MS) return hit.value;
      const value = await load(projectId);
      // Unknown projects are not kept: anybody can ask for any id.
      if (!value) {
        entries.delete(projectId);
        return null;
      }
      if (entries.size >= MAX_ENTRIES) entries.clear();
      entries.set(projectId, { at: now, value });
      return value;
    },
  };
}
