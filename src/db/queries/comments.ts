// Comments on a ticket, oldest first as a conversation reads.
import type { Selectable } from 'kysely';
import type { Executor } from '../database.ts';
import type { TicketCommentsTable } from '../schema/ticket-comments.ts';

export type CommentRow = Selectable<TicketCommentsTable>;

export const commentsOf = (db: Executor, ticketId: string) =>
  db.selectFrom('ticket_comments').selectAll().where('ticket_id', '=', ticketId).orderBy('created_at').orderBy('id').execute();

export const insertComment = (tx: Executor, row: CommentRow) => tx.insertInto('ticket_comments').values(row).execute();
