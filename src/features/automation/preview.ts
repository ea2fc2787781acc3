// "This PR would move the ticket to …": unsaved rules tried on the tickets of the project's most
// recently updated PRs, as the settings page shows them while rules are edited.
import type { Executor } from '../../db/database.ts';
import { recentLinkedPullRequests } from '../../db/queries/automation.ts';
import { type AutomationRule, describeRule, firstMatchingRule } from '../../domain/automation-rules.ts';
import { statusLabel } from '../../domain/status.ts';
import { factsOfTicket } from './ticket-facts.ts';

const PREVIEWED = 10;

export async function previewRules(db: Executor, projectId: string, rules: readonly AutomationRule[]) {
  const recent = await recentLinkedPullRequests(db, projectId, PREVIEWED * 3);
  const items = [];
  const seen = new Set<string>();
  for (const pr of recent) {
    if (seen.has(pr.ticket_id)) continue;
    seen.add(pr.ticket_id);
    const match = firstMatchingRule(rules, await factsOfTicket(db, pr.ticket_id), { repositoryId: pr.repository_id, number: pr.number });
    items.push({
      ticketKey: pr.key,
      ticketTitle: pr.ticket_title,
      status: pr.status,
      pullRequest: { number: pr.number, title: pr.title, state: pr.state, baseBranch: pr.base_branch, url: pr.url },
      moveTo: match ? match.rule.status : null,
      rule: match ? describeRule(match.index, match.rule, statusLabel) : null,
    });
    if (items.length === PREVIEWED) break;
  }
  return items;
}
