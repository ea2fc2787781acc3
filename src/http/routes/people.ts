import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { sha256 } from '../../crypto/tokens.ts';
import {
  acceptInvitation,
  createInvitation,
  createResetLink,
  inspectInvitation,
  listInvitations,
  revokeInvitation,
  useResetLink,
} from '../../services/account-links.ts';
import { changeMyPassword, changeRole, deactivateUser, listPeople, reactivateUser, renameMe } from '../../services/people.ts';
import { createSession } from '../../services/sessions.ts';
import type { Api } from '../api.ts';
import { SESSION_COOKIE, setSessionCookies } from '../auth.ts';
import { email, meSchema, name, password } from './accounts.ts';

const role = z.enum(['admin', 'member']).meta({ id: 'UserRole', title: 'Role' });
const person = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().optional().describe('Shown to administrators only'),
    role: role.optional().describe('Shown to administrators only'),
    deactivatedAt: z.string().nullable().optional().describe('Shown to administrators only; set when the person can no longer sign in'),
    createdAt: z.string().optional(),
  })
  .meta({ id: 'User' });
const invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    role,
    createdAt: z.string(),
    expiresAt: z.string(),
    invitedBy: z.string().nullable(),
    expired: z.boolean(),
  })
  .meta({ id: 'Invitation' });
const userParams = z.strictObject({ userId: z.uuid('must be a user id') });
const linkToken = z.string().min(1, 'is missing: open the whole link you were given').max(200).meta({ title: 'The link' });

export function peopleRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/users',
      summary: 'People: administrators see everyone; others see the names of people they share a project with',
      tag: 'people',
      response: z.object({ items: z.array(person) }),
    },
    async ({ user }) => ({ items: await listPeople(ctx.db.kysely, user) }),
  );

  api.route(
    {
      method: 'PATCH',
      url: '/api/users/:userId',
      summary: "Change a person's role (administrators only)",
      tag: 'people',
      params: userParams,
      body: z.strictObject({ role }),
      response: person,
    },
    async ({ user, params, body }) => changeRole(ctx.db, user, params.userId, body.role),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/users/:userId/deactivate',
      summary: 'Deactivate a person: their sessions end and their API tokens are refused at once; history keeps their name',
      tag: 'people',
      params: userParams,
      response: person,
    },
    async ({ user, params }) => deactivateUser(ctx.db, user, params.userId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/users/:userId/reactivate',
      summary: 'Let a deactivated person sign in again',
      tag: 'people',
      params: userParams,
      response: person,
    },
    async ({ user, params }) => reactivateUser(ctx.db, user, params.userId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/users/:userId/reset-link',
      summary: 'Create a one-time link for the person to choose a new password (shown once, valid 24 hours)',
      tag: 'people',
      status: 201,
      params: userParams,
      response: z.object({ link: z.string(), expiresAt: z.string() }),
    },
    async ({ user, params }) => createResetLink(ctx.db, user, params.userId, ctx.config.publicUrl),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/invitations',
      summary: 'Invite someone by email: answers a one-time link, shown once, valid 7 days (administrators only)',
      tag: 'people',
      status: 201,
      body: z.strictObject({ email, role: role.default('member') }),
      response: invitation.extend({ link: z.string().describe('Give this to the invitee; it is not shown again') }),
    },
    async ({ user, body }) => createInvitation(ctx.db, user, body, ctx.config.publicUrl),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/invitations',
      summary: 'Invitations not yet accepted or revoked (administrators only)',
      tag: 'people',
      response: z.object({ items: z.array(invitation) }),
    },
    async ({ user }) => ({ items: await listInvitations(ctx.db.kysely, user) }),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/invitations/:invitationId',
      summary: 'Revoke an invitation: its link stops working',
      tag: 'people',
      status: 204,
      params: z.strictObject({ invitationId: z.uuid('must be an invitation id') }),
    },
    async ({ user, params }) => revokeInvitation(ctx.db.kysely, user, params.invitationId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/invitations/inspect',
      summary: 'Who an invitation link is for, before accepting it',
      tag: 'people',
      auth: 'none',
      body: z.strictObject({ token: linkToken }),
      response: z.object({ email: z.string(), expiresAt: z.string() }),
    },
    async ({ body }) => inspectInvitation(ctx.db.kysely, body.token),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/invitations/accept',
      summary: 'Accept an invitation with your name and password; signs you in',
      tag: 'people',
      auth: 'none',
      status: 201,
      body: z.strictObject({ token: linkToken, name, password }),
      response: z.object({ user: meSchema }),
    },
    async ({ body, request, reply }) => {
      const user = await acceptInvitation(ctx.db, body);
      const session = await createSession(ctx.db.kysely, user.id, request.cookies[SESSION_COOKIE]);
      setSessionCookies(ctx, request, reply, session.token, session.csrfToken);
      return { user };
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/password-resets/accept',
      summary: 'Choose a new password with a reset link; every session of the person ends',
      tag: 'people',
      auth: 'none',
      body: z.strictObject({ token: linkToken, password }),
      response: z.object({ email: z.string() }),
    },
    async ({ body }) => useResetLink(ctx.db, body),
  );

  api.route(
    { method: 'PATCH', url: '/api/me', summary: 'Change your name', tag: 'accounts', body: z.strictObject({ name }), response: meSchema },
    async ({ user, body }) => renameMe(ctx.db.kysely, user, body.name),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/me/password',
      summary: 'Change your password; your other sessions end',
      tag: 'accounts',
      status: 204,
      body: z.strictObject({
        currentPassword: z.string().min(1, 'is required').max(200).meta({ title: 'Current password' }),
        newPassword: password.meta({ title: 'New password' }),
      }),
    },
    async ({ user, body, request }) => {
      const cookie = request.headers.authorization === undefined ? request.cookies[SESSION_COOKIE] : undefined;
      await changeMyPassword(ctx.db, user, { ...body, sessionId: cookie ? sha256(cookie) : null });
    },
  );
}
