// The statuses rules may move a project's tickets to, in board order, with their names.
import { STATUS_LABEL, TICKET_STATUSES } from '../../domain/status.ts';

export function projectStatuses(): Array<{ status: string; label: string }> {
  return TICKET_STATUSES.map((status) => ({ status, label: STATUS_LABEL[status] }));
}
