// Notifications: telling a person, in the app, that something concerns them.
//
// Calling it (for features that cause notifications):
//
//   await notify(tx, { kind: 'mentioned', ticketId, recipients: [userId, ...], actorId: author.id, detail: excerpt });
//
// - Call it with the transaction of the change that causes the notification: the notification
//   then exists exactly when the change does (a rolled-back change tells nobody).
// - `recipients` may hold nulls and repeats; the actor is never told about their own act, and
//   nobody who cannot see the ticket (an admin, or a member of its project) is told. `notify`
//   answers the ids it told.
// - `kind` is one of NOTIFICATION_KINDS; a new kind is added there (the API and the web app's
//   generated types follow) and worded in the web app's notification list.
// - `detail` is one line of context shown under the ticket (the PR that merged, why Start work
//   stopped, the words around a mention); it is cut to DETAIL_MAX characters.
//
// Reading them (the routes in http/routes/notifications.ts): `listNotifications`,
// `countUnread` (what the bell polls), `markNotificationRead`, `markAllNotificationsRead`.
import { newId, nowIso } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import {
  insertNotifications,
  markAllRead,
  markRead,
  notificationPage,
  type Reader,
  toNotification,
  unreadCount,
  whoCanSeeTicket,
} from '../db/queries/notifications.ts';
import { findTicketById } from '../db/queries/tickets.ts';
import { parseStartWork } from '../domain/start-work.ts';
import { NotFound } from '../errors.ts';
import { decodeTimeCursor, encodeTimeCursor } from './time-cursor.ts';
import type { User } from './users.ts';

export const NOTIFICATION_KINDS = ['assigned', 'review_requested', 'mentioned', 'pr_merged', 'start_work_failed'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DETAIL_MAX = 500;

export interface Notice {
  kind: NotificationKind;
  ticketId: string;
  recipients: Array<string | null | undefined>;
  /** Who caused it; null when Baton did (a webhook, a job). */
  actorId: string | null;
  detail?: string | null;
}

/** Writes one notification per recipient who should hear of it; answers their ids. */
export async function notify(tx: Executor, notice: Notice): Promise<string[]> {
  const wanted = [...new Set(notice.recipients.filter((id): id is string => !!id && id !== notice.actorId))];
  const told = await whoCanSeeTicket(tx, notice.ticketId, wanted);
  const at = nowIso();
  const detail = notice.detail ? cut(notice.detail, DETAIL_MAX) : null;
  await insertNotifications(
    tx,
    told.map((userId) => ({
      id: newId(),
      user_id: userId,
      kind: notice.kind,
      ticket_id: notice.ticketId,
      actor_id: notice.actorId,
      detail,
      created_at: at,
      read_at: null,
    })),
  );
  return told;
}

interface People {
  assigneeId: string | null;
  reviewerId: string | null;
}

/** Tells whoever became the ticket's assignee or reviewer with a change from `before` to `after`. */
export async function notifyPeopleChanged(tx: Executor, ticketId: string, actorId: string | null, before: People, after: People): Promise<void> {
  if (after.assigneeId && after.assigneeId !== before.assigneeId) {
    await notify(tx, { kind: 'assigned', ticketId, recipients: [after.assigneeId], actorId });
  }
  if (after.reviewerId && after.reviewerId !== before.reviewerId) {
    await notify(tx, { kind: 'review_requested', ticketId, recipients: [after.reviewerId], actorId });
  }
}

/**
 * Tells the people whose ticket it is — its assignee and whoever started work on it — that its PR
 * merged. The merge happened on the provider, so no Baton user is its actor (whoever pressed Sync
 * PR status only brought the news) and nobody is left out as "the one who did it".
 */
export async function notifyMerged(tx: Executor, ticketId: string, detail: string): Promise<void> {
  const ticket = await findTicketById(tx, ticketId);
  if (!ticket) return;
  const startedBy = parseStartWork(ticket.start_work)?.actorId ?? null;
  await notify(tx, { kind: 'pr_merged', ticketId, recipients: [ticket.assignee_id, startedBy], actorId: null, detail });
}

const reader = (user: User): Reader => ({ userId: user.id, isAdmin: user.isAdmin });

export async function listNotifications(db: Executor, user: User, page: { limit: number; cursor?: string; unread?: boolean }) {
  const after = page.cursor ? decodeTimeCursor(page.cursor) : null;
  const [rows, unread] = await Promise.all([
    notificationPage(db, reader(user), { limit: page.limit, after, unreadOnly: page.unread === true }),
    unreadCount(db, reader(user)),
  ]);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(toNotification),
    unreadCount: unread,
    nextCursor: rows.length > page.limit && last ? encodeTimeCursor({ at: last.created_at, id: last.id }) : null,
  };
}

export const countUnread = (db: Executor, user: User) => unreadCount(db, reader(user));

export async function markNotificationRead(db: Executor, user: User, id: string): Promise<void> {
  if (!(await markRead(db, user.id, id, nowIso()))) throw new NotFound('Notification');
}

/** Marks read everything up to `upTo` (what the reader saw), so one that arrived since stays unread. */
export async function markAllNotificationsRead(db: Executor, user: User, upTo: string = nowIso()): Promise<number> {
  return markAllRead(db, user.id, new Date(upTo).toISOString(), nowIso());
}

function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
