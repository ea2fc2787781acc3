// The App's routes: start an install or an authorisation (a link to GitHub with a fresh state),
// GitHub's callback, the person's connection on their profile, and a project's installations
// with the repositories they reach, to link one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../../app-context.ts';
import { sha256 } from '../../../crypto/tokens.ts';
import { BadRequest, Forbidden, NotFound } from '../../../errors.ts';
import type { Api } from '../../../http/api.ts';
import { SESSION_COOKIE } from '../../../http/auth.ts';
import { projectParams } from '../../../http/routes/projects.ts';
import { requireProjectOwner } from '../../../services/access.ts';
import { getProject } from '../../../services/projects.ts';
import { toApiError } from '../../../services/provider-failures.ts';
import { saveLink } from '../../../services/repositories.ts';
import { resolveSession } from '../../../services/sessions.ts';
import { accessibleInstallations, accessibleRepository, CONNECT_FIRST, personOf } from './access.ts';
import { completeCallback, issueState } from './install.ts';
import { recordInstallation, syncInstallationRepositories } from './installations.ts';
import { type GitHubAppRuntime, githubApp, sameBaseUrl } from './runtime.ts';
import { accountName } from './schema.ts';
import { addInstallationRepositories, findAuthorization } from './store.ts';

function requireApp(ctx: AppContext): GitHubAppRuntime {
  const app = githubApp(ctx);
  if (!app) throw new NotFound('GitHub App (an administrator sets BATON_GITHUB_APP_* to use one)');
  return app;
}

/** The browser session behind the request: states are bound to it, so API tokens cannot start an install. */
async function sessionOf(ctx: AppContext, request: FastifyRequest) {
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await resolveSession(ctx.db.kysely, cookie) : null;
  return session && cookie ? { id: sha256(cookie), userId: session.user.id } : null;
}

const linkAnswer = z.object({ url: z.string().describe('Where to send the browser: GitHub, with a state that works once, in this session, for 10 minutes') });

const connection = z
  .object({
    configured: z.boolean(),
    connected: z.boolean(),
    login: z.string().nullable(),
    expiresAt: z.string().nullable().describe('When the current user-to-server token expires (Baton renews it before then)'),
    revokedAt: z.string().nullable(),
    revokedReason: z.string().nullable().describe('Why Baton no longer holds your tokens, when it does not'),
  })
  .meta({ id: 'GitHubAppConnection' });

const installations = z
  .object({
    configured: z.boolean(),
    connected: z.boolean().describe('Whether you have authorised the GitHub App; only then are the installations your GitHub account can access listed'),
    message: z.string().nullable().describe('What to do first when nothing can be listed for you (e.g. Connect GitHub account)'),
    items: z.array(
      z
        .object({
          id: z.string(),
          account: z.string(),
          repositorySelection: z.string(),
          status: z.enum(['active', 'suspended', 'uninstalled']),
          repositories: z.array(z.object({ owner: z.string(), name: z.string() })),
        })
        .meta({ id: 'GitHubAppInstallation' }),
    ),
  })
  .meta({ id: 'GitHubAppInstallations' });

