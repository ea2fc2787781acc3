import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { countUnread, listNotifications, markAllNotificationsRead, markNotificationRead, NOTIFICATION_KINDS } from '../../services/notifications.ts';
import type { Api } from '../api.ts';
import { pageQuery } from './paging.ts';

const notification = z
  .object({
    id: z.uuid(),
    kind: z.enum(NOTIFICATION_KINDS).meta({ id: 'NotificationKind' }),
    ticket: z.object({ key: z.string(), title: z.string() }),
    actor: z.object({ id: z.uuid(), name: z.string() }).nullable().describe('Who caused it; null when Baton did (a webhook, a job)'),
    detail: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export function notificationRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/me/notifications',
      summary: 'Your notifications, newest first, with the unread count',
      tag: 'notifications',
      query: pageQuery(z.string().max(200)).extend({
        unread: z
          .enum(['true', 'false'])
          .optional()
          .transform((v) => v === 'true')
          .describe('true: only unread ones'),
      }),
      response: z.object({ items: z.array(notification), unreadCount: z.number().int(), nextCursor: z.string().nullable() }).meta({ id: 'NotificationPage' }),
    },
    async ({ user, query }) => listNotifications(ctx.db.kysely, user, query),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/me/notifications/unread-count',
      summary: 'How many of your notifications are unread (cheap enough to poll)',
      tag: 'notifications',
      response: z.object({ count: z.number().int() }),
    },
    async ({ user }) => ({ count: await countUnread(ctx.db.kysely, user) }),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/me/notifications/:notificationId/read',
      summary: 'Mark one of your notifications read',
      tag: 'notifications',
      status: 204,
      params: z.strictObject({ notificationId: z.uuid('must be a notification id') }),
    },
    async ({ user, params }) => markNotificationRead(ctx.db.kysely, user, params.notificationId),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/me/notifications/read-all',
      summary: 'Mark all your notifications read, up to the newest you have seen',
      tag: 'notifications',
      body: z.strictObject({
        upTo: z.iso
          .datetime()
          .optional()
          .meta({ title: 'Newest notification seen', description: 'createdAt of the newest notification you saw; later ones stay unread. Default: now' }),
      }),
      response: z.object({ marked: z.number().int() }),
    },
    async ({ user, body }) => ({ marked: await markAllNotificationsRead(ctx.db.kysely, user, body.upTo) }),
  );
}
