// What the signed-in person may see and link through the App: only the installations and
// repositories their own GitHub account can access, asked with their user-to-server token.
// The App itself (its JWT, its installation tokens) reaches every organisation it is installed
// on, including ones the person has no part in, so it must not decide what a person is shown.
// https://docs.github.com/en/rest/apps/installations#list-app-installations-accessible-to-the-user-access-token
import { Forbidden, ProviderError } from '../../../errors.ts';
import type { Repo } from '../../types.ts';
import type { GitHubAppRuntime } from './runtime.ts';
import { accountName, type Installation } from './schema.ts';
import type { PersonToken } from './tokens.ts';

export const CONNECT_FIRST =
  'Connect your GitHub account first (Connect GitHub account, on your profile or under Project settings → Git): Baton shows and links only the GitHub App installations and repositories your GitHub account can access';

const PER_PAGE = 100;
/** An installation with more repositories than this that the person can access is listed in part. */
const MAX_PAGES = 20;

export interface AccessibleInstallation {
  installation: Installation;
  /** Empty for a suspended installation: GitHub lists nothing through it until it is unsuspended. */
  repositories: Repo[];
}

/** The person's user-to-server token, or null when they have not authorised the App (or it was revoked). */
export const personOf = (app: GitHubAppRuntime, userId: string): Promise<PersonToken | null> => app.tokens.userToken(userId);

/**
 * Runs calls made with the person's token. GitHub refusing it (401) means they revoked the App
 * or the token was withdrawn: their tokens are deleted, their profile says so, and they are told
 * to connect again.
 */
async function asPerson<T>(app: GitHubAppRuntime, userId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'auth') {
      await app.tokens.revoke(userId, 'GitHub refused your authorisation of the App (revoked or expired)');
      throw new Forbidden(CONNECT_FIRST);
    }
    throw err;
  }
}

async function repositoriesOf(app: GitHubAppRuntime, person: PersonToken, installationId: string): Promise<Repo[]> {
  const repos: Repo[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const found = await app.client.userInstallationRepositories(person.token, installationId, page, PER_PAGE);
    repos.push(...found.items);
    if (!found.hasMore) break;
  }
  return repos;
}

/** Every installation the person can access, each with the repositories they can access through it, by account. */
export function accessibleInstallations(app: GitHubAppRuntime, userId: string, person: PersonToken): Promise<AccessibleInstallation[]> {
  return asPerson(app, userId, async () => {
    const installations = await app.client.userInstallations(person.token);
    installations.sort((a, b) => accountName(a.account).localeCompare(accountName(b.account)));
    const found: AccessibleInstallation[] = [];
    for (const installation of installations) {
      const repositories = installation.suspended_at ? [] : await repositoriesOf(app, person, String(installation.id));
      found.push({ installation, repositories });
    }
    return found;
  });
}

/**
 * The installation and repository the person can access for owner/name, or the sentence that
 * says why not. The same sentence whether the App is not installed there or the person has no
 * access, so nothing about other organisations leaks.
 */
export function accessibleRepository(
  app: GitHubAppRuntime,
  userId: string,
  person: PersonToken,
  wanted: { owner: string; name: string },
): Promise<{ installation: Installation; repo: Repo } | { refusal: string }> {
  const full = `${wanted.owner}/${wanted.name}`;
  const refusal = `Your GitHub account ${person.login} cannot access ${full} through the GitHub App: the App is not installed on ${wanted.owner}, that repository is not in its installation, or you have no access to it. Check the Repository owner and Repository name, install the App (Install the GitHub App) and choose that repository, or ask an owner of ${wanted.owner} for access`;
  return asPerson(app, userId, async () => {
    // A repository is reached through the installation on the account that owns it.
    const installation = (await app.client.userInstallations(person.token)).find((i) => accountName(i.account).toLowerCase() === wanted.owner.toLowerCase());
    if (!installation) return { refusal };
    const account = accountName(installation.account);
    if (installation.suspended_at) return { refusal: `The GitHub App is suspended on ${account}; an owner of ${account} can unsuspend it on GitHub` };
    const repo = (await repositoriesOf(app, person, String(installation.id))).find(
      (r) => r.owner.toLowerCase() === wanted.owner.toLowerCase() && r.name.toLowerCase() === wanted.name.toLowerCase(),
    );
    return repo ? { installation, repo } : { refusal };
  });
}
