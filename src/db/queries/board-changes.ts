// The board's change feed (migration 018): what API processes read to push changes to open boards.
import type { Executor } from '../database.ts';

export interface BoardChangeRow {
  id: number;
  projectId: string;
  ticketId: string;
}

/** The newest change's id, 0 when there is none: a follower starting now begins after it. */
export async function latestBoardChangeId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('board_changes')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Changes with an id above `after`, oldest first. */
export async function boardChangesAfter(db: Executor, after: number, limit: number): Promise<BoardChangeRow[]> {
  const rows = await db.selectFrom('board_changes').select(['id', 'project_id', 'ticket_id']).where('id', '>', after).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), projectId: r.project_id, ticketId: r.ticket_id }));
}

/** The changes with these ids that exist (committed) now. */
export async function boardChangesIn(db: Executor, ids: number[]): Promise<BoardChangeRow[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('board_changes').select(['id', 'project_id', 'ticket_id']).where('id', 'in', ids).execute();
  return rows.map((r) => ({ id: Number(r.id), projectId: r.project_id, ticketId: r.ticket_id }));
}

/** Drops changes older than `before` (ISO time); returns how many. */
export async function pruneBoardChanges(db: Executor, before: string): Promise<number> {
  const result = await db.deleteFrom('board_changes').where('changed_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
