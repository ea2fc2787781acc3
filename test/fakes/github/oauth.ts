// POST /login/oauth/access_token on GitHub's web host: not part of the REST description, so it is
// checked against the parameters GitHub documents for it instead.
// https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-user-access-token-for-a-github-app
// https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
import type { FakeGitHubState } from './state.ts';

const CODE_GRANT = { required: ['client_id', 'client_secret', 'code'], optional: ['redirect_uri', 'repository_id', 'code_verifier'] };
const REFRESH_GRANT = { required: ['client_id', 'client_secret', 'grant_type', 'refresh_token'], optional: [] as string[] };

export interface OAuthAnswer {
  status: number;
  contentType: string;
  text: string;
  /** Ways the request broke GitHub's documented parameters: test failures. */
  problems: string[];
}

function readParams(rawBody: string, contentType: string | undefined): Record<string, unknown> | null {
  const media = contentType?.split(';')[0].trim().toLowerCase();
  if (media === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(rawBody));
  if (media === 'application/json') {
    try {
      const parsed = JSON.parse(rawBody);
      return typeof parsed === 'object' && parsed !== null ? parsed : null;
    } catch {
      return null;
    }
  }
  return null;
}

export function oauthAccessToken(state: FakeGitHubState, rawBody: string, contentType: string | undefined, accept: string | undefined): OAuthAnswer {
  // GitHub answers form-encoded unless asked for JSON, and refusals come with status 200.
  const json = /application\/json/i.test(accept ?? '');
  const answer = (body: Record<string, unknown>, problems: string[] = []): OAuthAnswer => ({
    status: 200,
    contentType: json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8',
    text: json ? JSON.stringify(body) : new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
    problems,
  });
  const refuse = (error: string, description: string) => answer({ error, error_description: description, error_uri: 'https://docs.github.com/apps' });

  const params = readParams(rawBody, contentType);
  if (!params)
    return { ...refuse('invalid_request', 'unreadable body'), problems: [`body is neither form-encoded nor JSON (${contentType ?? 'no content type'})`] };
  const grant = params.grant_type === undefined ? CODE_GRANT : REFRESH_GRANT;
  const problems = [
    ...grant.required.filter((name) => typeof params[name] !== 'string' || params[name] === '').map((name) => `parameter ${name} is required`),
    ...Object.keys(params)
      .filter((name) => !grant.required.includes(name) && !grant.optional.includes(name))
      .map((name) => `parameter ${name} is not one GitHub documents for this grant`),
  ];
  if (problems.length) return { ...refuse('invalid_request', problems.join('; ')), problems };

  const app = state.app;
  if (!app || params.client_id !== app.clientId || params.client_secret !== app.clientSecret) {
    return refuse('incorrect_client_credentials', 'The client_id and/or client_secret passed are incorrect.');
  }
  const now = state.now();
  if (grant === REFRESH_GRANT) {
    if (params.grant_type !== 'refresh_token') return refuse('unsupported_grant_type', 'The grant type is not supported.');
    const refresh = app.refreshTokens.get(String(params.refresh_token));
    // Single use: the answer carries the next refresh token.
    app.refreshTokens.delete(String(params.refresh_token));
    if (!refresh || refresh.expiresAt <= now) return refuse('bad_refresh_token', 'The refresh token passed is incorrect or expired.');
    return answer(app.issueUserTokens(refresh.login));
  }
  const code = app.codes.get(String(params.code));
  app.codes.delete(String(params.code));
  if (!code || code.expiresAt <= now) return refuse('bad_verification_code', 'The code passed is incorrect or expired.');
  return answer(app.issueUserTokens(code.login));
}
