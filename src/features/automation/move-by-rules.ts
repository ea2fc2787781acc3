// Applies a project's automation rules to one ticket after something its rules read changed on
// one of its pull requests. Called by the PR apply path (webhooks, sync, reconciliation, Start
// work) inside its transaction, with the ticket already locked.
import type { Executor } from '../../db/database.ts';
import { lastManualMoveAt } from '../../db/queries/automation.ts';
import { type AutomationRule, describeRule, firstMatchingRule, manualMoveWins } from '../../domain/automation-rules.ts';
import { type HistoryCause, statusLabel } from '../../domain/status.ts';
import { changeTicketStatus, type StatusChangeOrigin } from '../../services/ticket-status.ts';
import { factsOfTicket } from './ticket-facts.ts';

export interface RuleTrigger {
  ticketId: string;
  /** The ticket's status as locked by the caller. */
  current: string;
  rules: readonly AutomationRule[];
  /** The PR whose change is being applied. */
  seen: { repositoryId: string; number: number };
  /** When the change happened, by the provider's clock. */
  eventAt: string;
  cause: HistoryCause;
  actorId: string | null;
  /** What happened, in the history's words ("PR #3 merged"). */
  detail: string;
  /** The delivery that carried the event, or what found it (a sync), for the activity feed. */
  origin?: StatusChangeOrigin;
}

/** Moves the ticket where the first holding rule says, unless a person moved it after the event. Returns its status. */
export async function moveByRules(tx: Executor, trigger: RuleTrigger): Promise<string> {
  const match = firstMatchingRule(trigger.rules, await factsOfTicket(tx, trigger.ticketId), trigger.seen);
  if (!match || match.rule.status === trigger.current) return trigger.current;
  if (manualMoveWins(trigger.eventAt, await lastManualMoveAt(tx, trigger.ticketId))) return trigger.current;
  const ticket = { id: trigger.ticketId, status: trigger.current };
  await changeTicketStatus(tx, ticket, match.rule.status, trigger.cause, trigger.actorId, trigger.detail, {
    ...trigger.origin,
    rule: describeRule(match.index, match.rule, statusLabel),
  });
  return ticket.status;
}
