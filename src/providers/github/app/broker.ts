// Which App token does what. Start work acts as the person with their user-to-server token, so
// branch, commit and PR are theirs; reads nobody starts (reconciliation, Sync PR status,
// repository listing) use the installation token, whose budget is the larger one. Only for
// projects on the App's GitHub.

import type { Project } from '../../../db/queries/projects.ts';
import { ProviderError } from '../../../errors.ts';
import type { BrokerContext, TokenBroker } from '../../../services/token-brokers.ts';
import type { GitProvider } from '../../types.ts';
import { type GitHubAppRuntime, githubApp, sameBaseUrl } from './runtime.ts';
import { authorizedMembers, findAuthorization, installationOfRepository } from './store.ts';
import { InstallationUnavailable } from './tokens.ts';

function appFor(ctx: BrokerContext, project: Project): GitHubAppRuntime | null {
  const app = githubApp(ctx);
  return app && project.provider === 'github' && sameBaseUrl(project.settings.baseUrl, app.config.baseUrl) ? app : null;
}

const providerWith = (ctx: BrokerContext, project: Project, token: string) =>
  ctx.providers.create('github', { baseUrl: project.settings.baseUrl, token, settings: project.settings });

/**
 * The provider, except that GitHub refusing the person's token (401) means they revoked the App
 * or the token was withdrawn: their tokens are deleted and their profile says so.
 */
function revokingOnRejection(provider: GitProvider, onRejected: () => Promise<void>): GitProvider {
  return new Proxy(provider, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (err) {
          if (err instanceof ProviderError && err.kind === 'auth') await onRejected();
          throw err;
        }
      };
    },
  });
}

export const githubAppBroker: TokenBroker = {
  async background(ctx, project, repository) {
    const app = appFor(ctx, project);
    if (!app) return null;
    const installation = await installationOfRepository(ctx.db.kysely, { owner: repository.owner, name: repository.name, externalId: repository.external_id });
    // Said only when no stored credential can read it either: taken out of the installation's selection, or never in it.
    if (!installation) return `the GitHub App's installations do not include ${repository.owner}/${repository.name}; add it to the installation on GitHub`;
    try {
      return providerWith(ctx, project, await app.tokens.installationToken(installation.id));
    } catch (err) {
      if (err instanceof InstallationUnavailable) return err.message;
      throw err;
    }
  },

  async acting(ctx, userId, project) {
    const app = appFor(ctx, project);
    if (!app) return null;
    const person = await app.tokens.userToken(userId);
    if (!person) return null;
    const provider = revokingOnRejection(providerWith(ctx, project, person.token), () =>
      app.tokens.revoke(userId, 'GitHub refused your authorisation of the App (revoked or expired)'),
    );
    return { provider, login: person.login, externalUserId: person.githubUserId };
  },

  async identity(ctx, userId, project) {
    if (!appFor(ctx, project)) return null;
    const found = await findAuthorization(ctx.db.kysely, userId);
    return found && !found.revoked_at ? { login: found.login, externalUserId: found.github_user_id } : null;
  },

  async members(ctx, project, exceptUserId) {
    if (!appFor(ctx, project)) return [];
    const rows = await authorizedMembers(ctx.db.kysely, project.id, exceptUserId);
    return rows.map((r) => ({ userId: r.id, name: r.name, login: r.login, externalUserId: r.github_user_id }));
  },

  connectHint(ctx, project) {
    return appFor(ctx, project) ? 'or connect your GitHub account to the GitHub App under Profile → Connect GitHub account' : null;
  },
};
