// Notifications: the queries, and the mapper from a row to what the API shows. Every read is
// limited to tickets the reader can still see (an admin, or a member of the ticket's project),
// so somebody removed from a project keeps nothing of it in their inbox.
import type { Insertable } from 'kysely';
import type { Executor } from '../database.ts';
import type { NotificationsTable } from '../schema/notifications.ts';

export interface Reader {
  userId: string;
  isAdmin: boolean;
}

export const insertNotifications = (tx: Executor, rows: Insertable<NotificationsTable>[]) =>
  rows.length ? tx.insertInto('notifications').values(rows).execute() : Promise.resolve([]);

/** Those of `userIds` who can see the ticket: admins and members of its project. */
export async function whoCanSeeTicket(tx: Executor, ticketId: string, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await tx
    .selectFrom('users')
    .innerJoin('tickets', (j) => j.on('tickets.id', '=', ticketId))
    .select('users.id')
    .where('users.id', 'in', userIds)
    // A deactivated person cannot read them; nothing piles up for them either.
    .where('users.deactivated_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('users.is_admin', '=', 1),
        eb.exists(
          eb
            .selectFrom('project_members')
            .select('project_members.user_id')
            .whereRef('project_members.project_id', '=', 'tickets.project_id')
            .whereRef('project_members.user_id', '=', 'users.id'),
        ),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}

/** The reader's notifications on tickets they can see. */
function inbox(db: Executor, reader: Reader) {
  return db
    .selectFrom('notifications')
    .innerJoin('tickets', 'tickets.id', 'notifications.ticket_id')
    .where('notifications.user_id', '=', reader.userId)
    .$if(!reader.isAdmin, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('project_members')
            .select('project_members.user_id')
            .whereRef('project_members.project_id', '=', 'tickets.project_id')
            .where('project_members.user_id', '=', reader.userId),
        ),
      ),
    );
}

/** A page, newest first, after the cursor; one row more than `limit` when there is a next page. */
export function notificationPage(db: Executor, reader: Reader, page: { limit: number; after: { at: string; id: string } | null; unreadOnly: boolean }) {
  return inbox(db, reader)
    .leftJoin('users as actor', 'actor.id', 'notifications.actor_id')
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.detail',
      'notifications.created_at',
      'notifications.read_at',
      'tickets.key as ticket_key',
      'tickets.title as ticket_title',
      'actor.id as actor_id',
      'actor.name as actor_name',
    ])
    .$if(page.unreadOnly, (q) => q.where('notifications.read_at', 'is', null))
    .$if(page.after !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('notifications.created_at', '<', page.after!.at),
          eb.and([eb('notifications.created_at', '=', page.after!.at), eb('notifications.id', '<', page.after!.id)]),
        ]),
      ),
    )
    .orderBy('notifications.created_at', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export type NotificationRow = Awaited<ReturnType<typeof notificationPage>>[number];

export const toNotification = (r: NotificationRow) => ({
  id: r.id,
  kind: r.kind,
  ticket: { key: r.ticket_key, title: r.ticket_title },
  actor: r.actor_id && r.actor_name !== null ? { id: r.actor_id, name: r.actor_name } : null,
  detail: r.detail,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export async function unreadCount(db: Executor, reader: Reader): Promise<number> {
  const row = await inbox(db, reader)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('notifications.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the reader's notifications read (again: a no-op); false when it is not theirs. */
export async function markRead(db: Executor, userId: string, id: string, at: string): Promise<boolean> {
  const found = await db.selectFrom('notifications').select('read_at').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!found) return false;
  if (found.read_at === null) await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute();
  return true;
}

/** Marks every unread notification of the reader created up to `upTo` read; returns how many. */
export async function markAllRead(db: Executor, userId: string, upTo: string, at: string): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .where('created_at', '<=', upTo)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
