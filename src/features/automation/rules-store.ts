// A project's automation rules as stored; the defaults until the project saves its own.
import type { Executor } from '../../db/database.ts';
import { type AutomationRule, DEFAULT_RULES } from '../../domain/automation-rules.ts';

export async function rulesOfProject(_db: Executor, _projectId: string): Promise<readonly AutomationRule[]> {
  return DEFAULT_RULES;
}
