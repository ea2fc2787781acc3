// Records entries of a ticket's activity feed. Every caller passes the transaction that makes the
// change, so an entry exists exactly when its change does.
import { nowIso } from '../clock.ts';
import type { Executor } from '../db/database.ts';
import { insertHistory } from '../db/queries/tickets.ts';
import type { ActivityData, ActivityKind } from '../domain/activity.ts';
import type { HistoryCause } from '../domain/status.ts';

export interface ActivityInput {
  ticketId: string;
  kind: Exclude<ActivityKind, 'status'>;
  cause: HistoryCause;
  actorId: string | null;
  /** Why, in words: the step's outcome, the PR event, the rule that fired. */
  detail?: string | null;
  /** The webhook delivery (webhook_deliveries.id) whose event caused the change. */
  deliveryId?: string | null;
  data?: ActivityData;
  /** What found the change at the provider (sync: "Sync PR status", "reconciliation"). */
  via?: string | null;
  at?: string;
}

export async function recordActivity(tx: Executor, input: ActivityInput): Promise<void> {
  await insertHistory(tx, {
    ticket_id: input.ticketId,
    at: input.at ?? nowIso(),
    from_status: null,
    to_status: null,
    cause: input.cause,
    actor_id: input.actorId,
    detail: input.detail ?? null,
    kind: input.kind,
    ...(input.deliveryId ? { delivery_id: input.deliveryId } : {}),
    ...(input.data || input.via ? { data: JSON.stringify({ ...input.data, ...(input.via ? { via: input.via } : {}) }) } : {}),
  });
}

/** Records each of the entries (all of one change, in one transaction). */
export async function recordActivities(tx: Executor, inputs: ActivityInput[]): Promise<void> {
  for (const input of inputs) await recordActivity(tx, input);
}
