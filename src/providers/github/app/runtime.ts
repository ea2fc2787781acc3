// The configured GitHub App as a running Baton uses it: one client (through the registry's
// outbound policy, so host checks and call accounting apply) and one token manager per context.

import type { GitHubAppConfig } from '../../../config.ts';
import type { BrokerContext } from '../../../services/token-brokers.ts';
import { createGitHubAppClient, type GitHubAppClient, githubWebUrl } from './client.ts';
import { createTokenManager, type TokenManager } from './tokens.ts';

export interface GitHubAppRuntime {
  config: GitHubAppConfig;
  client: GitHubAppClient;
  tokens: TokenManager;
  /** Where GitHub sends people back after installing or authorising (the App's callback and setup URL). */
  callbackUrl: string;
}

const runtimes = new WeakMap<BrokerContext, GitHubAppRuntime>();

/** The App of this Baton, or null when BATON_GITHUB_APP_* are not set. */
export function githubApp(ctx: BrokerContext): GitHubAppRuntime | null {
  const config = ctx.config.githubApp;
  if (!config) return null;
  let runtime = runtimes.get(ctx);
  if (!runtime) {
    // The OAuth endpoints live on the web host (github.com), the rest on the API root.
    const client = createGitHubAppClient(config, ctx.providers.outbound([config.baseUrl, githubWebUrl(config.baseUrl)]));
    runtime = {
      config,
      client,
      tokens: createTokenManager({ db: ctx.db, secrets: ctx.secrets, client }),
      callbackUrl: `${ctx.config.publicUrl}/api/github-app/callback`,
    };
    runtimes.set(ctx, runtime);
  }
  return runtime;
}

/** Same API root, however it was written (trailing slash, case of the host). */
export const sameBaseUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
