// The ticket's activity feed as the API shows it: one entry per row of ticket_history, with the
// kind's own fields (domain/activity.ts) read from the row's JSON.
import type { Selectable } from 'kysely';
import type { ActivityData, ActivityKind } from '../../domain/activity.ts';
import type { HistoryCause } from '../../domain/status.ts';
import type { TicketHistoryTable } from '../schema/ticket-history.ts';
import type { Person } from './users.ts';

type Row = Selectable<TicketHistoryTable>;
type PersonOf = (id: string | null) => Person;

/** The people an entry names besides its actor (assignee and reviewer changes), for one lookup. */
export function peopleNamedBy(rows: Row[]): Array<string | null> {
  return rows.flatMap((row) => {
    if (row.kind !== 'assignee' && row.kind !== 'reviewer') return [row.actor_id];
    const data = parseData(row.data);
    return [row.actor_id, data.from ?? null, data.to ?? null];
  });
}

export function toActivityEntries(rows: Row[], person: PersonOf) {
  return rows.map((row) => toActivityEntry(row, person));
}

function toActivityEntry(row: Row, person: PersonOf) {
  const kind = row.kind as ActivityKind;
  const data = parseData(row.data);
  const base = {
    id: row.id,
    at: row.at,
    kind,
    cause: row.cause as HistoryCause,
    actor: person(row.actor_id),
    detail: row.detail,
    deliveryId: row.delivery_id,
    rule: row.rule,
    via: data.via ?? null,
  };
  switch (kind) {
    case 'status':
      return { ...base, from: row.from_status, to: row.to_status };
    case 'assignee':
    case 'reviewer':
      return { ...base, fromPerson: person(data.from ?? null), toPerson: person(data.to ?? null) };
    case 'title':
    case 'priority':
    case 'repository':
      return { ...base, from: data.from ?? null, to: data.to ?? null };
    case 'criteria':
      return { ...base, criteria: data.criteria ?? [] };
    case 'labels':
      return { ...base, labelsAdded: data.labelsAdded ?? [], labelsRemoved: data.labelsRemoved ?? [] };
    case 'comment':
      return { ...base, commentId: data.commentId ?? null };
    case 'start_work':
      return { ...base, step: data.step ?? null, reason: data.reason ?? null };
    case 'pull_request':
      return { ...base, pullRequest: data.pullRequest ?? null };
    default:
      return base;
  }
}

function parseData(json: string | null): ActivityData {
  if (!json) return {};
  try {
    const value = JSON.parse(json);
    return value && typeof value === 'object' ? (value as ActivityData) : {};
  } catch {
    return {};
  }
}
