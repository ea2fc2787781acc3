// A project's rules as people submit them, checked one by one: every problem is named with the
// rule's position as the settings page numbers it, and nothing is stored while any remains.
import { AUTOMATION_EVENTS, type AutomationEvent, type AutomationRule, EVENT_LABEL } from '../../domain/automation-rules.ts';
import { compileBranchGlob } from '../../domain/branch-glob.ts';
import type { TicketStatus } from '../../domain/status.ts';
import { BadRequest } from '../../errors.ts';

export const MAX_RULES = 50;

export interface SubmittedRule {
  event: string;
  branch?: string | null;
  status: string;
}

/** The rules, ready to store, or BadRequest naming each problem by rule number and field. */
export function checkRules(submitted: SubmittedRule[], statuses: ReadonlyArray<{ status: string; label: string }>): AutomationRule[] {
  const fields: Record<string, string> = {};
  if (submitted.length > MAX_RULES) fields.rules = `A project can have at most ${MAX_RULES} rules; remove ${submitted.length - MAX_RULES}`;
  const known = new Set<string>(AUTOMATION_EVENTS);
  const names = statuses.map((s) => s.label).join(', ');
  submitted.forEach((rule, i) => {
    const n = i + 1;
    if (!known.has(rule.event)) {
      fields[`rules.${i}.event`] =
        `Rule ${n}: “${rule.event}” is not an event a rule can start from; choose one of: ${AUTOMATION_EVENTS.map((e) => EVENT_LABEL[e]).join('; ')}`;
    }
    const branch = rule.branch ?? null;
    if (branch !== null) {
      const glob = compileBranchGlob(branch);
      if (!glob.ok) fields[`rules.${i}.branch`] = `Rule ${n}: the branch pattern “${branch}” ${glob.problem}`;
    }
    if (!statuses.some((s) => s.status === rule.status)) {
      fields[`rules.${i}.status`] = `Rule ${n}: “${rule.status}” is not a status of this project; choose one of ${names}`;
    }
  });
  const problems = Object.values(fields);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new BadRequest(`${problems[0]}${more}`, { fields });
  }
  return submitted.map((r) => ({ event: r.event as AutomationEvent, branch: r.branch ?? null, status: r.status as TicketStatus }));
}
