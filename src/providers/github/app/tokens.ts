// Installation tokens and people's user-to-server tokens, kept fresh. Both are cached sealed in
// the database and renewed five minutes before they expire. One process at a time renews a
// given token (a lease on its row); the others wait for its result instead of minting their own,
// so N workers hitting an expired token cost GitHub one call. A refused authorisation deletes
// the person's tokens and leaves a note their profile shows.
// https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
import { setTimeout as delay } from 'node:timers/promises';
import type { SecretBox } from '../../../crypto/secret-box.ts';
import type { Db } from '../../../db/database.ts';
import { ProviderError } from '../../../errors.ts';
import type { GitHubAppClient, UserTokens } from './client.ts';
import {
  type AuthorizationRow,
  claimAuthorizationRefresh,
  claimInstallationRefresh,
  findAuthorization,
  findInstallation,
  type InstallationRow,
  updateAuthorization,
  updateInstallation,
} from './store.ts';

/** Renew this long before expiry, so a token never expires in the middle of a job. */
export const REFRESH_EARLY_MS = 5 * 60_000;
/** How long one process may take to renew before another may try. */
const LEASE_MS = 30_000;

/** The installation cannot be used: removed from GitHub, suspended, or never recorded. */
export class InstallationUnavailable extends ProviderError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'InstallationUnavailable';
  }
}

export interface PersonToken {
  token: string;
  login: string;
  githubUserId: string;
}

export interface TokenManagerDeps {
  db: Db;
  secrets: SecretBox;
  client: GitHubAppClient;
  now?: () => number;
}

export type TokenManager = ReturnType<typeof createTokenManager>;

