// `baton doctor` for the GitHub App: the key signs a JWT that GitHub accepts on GET /app, and the
// App GitHub answers with is the one configured.
import type { Config } from '../../config.ts';
import { ProviderError } from '../../errors.ts';
import { createGitHubAppClient } from '../../providers/github/app/client.ts';
import { createOutbound } from '../../providers/outbound.ts';

export async function checkGitHubApp(config: Config): Promise<{ name: string; ok: boolean; detail: string }> {
  const app = config.githubApp!;
  const name = 'GitHub App';
  const host = new URL(app.baseUrl).host;
  const outbound = createOutbound({ allowlist: config.allowedProviderHosts });
  const client = createGitHubAppClient(app, { fetch: outbound.fetchFor([app.baseUrl]), tuning: { retries: 0, timeoutMs: 15_000 } });
  try {
    const found = await client.getApp();
    if (String(found.id) !== app.appId) {
      return { name, ok: false, detail: `the key belongs to App ${found.id} (${found.slug}) on ${host}, not BATON_GITHUB_APP_ID ${app.appId}` };
    }
    if (found.slug && found.slug !== app.slug) {
      return { name, ok: false, detail: `the App on ${host} is named ${found.slug}; set BATON_GITHUB_APP_SLUG=${found.slug} so install links work` };
    }
    return { name, ok: true, detail: `${found.slug ?? app.slug} (App ID ${found.id}) on ${host} accepted a JWT signed with the private key` };
  } catch (err) {
    if (err instanceof ProviderError && err.kind === 'auth') {
      return {
        name,
        ok: false,
        detail: `${host} refused the App's JWT (${err.message}); check that BATON_GITHUB_APP_CLIENT_ID and BATON_GITHUB_APP_PRIVATE_KEY belong to the same App and that this machine's clock is right`,
      };
    }
    return { name, ok: false, detail: `could not reach ${host}: ${(err as Error).message}` };
  } finally {
    await outbound.close();
  }
}
