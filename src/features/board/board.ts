// The board: every status column with its true count and first page, under one filter.

import type { Executor } from '../../db/database.ts';
import { countsByStatus, searchTicketRows, type TicketFilter, ticketPageRows } from '../../db/queries/board.ts';
import { memberProjectIds } from '../../db/queries/projects.ts';
import { TICKET_STATUSES } from '../../domain/status.ts';
import { projectRole } from '../../services/access.ts';
import { ticketSummaries } from '../../services/tickets.ts';
import type { User } from '../../services/users.ts';

export async function loadBoard(db: Executor, user: User, projectId: string, filter: Omit<TicketFilter, 'status'>, limit: number) {
  await projectRole(db, user, projectId);
  const [counts, ...pages] = await Promise.all([
    countsByStatus(db, projectId, filter),
    ...TICKET_STATUSES.map((status) => ticketPageRows(db, projectId, { ...filter, status, limit })),
  ]);
  const columns = await Promise.all(
    TICKET_STATUSES.map(async (status, i) => {
      const rows = pages[i].slice(0, limit);
      return {
        status,
        count: counts.get(status) ?? 0,
        items: await ticketSummaries(db, rows),
        nextCursor: pages[i].length > limit ? String(rows.at(-1)!.number) : null,
      };
    }),
  );
  return { columns };
}

/** Tickets matching the search text in every project the caller can see, the most recently changed first. */
export async function searchTickets(db: Executor, user: User, text: string, limit: number) {
  const projects = user.isAdmin ? 'all' : await memberProjectIds(db, user.id);
  return { items: await ticketSummaries(db, await searchTicketRows(db, projects, text, limit)) };
}
