// Which Baton statuses mean "closed" on the issue tracker (per project), and where a ticket moves
// when its issue is closed or reopened there.
import { nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import { findStatusMap, putStatusMap } from '../../db/queries/issue-sync.ts';
import { TICKET_STATUSES, type TicketStatus } from '../../domain/status.ts';
import { fieldRefused } from '../../errors.ts';

export interface StatusMap {
  closedStatuses: TicketStatus[];
  /** Where a ticket goes when its issue is (re)opened: one of the open statuses. */
  openStatus: TicketStatus;
  /** Where a ticket goes when its issue is closed: one of the closed statuses. */
  closedStatus: TicketStatus;
}

export const DEFAULT_STATUS_MAP: StatusMap = { closedStatuses: ['done'], openStatus: 'backlog', closedStatus: 'done' };

export async function loadStatusMap(db: Executor, projectId: string): Promise<StatusMap> {
  const row = await findStatusMap(db, projectId);
  if (!row) return DEFAULT_STATUS_MAP;
  return { closedStatuses: JSON.parse(row.closed_statuses), openStatus: row.open_status as TicketStatus, closedStatus: row.closed_status as TicketStatus };
}

/** Refuses a mapping that cannot work, naming the field as the settings form labels it. */
export function checkStatusMap(map: StatusMap): void {
  if (map.closedStatuses.length === 0 || map.closedStatuses.length === TICKET_STATUSES.length) {
    throw fieldRefused(
      'closedStatuses',
      'Closed statuses must name at least one status and leave at least one open; tick the statuses that mean the issue is closed.',
    );
  }
  if (!map.closedStatuses.includes(map.closedStatus)) {
    throw fieldRefused('closedStatus', 'Status for a closed issue must be one of the closed statuses; choose one of those ticked, or tick it.');
  }
  if (map.closedStatuses.includes(map.openStatus)) {
    throw fieldRefused('openStatus', 'Status for a reopened issue must be an open status; choose one that is not ticked as closed.');
  }
}

export async function saveStatusMap(db: Executor, projectId: string, map: StatusMap): Promise<StatusMap> {
  checkStatusMap(map);
  const closed = TICKET_STATUSES.filter((s) => map.closedStatuses.includes(s));
  await putStatusMap(db, {
    project_id: projectId,
    closed_statuses: JSON.stringify(closed),
    open_status: map.openStatus,
    closed_status: map.closedStatus,
    updated_at: nowIso(),
  });
  return { ...map, closedStatuses: closed };
}