const page = (title: string, message: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Baton</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to Baton</a></p></body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const ERROR_CODES: Record<number, string> = { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 502: 'provider_unavailable' };

const requested = z.object({ status: z.literal('requested'), message: z.string() });

/**
 * The callback's answer when it cannot go on: a page for the browser GitHub sent back, and for
 * any other client (a script, a probe) the API's own shape, an error or the pending request.
 */
function explain(request: FastifyRequest, reply: FastifyReply, status: number, title: string, message: string) {
  if (/\btext\/html\b/.test(request.headers.accept ?? '')) return reply.code(status).type('text/html').send(page(title, message));
  if (status < 400) return reply.code(status).send({ status: 'requested', message: `${title}: ${message}` } satisfies z.infer<typeof requested>);
  return reply.code(status).send({ error: { code: ERROR_CODES[status] ?? 'bad_request', message: `${title}: ${message}`, details: {} } });
}

export function githubAppRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'POST',
      url: '/api/github-app/install',
      summary: 'Start installing the GitHub App for a project (owners; a browser session)',
      tag: 'github-app',
      body: z.strictObject({ projectId: z.uuid('must be the id of a project you own').meta({ title: 'Project' }) }),
      response: linkAnswer,
    },
    async ({ user, body, request }) => {
      const app = requireApp(ctx);
      await requireProjectOwner(ctx.db.kysely, user, body.projectId);
      const session = await sessionOf(ctx, request);
      if (!session)
        throw new BadRequest('Installing the GitHub App needs a browser sign-in: open Project settings → Git in Baton and press Install the GitHub App');
      return { url: app.client.installUrl(await issueState(ctx.db.kysely, session, body.projectId)) };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/github-app/connect',
      summary: 'Start authorising the GitHub App to act as you (a browser session)',
      tag: 'github-app',
      body: z
        .strictObject({
          projectId: z
            .uuid('must be the id of a project you own')
            .optional()
            .meta({ title: 'Project' })
            .describe("Come back to this project's settings afterwards (else to your profile)"),
        })
        .optional(),
      response: linkAnswer,
    },
    async ({ user, body, request }) => {
      const app = requireApp(ctx);
      const projectId = body?.projectId ?? null;
      if (projectId) await requireProjectOwner(ctx.db.kysely, user, projectId);
      const session = await sessionOf(ctx, request);
      if (!session) throw new BadRequest('Connecting your GitHub account needs a browser sign-in: open your profile in Baton and press Connect GitHub account');
      return { url: app.client.authorizeUrl(await issueState(ctx.db.kysely, session, projectId), app.callbackUrl) };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/github-app/callback',
      summary: "GitHub's callback and setup URL: checks the state, exchanges the code, records the installation; answers a page or a redirect",
      tag: 'github-app',
      auth: 'none',
      query: z.object({
        installation_id: z
          .string()
          .regex(/^\d{1,20}$/, 'must be a number')
          .optional(),
        setup_action: z.string().max(50).optional(),
        code: z.string().max(200).optional(),
        state: z.string().max(200).optional(),
      }),
      status: 302,
      otherResponses: {
        202: {
          description: 'The installation awaits an organisation owner’s approval (a page for browsers; this for other clients)',
          schema: requested,
        },
      },
    },
    async ({ query, request, reply }) => {
      const app = githubApp(ctx);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      if (!app) return explain(request, reply, 404, 'No GitHub App', 'This Baton has no GitHub App configured.');
      const outcome = await completeCallback(ctx, app, await sessionOf(ctx, request), query);
      if (outcome.kind === 'done') return reply.redirect(outcome.redirect, 302);
      return explain(request, reply, outcome.status, outcome.title, outcome.message);
    },
  );

  api.route(
    { method: 'GET', url: '/api/me/github-app', summary: 'Your connection to the GitHub App', tag: 'github-app', response: connection },
    async ({ user }) => {
      const found = githubApp(ctx) ? await findAuthorization(ctx.db.kysely, user.id) : undefined;
      return {
        configured: githubApp(ctx) !== null,
        connected: Boolean(found && !found.revoked_at && found.token_ciphertext),
        login: found?.login ?? null,
        expiresAt: found?.revoked_at ? null : (found?.token_expires_at ?? null),
        revokedAt: found?.revoked_at ?? null,
        revokedReason: found?.revoked_reason ?? null,
      };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/projects/:projectId/github-app',
      summary:
        "The GitHub App's installations your GitHub account can access, each with the repositories you can access through it, to link (owners; asked with your authorisation of the App)",
      tag: 'github-app',
      params: projectParams,
      query: z.strictObject({
        refresh: z.enum(['true', 'false']).optional().describe("Also read each installation's full repository list into Baton's view (what syncing uses)"),
      }),
      response: installations,
    },
    async ({ user, params, query }) => {
      await requireProjectOwner(ctx.db.kysely, user, params.projectId);
      const project = await getProject(ctx.db.kysely, user, params.projectId);
      const app = githubApp(ctx);
      if (!app || project.provider !== 'github' || !sameBaseUrl(project.settings.baseUrl, app.config.baseUrl)) {
        return { configured: false, connected: false, message: null, items: [] };
      }
      const person = await personOf(app, user.id);
      if (!person) return { configured: true, connected: false, message: CONNECT_FIRST, items: [] };
      const found = await accessibleInstallations(app, user.id, person).catch((err) => toApiError(err, 'Could not list your GitHub App installations'));
      const at = new Date().toISOString();
      const items = [];
      for (const { installation, repositories } of found) {
        const id = String(installation.id);
        const account = accountName(installation.account);
        if (query.refresh === 'true') {
          await recordInstallation(ctx.db.kysely, installation, at);
          if (!installation.suspended_at) {
            await syncInstallationRepositories(ctx.db.kysely, app, id).catch((err) => toApiError(err, `Could not list the repositories of ${account}`));
          }
        }
        items.push({
          id,
          account,
          repositorySelection: installation.repository_selection,
          status: installation.suspended_at ? ('suspended' as const) : ('active' as const),
          repositories: repositories.map((r) => ({ owner: r.owner, name: r.name })),
        });
      }
      return { configured: true, connected: true, message: null, items };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/projects/:projectId/github-app/repositories',
      summary: 'Link a repository the GitHub App is installed on and your GitHub account can access (owners)',
      tag: 'github-app',
      status: 201,
      params: projectParams,
      body: z.strictObject({
        owner: z.string().trim().min(1).max(200).meta({ title: 'Repository owner' }),
        name: z.string().trim().min(1).max(200).meta({ title: 'Repository name' }),
      }),
      response: z.object({
        id: z.uuid(),
        owner: z.string(),
        name: z.string(),
        defaultBranch: z.string(),
        webUrl: z.string(),
        credentialId: z.uuid().nullable(),
      }),
    },
    async ({ user, params, body }) => {
      const app = requireApp(ctx);
      await requireProjectOwner(ctx.db.kysely, user, params.projectId);
      const project = await getProject(ctx.db.kysely, user, params.projectId);
      if (project.provider !== 'github' || !sameBaseUrl(project.settings.baseUrl, app.config.baseUrl)) {
        throw new BadRequest("This project's git server is not the GitHub App's: link its repositories with a personal access token");
      }
      const person = await personOf(app, user.id);
      if (!person) throw new Forbidden(CONNECT_FIRST);
      // Only what the person's own GitHub account can access: the App reaches every organisation it is installed on.
      const access = await accessibleRepository(app, user.id, person, body).catch((err) =>
        toApiError(err, `Could not check your access to ${body.owner}/${body.name}`),
      );
      if ('refusal' in access) throw new Forbidden(access.refusal);
      const { installation } = access;
      const account = accountName(installation.account);
      const db = ctx.db.kysely;
      // The installation must be known to mint its token; reads and syncing use that token, as before.
      await recordInstallation(db, installation, new Date().toISOString());
      const token = await app.tokens.installationToken(String(installation.id)).catch((err) => toApiError(err, `Could not use the installation on ${account}`));
      const provider = ctx.providers.create('github', { baseUrl: project.settings.baseUrl, token, settings: project.settings });
      const repo = await provider.getRepository(body).catch((err) => toApiError(err, `Could not link ${body.owner}/${body.name}`));
      const linked = await saveLink(db, project, repo, null);
      await addInstallationRepositories(db, String(installation.id), [{ externalId: repo.externalId, owner: repo.owner, name: repo.name }]);
      return linked;
    },
  );
}
