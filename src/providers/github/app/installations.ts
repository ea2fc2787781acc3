// Baton's view of the App's installations: recorded when someone installs through Baton, kept
// current by the `installation` and `installation_repositories` webhook events, and refreshed
// from GitHub when a project owner lists what an installation reaches.
import type { Executor } from '../../../db/database.ts';
import type { Repo } from '../../types.ts';
import type { GitHubAppRuntime } from './runtime.ts';
import { accountName, type Installation } from './schema.ts';
import {
  addInstallationRepositories,
  removeInstallationRepositories,
  replaceInstallationRepositories,
  updateInstallation,
  upsertInstallation,
} from './store.ts';

const PER_PAGE = 100;
/** An installation on an account with more repositories than this is listed in part; linking still works by name. */
const MAX_PAGES = 20;

export async function recordInstallation(db: Executor, installation: Installation, at: string): Promise<void> {
  await upsertInstallation(db, {
    id: String(installation.id),
    account: accountName(installation.account),
    repositorySelection: installation.repository_selection,
    suspendedAt: installation.suspended_at ?? null,
    at,
  });
}

/** Reads every repository the installation reaches (with its token) and stores the list. */
export async function syncInstallationRepositories(db: Executor, app: GitHubAppRuntime, installationId: string): Promise<Repo[]> {
  const token = await app.tokens.installationToken(installationId);
  const repos: Repo[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const found = await app.client.installationRepositories(token, page, PER_PAGE);
    repos.push(...found.items);
    if (!found.hasMore) break;
  }
  await replaceInstallationRepositories(
    db,
    installationId,
    repos.map((r) => ({ externalId: r.externalId, owner: r.owner, name: r.name })),
  );
  return repos;
}

type WebhookRepo = { id: number; full_name: string };
const toStored = (r: WebhookRepo) => {
  const [owner, name] = r.full_name.split('/');
  return { externalId: String(r.id), owner, name };
};

/** `installation` events: created and unsuspend bring it (back) into use, deleted and suspend stop it. */
export async function applyInstallationEvent(
  db: Executor,
  event: { action: string; installation: Installation; repositories?: WebhookRepo[] },
  at: string,
): Promise<string> {
  const id = String(event.installation.id);
  const account = accountName(event.installation.account);
  switch (event.action) {
    case 'created':
      await recordInstallation(db, event.installation, at);
      if (event.repositories) await replaceInstallationRepositories(db, id, event.repositories.map(toStored));
      return `Installed on ${account}`;
    case 'deleted':
      await recordInstallation(db, event.installation, at);
      // Tokens of a removed installation stop working at once; keep the row to say why.
      await updateInstallation(db, id, { deleted_at: at, token_ciphertext: null, token_expires_at: null, updated_at: at });
      return `Uninstalled from ${account}: its repositories are no longer synced through the App`;
    case 'suspend':
      await recordInstallation(db, { ...event.installation, suspended_at: event.installation.suspended_at ?? at }, at);
      await updateInstallation(db, id, { token_ciphertext: null, token_expires_at: null });
      return `Suspended on ${account}`;
    case 'unsuspend':
      await recordInstallation(db, { ...event.installation, suspended_at: null }, at);
      return `Unsuspended on ${account}`;
    default:
      await recordInstallation(db, event.installation, at);
      return `${event.action} on ${account}`;
  }
}

/** `installation_repositories`: repositories added to or removed from an installation's selection. */
export async function applyInstallationRepositoriesEvent(
  db: Executor,
  event: { installation: Installation; repositories_added: WebhookRepo[]; repositories_removed: WebhookRepo[] },
  at: string,
): Promise<string> {
  const id = String(event.installation.id);
  await recordInstallation(db, event.installation, at);
  await addInstallationRepositories(db, id, event.repositories_added.map(toStored));
  await removeInstallationRepositories(
    db,
    id,
    event.repositories_removed.map((r) => String(r.id)),
  );
  const names = (list: WebhookRepo[]) => list.map((r) => r.full_name).join(', ');
  return [
    event.repositories_added.length ? `Added ${names(event.repositories_added)}` : '',
    event.repositories_removed.length ? `Removed ${names(event.repositories_removed)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
