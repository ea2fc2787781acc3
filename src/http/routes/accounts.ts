import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../services/api-tokens.ts';
import { endSession, login } from '../../services/sessions.ts';
import { completeSetup, setupNeeded } from '../../services/setup.ts';
import type { Api } from '../api.ts';
import { clearSessionCookies, SESSION_COOKIE, setSessionCookies } from '../auth.ts';

export const email = z
  .email()
  .max(254)
  .transform((e) => e.toLowerCase())
  .meta({ title: 'Email' });
export const password = z.string().min(10).max(200).meta({ title: 'Password' });
export const name = z.string().trim().min(1).max(100).meta({ title: 'Name' });

/** The signed-in user. */
export const meSchema = z.object({ id: z.uuid(), email: z.string(), name: z.string(), isAdmin: z.boolean() }).meta({ id: 'Me' });
const signedIn = z.object({ user: meSchema });
const apiToken = z
  .object({
    id: z.uuid(),
    name: z.string(),
    last4: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const tokenExpiry = z.iso
  .datetime({ offset: true, message: 'must be a date and time such as 2030-01-31T00:00:00Z', abort: true })
  .refine((at) => Date.parse(at) > Date.now(), 'must be in the future')
  .nullable();

export function accountRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/setup',
      summary: 'Whether the first admin still has to be created',
      tag: 'accounts',
      auth: 'none',
      response: z.object({ needed: z.boolean() }),
    },
    async () => ({ needed: await setupNeeded(ctx.db) }),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/setup',
      summary: 'Create the first admin with the one-time setup token',
      tag: 'accounts',
      auth: 'none',
      status: 201,
      body: z.strictObject({
        token: z.string().min(1, 'is missing: open the setup link from the server log').max(200).meta({ title: 'The setup link' }),
        email,
        name,
        password,
      }),
      response: signedIn,
    },
    async ({ body, request, reply }) => {
      const { user, token, csrfToken } = await completeSetup(ctx.db, body);
      setSessionCookies(ctx, request, reply, token, csrfToken);
      return { user };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/session',
      summary: 'Sign in; sets the session cookie',
      tag: 'accounts',
      auth: 'none',
      body: z.strictObject({ email, password: z.string().min(1).max(200).meta({ title: 'Password' }) }),
      response: signedIn,
    },
    async ({ body, request, reply }) => {
      const session = await login(ctx.db, { ...body, address: request.ip, previousToken: request.cookies[SESSION_COOKIE] });
      setSessionCookies(ctx, request, reply, session.token, session.csrfToken);
      return { user: session.user };
    },
  );

  api.route({ method: 'DELETE', url: '/api/session', summary: 'Sign out', tag: 'accounts', auth: 'none', status: 204 }, async ({ request, reply }) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await endSession(ctx.db.kysely, token);
    clearSessionCookies(reply);
  });

  api.route({ method: 'GET', url: '/api/me', summary: 'The signed-in user', tag: 'accounts', response: meSchema }, async ({ user }) => user);

  api.route(
    {
      method: 'GET',
      url: '/api/me/tokens',
      summary: 'Your API tokens (never their values), with last use and expiry',
      tag: 'accounts',
      response: z.object({ items: z.array(apiToken) }),
    },
    async ({ user }) => ({ items: await listApiTokens(ctx.db.kysely, user.id) }),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/me/tokens',
      summary: 'Create an API token, optionally expiring at `expiresAt` (default: never); the value is shown once',
      tag: 'accounts',
      status: 201,
      body: z.strictObject({
        name: z.string().trim().min(1).max(100).meta({ title: 'Token name' }),
        expiresAt: tokenExpiry.optional().meta({ title: 'Expiration' }),
      }),
      response: apiToken.extend({ token: z.string() }),
    },
    async ({ user, body }) => {
      const { token, info } = await createApiToken(ctx.db.kysely, user.id, body.name, body.expiresAt ?? null);
      return { ...info, token };
    },
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/me/tokens/:tokenId',
      summary: 'Revoke an API token',
      tag: 'accounts',
      status: 204,
      params: z.strictObject({ tokenId: z.uuid() }),
    },
    async ({ user, params }) => {
      await revokeApiToken(ctx.db.kysely, user.id, params.tokenId);
    },
  );
}
