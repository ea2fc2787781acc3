// GitHub's App endpoints: as the App (a JWT), as an installation, and as a person who authorised
// the App (OAuth: code → user-to-server token, refresh grant). Every call goes through the shared
// provider HTTP layer; the OAuth endpoints live on the web host, not the API root.
import { ProviderError } from '../../../errors.ts';
import { createProviderHttp, type HttpTuning } from '../../http.ts';
import type { ProviderCall, Repo } from '../../types.ts';
import { createGitHubClient, githubDialect } from '../client.ts';
import { toRepo, userSchema } from '../schema.ts';
import { createAppJwtSigner } from './jwt.ts';
import { appSchema, type Installation, installationRepositoriesSchema, installationTokenSchema, oauthTokenSchema, userInstallationsSchema } from './schema.ts';

export interface GitHubAppCredentials {
  appId: string;
  slug: string;
  clientId: string;
  clientSecret: string;
  privateKey: string;
  /** API root: https://api.github.com, or https://HOST/api/v3 for Enterprise Server. */
  baseUrl: string;
}

export interface AccessToken {
  token: string;
  /** Null for tokens that never expire (a user token of an App that opted out of expiring tokens). */
  expiresAt: Date | null;
}

export interface UserTokens extends AccessToken {
  refreshToken: string | null;
  refreshExpiresAt: Date | null;
}

/** A refusal from the OAuth token endpoint, e.g. `bad_verification_code` or `bad_refresh_token`. */
export class OAuthRefused extends ProviderError {
  constructor(
    readonly code: string,
    description: string,
  ) {
    // A refused refresh token or client secret will not be accepted later either.
    super(code === 'bad_verification_code' ? 'validation' : 'auth', `GitHub refused the sign-in: ${description} (${code})`);
    this.name = 'OAuthRefused';
  }
}

/** The web host of an API root: api.github.com → github.com, HOST/api/v3 → HOST, api.SUB.ghe.com → SUB.ghe.com. */
export function githubWebUrl(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  if (url.hostname.startsWith('api.')) url.hostname = url.hostname.slice('api.'.length);
  url.pathname = url.pathname.replace(/\/api\/v3\/?$/, '/');
  return url.toString().replace(/\/+$/, '');
}

export interface GitHubAppClientOptions {
  fetch?: typeof fetch;
  onRequest?: (call: ProviderCall) => void;
  tuning?: HttpTuning;
  now?: () => number;
}

export type GitHubAppClient = ReturnType<typeof createGitHubAppClient>;

export function createGitHubAppClient(app: GitHubAppCredentials, options: GitHubAppClientOptions = {}) {
  const now = options.now ?? Date.now;
  const webUrl = githubWebUrl(app.baseUrl);
  const jwt = createAppJwtSigner({ issuer: app.clientId, privateKey: app.privateKey, now });
  // No pacing: these calls create no content, so GitHub's spacing of mutations does not apply.
  const as = (token: string) =>
    createGitHubClient({ baseUrl: app.baseUrl, token, settings: {}, fetch: options.fetch, onRequest: options.onRequest }, options.tuning);
  const oauth = createProviderHttp(
    { baseUrl: webUrl, token: '', settings: {}, fetch: options.fetch, onRequest: options.onRequest },
    githubDialect,
    options.tuning,
  );
  const at = (seconds: number | undefined) => (seconds === undefined ? null : new Date(now() + seconds * 1000));

  async function tokenGrant(form: Record<string, string>): Promise<UserTokens> {
    const body = { client_id: app.clientId, client_secret: app.clientSecret, ...form };
    const { data } = await oauth.request({
      method: 'POST',
      url: `${webUrl}/login/oauth/access_token`,
      route: 'POST /login/oauth/access_token',
      form: body,
      schema: oauthTokenSchema,
    });
    if ('error' in data) throw new OAuthRefused(data.error, data.error_description ?? data.error);
    return {
      token: data.access_token,
      expiresAt: at(data.expires_in),
      refreshToken: data.refresh_token ?? null,
      refreshExpiresAt: at(data.refresh_token_expires_in),
    };
  }

  return {
    webUrl,

    /** Where a person installs the App; GitHub hands `state` back to the setup URL. */
    installUrl: (state: string) => `${webUrl}/apps/${encodeURIComponent(app.slug)}/installations/new?state=${encodeURIComponent(state)}`,

    /** Where a person authorises the App to act as them; GitHub sends them to `redirectUri` with a code and `state`. */
    authorizeUrl: (state: string, redirectUri: string) =>
      `${webUrl}/login/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: redirectUri, state })}`,

    /** The App as GitHub knows it: proves the ID, client ID and private key belong together. */
    async getApp() {
      return (await as(jwt.sign()).request('GET /app', {}, appSchema)).data;
    },

    /** A new installation token (an hour, as GitHub decides). */
    async createInstallationToken(installationId: string): Promise<AccessToken> {
      const { data } = await as(jwt.sign()).request(
        'POST /app/installations/{installation_id}/access_tokens',
        { installation_id: Number(installationId) },
        installationTokenSchema,
      );
      return { token: data.token, expiresAt: new Date(data.expires_at) };
    },

    exchangeCode: (code: string, redirectUri?: string) => tokenGrant({ code, ...(redirectUri ? { redirect_uri: redirectUri } : {}) }),

    /** GitHub's refresh tokens are single-use: the answer carries the next one. */
    refreshUserToken: (refreshToken: string) => tokenGrant({ grant_type: 'refresh_token', refresh_token: refreshToken }),

    /** Who a user-to-server token acts as. */
    async currentUser(userToken: string) {
      return (await as(userToken).request('GET /user', {}, userSchema)).data;
    },

    /** Installations of this App the person can reach (what proves a callback's installation_id is theirs). */
    async userInstallations(userToken: string): Promise<Installation[]> {
      const found: Installation[] = [];
      for (let page = 1; page <= 10; page++) {
        const { data } = await as(userToken).request('GET /user/installations', { per_page: 100, page }, userInstallationsSchema);
        found.push(...data.installations);
        if (found.length >= data.total_count || data.installations.length === 0) break;
      }
      return found;
    },

    /** The repositories of one installation the person can access (404 for an installation they cannot). */
    async userInstallationRepositories(userToken: string, installationId: string, page: number, perPage: number): Promise<{ items: Repo[]; hasMore: boolean }> {
      const { data } = await as(userToken).request(
        'GET /user/installations/{installation_id}/repositories',
        { installation_id: Number(installationId), per_page: perPage, page },
        installationRepositoriesSchema,
      );
      return { items: data.repositories.map(toRepo), hasMore: page * perPage < data.total_count };
    },

    /** The repositories an installation token reaches. */
    async installationRepositories(installationToken: string, page: number, perPage: number): Promise<{ items: Repo[]; hasMore: boolean }> {
      const { data } = await as(installationToken).request('GET /installation/repositories', { per_page: perPage, page }, installationRepositoriesSchema);
      return { items: data.repositories.map(toRepo), hasMore: page * perPage < data.total_count };
    },
  };
}
