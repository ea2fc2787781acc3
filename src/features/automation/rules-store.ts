// A project's automation rules as stored (projects.automation_rules, JSON); the defaults until
// the project saves its own.
import type { Executor } from '../../db/database.ts';
import { AUTOMATION_EVENTS, type AutomationRule, DEFAULT_RULES } from '../../domain/automation-rules.ts';

/** Parsed rule sets by their stored text: every delivery of a project reads the same few bytes, parsed once. */
const parsed = new Map<string, readonly AutomationRule[]>();
const MAX_PARSED = 500;

export async function rulesOfProject(db: Executor, projectId: string): Promise<readonly AutomationRule[]> {
  const row = await db.selectFrom('projects').select('automation_rules').where('id', '=', projectId).executeTakeFirst();
  return parseStoredRules(row?.automation_rules ?? null);
}

/** The stored text as rules; null (never saved) is the default rules. */
export function parseStoredRules(text: string | null): readonly AutomationRule[] {
  if (text === null) return DEFAULT_RULES;
  let rules = parsed.get(text);
  if (!rules) {
    const events = new Set<string>(AUTOMATION_EVENTS);
    // Stored rules were validated when saved; anything unreadable is skipped rather than trusted.
    const raw: unknown = JSON.parse(text);
    rules = Object.freeze(
      (Array.isArray(raw) ? raw : []).filter(
        (r): r is AutomationRule =>
          !!r && typeof r === 'object' && events.has(r.event) && typeof r.status === 'string' && (r.branch === null || typeof r.branch === 'string'),
      ),
    );
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(text, rules);
  }
  return rules;
}

/** Stores the project's rules; null goes back to the defaults. */
export async function storeRules(db: Executor, projectId: string, rules: AutomationRule[] | null): Promise<void> {
  const text = rules === null ? null : JSON.stringify(rules.map((r) => ({ event: r.event, branch: r.branch, status: r.status })));
  await db.updateTable('projects').set({ automation_rules: text }).where('id', '=', projectId).execute();
}
