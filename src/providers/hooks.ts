// The optional webhook capability of a provider: Baton registers, updates, tests and removes the
// webhook that points a repository at it, and reads the provider's own delivery log where one
// exists. Each provider implements it in its folder; this file names none of them.
import { ProviderError } from '../errors.ts';
import type { RepoRef } from './types.ts';

/** Where deliveries go and what proves they come from the provider. */
export interface HookTarget {
  url: string;
  secret: string;
}

/** A webhook at the provider, as Baton reads it back. */
export interface ProviderHook {
  /** The provider's id; several ids joined by "," where one webhook is several subscriptions. */
  id: string;
  url: string;
  /** The events it is subscribed to, in the provider's words. */
  events: string[];
  active: boolean;
}

/** One attempt of the provider to deliver, from its own log. */
export interface HookDelivery {
  at: string;
  event: string;
  ok: boolean;
  /** The answer the provider got (HTTP status); null when it got none. */
  status: number | null;
  /** The provider's words for a failure; null when it succeeded. */
  error: string | null;
}

export interface HookCapability {
  /** The events Baton subscribes to, in the provider's words. */
  readonly events: readonly string[];
  /** The permission a credential needs to manage webhooks, in the words of the provider's token screens. */
  readonly permission: string;

  /** The webhook of this repository whose payload URL is `url`, or null. */
  find(repo: RepoRef, url: string): Promise<ProviderHook | null>;
  /** Create the webhook for `target.url`, or update the one already there (events, secret, active): never a second one. */
  register(repo: RepoRef, target: HookTarget): Promise<{ hook: ProviderHook; created: boolean }>;
  /** Delete the webhook; false when it was already gone. */
  remove(repo: RepoRef, id: string): Promise<boolean>;
  /** Ask the provider to send a test delivery to the webhook; absent where its API has no such call. */
  test?(repo: RepoRef, id: string): Promise<void>;
  /** The provider's recent delivery attempts, newest first; absent where its API keeps no log. */
  deliveries?(repo: RepoRef, id: string): Promise<HookDelivery[]>;
}

/**
 * The credential may not manage webhooks: `missing` names the permission the way the provider's
 * token screen does, so a person can grant it.
 */
export class HookPermissionMissing extends ProviderError {
  constructor(
    readonly missing: string,
    message: string,
    /** The provider's status (403, or 404 where it hides what a credential may not manage). */
    readonly providerStatus: number | null = 403,
  ) {
    super('forbidden', message, null, 403);
    this.name = 'HookPermissionMissing';
  }
}

/**
 * Runs a webhook call, turning a refusal (403, or the 404 a provider answers when the
 * credential may see the repository but not its webhooks) into HookPermissionMissing.
 */
export async function needingHookPermission<T>(missing: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'forbidden' || error.kind === 'not_found') && !(error instanceof HookPermissionMissing)) {
      throw new HookPermissionMissing(missing, `This credential may not manage webhooks of ${what}: it needs ${missing}`, error.status);
    }
    throw error;
  }
}