export function createTokenManager(deps: TokenManagerDeps) {
  const now = deps.now ?? Date.now;
  const db = deps.db.kysely;
  const fresh = (expiresAt: string | null) => expiresAt === null || Date.parse(expiresAt) - now() > REFRESH_EARLY_MS;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);

  /** Waits for the lease holder's result: the row changes, or its lease runs out. */
  async function waitForRenewal<T>(read: () => Promise<T | undefined>, done: (row: T) => boolean, leaseOf: (row: T) => number | null): Promise<void> {
    for (let wait = 10; ; wait = Math.min(wait * 2, 250)) {
      await delay(wait);
      const row = await read();
      if (!row || done(row)) return;
      const lease = leaseOf(row);
      if (lease === null || lease < now()) return;
    }
  }

  function usable(row: InstallationRow | undefined, id: string): InstallationRow {
    if (!row) throw new InstallationUnavailable(`GitHub App installation ${id} is not known to Baton; install the App again from Project settings → Git`);
    if (row.deleted_at) throw new InstallationUnavailable(`The GitHub App was uninstalled from ${row.account}; install it again from Project settings → Git`);
    if (row.suspended_at)
      throw new InstallationUnavailable(`The GitHub App is suspended on ${row.account}; an owner of ${row.account} can unsuspend it on GitHub`);
    return row;
  }

  async function installationToken(installationId: string): Promise<string> {
    for (;;) {
      const row = usable(await findInstallation(db, installationId), installationId);
      if (row.token_ciphertext && fresh(row.token_expires_at)) return deps.secrets.open(row.token_ciphertext);
      if (await claimInstallationRefresh(db, installationId, now(), LEASE_MS)) {
        // Another process may have renewed it between our read and our lease: read again under the lease.
        const current = await findInstallation(db, installationId);
        if (!current || current.deleted_at || current.suspended_at || (current.token_ciphertext && fresh(current.token_expires_at))) {
          await updateInstallation(db, installationId, { refreshing_until: null });
          continue;
        }
        try {
          const minted = await deps.client.createInstallationToken(installationId);
          await updateInstallation(db, installationId, {
            token_ciphertext: deps.secrets.seal(minted.token),
            token_expires_at: iso(minted.expiresAt),
            refreshing_until: null,
          });
          return minted.token;
        } catch (err) {
          await updateInstallation(db, installationId, { refreshing_until: null });
          // GitHub no longer knows the installation: it was removed while no webhook told us.
          if (err instanceof ProviderError && err.kind === 'not_found') {
            await updateInstallation(db, installationId, { deleted_at: new Date(now()).toISOString(), token_ciphertext: null, token_expires_at: null });
            throw new InstallationUnavailable(`The GitHub App was uninstalled from ${row.account}; install it again from Project settings → Git`);
          }
          throw err;
        }
      }
      await waitForRenewal(
        () => findInstallation(db, installationId),
        (r) => r.token_expires_at !== row.token_expires_at || r.deleted_at !== null,
        (r) => r.refreshing_until,
      );
    }
  }

  async function revoke(userId: string, reason: string): Promise<void> {
    await updateAuthorization(db, userId, {
      token_ciphertext: null,
      token_expires_at: null,
      refresh_ciphertext: null,
      refresh_expires_at: null,
      refreshing_until: null,
      revoked_at: new Date(now()).toISOString(),
      revoked_reason: reason,
      updated_at: new Date(now()).toISOString(),
    });
  }

  const person = (row: AuthorizationRow, token: string): PersonToken => ({ token, login: row.login, githubUserId: row.github_user_id });

  async function renewUserToken(row: AuthorizationRow): Promise<PersonToken | null> {
    const refreshable = row.refresh_ciphertext && (row.refresh_expires_at === null || Date.parse(row.refresh_expires_at) > now());
    if (!refreshable) {
      await revoke(row.user_id, 'Your GitHub authorisation expired');
      return null;
    }
    let next: UserTokens;
    try {
      next = await deps.client.refreshUserToken(deps.secrets.open(row.refresh_ciphertext!));
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'auth') {
        await revoke(row.user_id, 'GitHub no longer accepts your authorisation of the App (revoked or expired)');
        return null;
      }
      await updateAuthorization(db, row.user_id, { refreshing_until: null });
      throw err;
    }
    await updateAuthorization(db, row.user_id, sealedUserTokens(deps.secrets, next, now()));
    return person(row, next.token);
  }

  /** The person's user-to-server token, renewed if it is about to expire; null when they have none (or it was revoked). */
  async function userToken(userId: string): Promise<PersonToken | null> {
    for (;;) {
      const row = await findAuthorization(db, userId);
      if (!row || row.revoked_at || !row.token_ciphertext) return null;
      if (fresh(row.token_expires_at)) return person(row, deps.secrets.open(row.token_ciphertext));
      if (await claimAuthorizationRefresh(db, userId, now(), LEASE_MS)) {
        // Read again under the lease: another process may have renewed between our read and our
        // lease, and GitHub's refresh tokens work once, so the one we read may already be spent.
        const current = await findAuthorization(db, userId);
        if (!current || current.revoked_at || !current.token_ciphertext) return null;
        if (!fresh(current.token_expires_at)) return renewUserToken(current);
        await updateAuthorization(db, userId, { refreshing_until: null });
        return person(current, deps.secrets.open(current.token_ciphertext));
      }
      await waitForRenewal(
        () => findAuthorization(db, userId),
        (r) => r.token_expires_at !== row.token_expires_at || r.revoked_at !== null,
        (r) => r.refreshing_until,
      );
    }
  }

  return { installationToken, userToken, revoke };
}

/** The columns of an authorisation that hold a fresh set of user tokens, sealed. */
export function sealedUserTokens(secrets: SecretBox, tokens: UserTokens, now: number) {
  return {
    token_ciphertext: secrets.seal(tokens.token),
    token_expires_at: tokens.expiresAt?.toISOString() ?? null,
    refresh_ciphertext: tokens.refreshToken ? secrets.seal(tokens.refreshToken) : null,
    refresh_expires_at: tokens.refreshExpiresAt?.toISOString() ?? null,
    refreshing_until: null,
    revoked_at: null,
    revoked_reason: null,
    updated_at: new Date(now).toISOString(),
  };
}
