// Comments on a ticket: any member writes them in markdown; "@name" mentions tell the people
// named (domain/mentions.ts says who a name fits) through the notifications, in the same
// transaction as the comment.
import { newId, nowIso } from '../../clock.ts';
import type { Db, Executor } from '../../db/database.ts';
import { type CommentRow, commentsOf, insertComment } from '../../db/queries/comments.ts';
import { membersOf } from '../../db/queries/projects.ts';
import { personLookup } from '../../db/queries/users.ts';
import { resolveMentions } from '../../domain/mentions.ts';
import { recordActivity } from '../../services/activity.ts';
import { notify } from '../../services/notifications.ts';
import { loadTicket } from '../../services/tickets.ts';
import type { User } from '../../services/users.ts';

/** How much of a comment a mention's notification, or the feed, quotes. */
const QUOTE_MAX = 200;
const quote = (body: string) => body.replace(/\s+/g, ' ').trim().slice(0, QUOTE_MAX);

async function toComments(db: Executor, rows: CommentRow[]) {
  const person = await personLookup(
    db,
    rows.map((c) => c.author_id),
  );
  return rows.map((c) => ({ id: c.id, author: person(c.author_id), body: c.body, createdAt: c.created_at }));
}

export async function listComments(db: Executor, user: User, key: string) {
  const ticket = await loadTicket(db, user, key);
  return { items: await toComments(db, await commentsOf(db, ticket.id)) };
}

export async function addComment(db: Db, user: User, key: string, body: string) {
  const ticket = await loadTicket(db.kysely, user, key);
  const mentioned = resolveMentions(
    body,
    await membersOf(db.kysely, ticket.project_id).then((ms) => ms.map((m) => ({ id: m.userId, name: m.name, email: m.email }))),
  );
  const row: CommentRow = { id: newId(), ticket_id: ticket.id, author_id: user.id, body, created_at: nowIso() };
  await db.transaction(async (tx) => {
    await insertComment(tx, row);
    await recordActivity(tx, { ticketId: ticket.id, kind: 'comment', cause: 'user', actorId: user.id, detail: quote(body), data: { commentId: row.id } });
    await notify(tx, {
      kind: 'mentioned',
      ticketId: ticket.id,
      recipients: mentioned,
      actorId: user.id,
      detail: quote(body),
    });
  });
  return (await toComments(db.kysely, [row]))[0];
}
