import type { Executor } from '../../db/database.ts';
import { criteriaOf, setCriterionDone, touchTicket } from '../../db/queries/tickets.ts';
import type { CriterionChange } from '../../domain/activity.ts';
import { type ChecklistItem, normalizeCriterionText, parseCriteriaChecklist } from '../../domain/criteria-checklist.ts';
import { recordActivity } from '../../services/activity.ts';
import type { FeedOrigin } from './pull-requests.ts';

/**
 * Applies the PR body's criteria checklist to the ticket: an item whose tick changed since the
 * body was last read (or every item, the first time) sets the criterion at the same position
 * with the same text done or not done. Only changes are applied, so an edit elsewhere in the
 * body never undoes a tick made in Baton before the spec was published again.
 * Returns what to store as `criteria_seen`.
 */
export async function applyChecklist(tx: Executor, ticketId: string, seen: string | null, body: string, origin: FeedOrigin): Promise<string | null> {
  const items = parseCriteriaChecklist(body);
  if (!items) return seen;
  const before = parseSeen(seen);
  const changed = items
    .map((item, position) => ({ item, position }))
    .filter(({ item, position }) => !before || before[position]?.text !== item.text || before[position]?.checked !== item.checked);
  if (changed.length > 0) {
    const criteria = await criteriaOf(tx, ticketId);
    const ticked: CriterionChange[] = [];
    for (const { item, position } of changed) {
      const criterion = criteria[position];
      if (!criterion || normalizeCriterionText(criterion.text) !== item.text) continue;
      const done = item.checked ? 1 : 0;
      if (criterion.done === done) continue;
      await setCriterionDone(tx, criterion.id, item.checked);
      ticked.push({ change: item.checked ? 'done' : 'undone', text: criterion.text });
    }
    if (ticked.length > 0) {
      await touchTicket(tx, ticketId);
      await recordActivity(tx, { ...origin, ticketId, kind: 'criteria', data: { criteria: ticked } });
    }
  }
  return JSON.stringify(items);
}

function parseSeen(seen: string | null): ChecklistItem[] | null {
  if (!seen) return null;
  try {
    const value = JSON.parse(seen);
    return Array.isArray(value) ? (value as ChecklistItem[]) : null;
  } catch {
    return null;
  }
}
