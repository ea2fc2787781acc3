// The GitHub App's REST endpoints: as the App (JWT), as an installation, and as a person who
// authorised the App. The OAuth token exchange is not REST; it lives in oauth.ts.
import type { FakeApp, FakeInstallation } from './app.ts';
import { type Ctx, fail, type Handler, notFound, paginate } from './context.ts';
import { accountJson, repoJson, type World } from './shapes.ts';

const CREATED = '2024-01-01T00:00:00Z';

function appOf(ctx: Ctx): FakeApp {
  const app = ctx.state.app;
  if (!app || ctx.token.kind !== 'app') return fail(401, 'A JSON web token could not be decoded');
  return app;
}

function appJson(ctx: Ctx, app: FakeApp) {
  const owner = ctx.state.account(app.owner)!;
  return {
    id: app.id,
    slug: app.slug,
    node_id: `A_${app.id}`,
    client_id: app.clientId,
    owner: accountJson(ctx, owner),
    name: app.slug,
    description: null,
    external_url: 'http://baton.test',
    html_url: `${ctx.webUrl}/apps/${app.slug}`,
    created_at: CREATED,
    updated_at: CREATED,
    permissions: app.permissions,
    events: ['pull_request', 'installation', 'installation_repositories', 'github_app_authorization'],
    installations_count: [...app.installations.values()].filter((i) => !i.deleted).length,
  };
}

export function installationJson(ctx: World, app: FakeApp, i: FakeInstallation) {
  const account = ctx.state.account(i.account)!;
  return {
    id: i.id,
    account: accountJson(ctx, account),
    repository_selection: i.selection,
    access_tokens_url: `${ctx.apiUrl}/app/installations/${i.id}/access_tokens`,
    repositories_url: `${ctx.apiUrl}/installation/repositories`,
    html_url: `${ctx.webUrl}/${account.type === 'Organization' ? `organizations/${account.login}/` : ''}settings/installations/${i.id}`,
    app_id: app.id,
    client_id: app.clientId,
    target_id: account.id,
    target_type: account.type,
    permissions: app.permissions,
    events: ['pull_request'],
    created_at: CREATED,
    updated_at: CREATED,
    single_file_name: null,
    app_slug: app.slug,
    suspended_by: i.suspended ? accountJson(ctx, account) : null,
    suspended_at: i.suspended ? CREATED : null,
  };
}

function installationFor(ctx: Ctx, app: FakeApp): FakeInstallation {
  const installation = app.installations.get(Number(ctx.params.installation_id));
  return installation && !installation.deleted ? installation : notFound();
}

/** The App of a user-to-server token; any other token is refused as GitHub refuses it. */
function personsApp(ctx: Ctx, what: string): FakeApp {
  if (ctx.token.kind !== 'user-to-server') fail(403, `You must authenticate with an access token authorized to a GitHub App in order to ${what}`);
  return ctx.state.app!;
}

/**
 * Whether the person has explicit access to the installation, as GitHub decides it: it is on
 * their own account or an organisation they belong to, or it covers a repository they can
 * reach (as a collaborator).
 */
function accessible(ctx: Ctx, app: FakeApp, installation: FakeInstallation): boolean {
  if (installation.deleted) return false;
  const { state } = ctx;
  const login = ctx.user.login.toLowerCase();
  const account = state.account(installation.account)!;
  if (account.login.toLowerCase() === login || account.members.has(login)) return true;
  return [...state.repos.values()].some((r) => app.covers({ ...installation, suspended: false }, r) && state.hasAccess(login, r));
}

export const appRoutes: Record<string, Handler> = {
  'GET /app': (ctx) => ({ status: 200, body: appJson(ctx, appOf(ctx)) }),

  'GET /app/installations/{installation_id}': (ctx) => {
    const app = appOf(ctx);
    return { status: 200, body: installationJson(ctx, app, installationFor(ctx, app)) };
  },

  'POST /app/installations/{installation_id}/access_tokens': (ctx) => {
    const app = appOf(ctx);
    const installation = installationFor(ctx, app);
    if (installation.suspended) fail(403, 'This installation has been suspended');
    const { token, expiresAt } = app.issueInstallationToken(installation);
    const body = {
      token,
      expires_at: expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      permissions: app.permissions,
      repository_selection: installation.selection,
    };
    return { status: 201, body };
  },

  'GET /installation/repositories': (ctx) => {
    const { token, state } = ctx;
    if (token.kind !== 'installation') fail(403, 'You must authenticate with an installation access token in order to list repositories for an installation.');
    const app = state.app!;
    const installation = app.installations.get(token.installationId)!;
    const repos = [...state.repos.values()].filter((r) => app.covers(installation, r)).sort((a, b) => a.id - b.id);
    const page = paginate(ctx, repos);
    return { status: 200, body: { total_count: repos.length, repositories: page.items.map((r) => repoJson(ctx, r)) }, headers: page.headers };
  },

  'GET /user/installations': (ctx) => {
    const app = personsApp(ctx, 'list installations');
    const mine = [...app.installations.values()].filter((i) => accessible(ctx, app, i));
    const page = paginate(ctx, mine);
    return { status: 200, body: { total_count: mine.length, installations: page.items.map((i) => installationJson(ctx, app, i)) }, headers: page.headers };
  },

  'GET /user/installations/{installation_id}/repositories': (ctx) => {
    const { state } = ctx;
    const app = personsApp(ctx, 'list repositories');
    const installation = app.installations.get(Number(ctx.params.installation_id));
    // An installation the person cannot access is one GitHub does not admit exists.
    if (!installation || !accessible(ctx, app, installation)) return notFound();
    if (installation.suspended) fail(403, 'This installation has been suspended');
    const repos = [...state.repos.values()].filter((r) => app.covers(installation, r) && state.hasAccess(ctx.user.login, r)).sort((a, b) => a.id - b.id);
    const page = paginate(ctx, repos);
    const body = { total_count: repos.length, repository_selection: installation.selection, repositories: page.items.map((r) => repoJson(ctx, r)) };
    return { status: 200, body, headers: page.headers };
  },
};
