// The acceptance criteria travel in a pull request's description as a task list between two
// HTML comments, so Baton can find exactly its own checklist among whatever else people write
// there. Start work renders it; PR status sync reads it back.

export const CRITERIA_START = '<!-- baton:criteria -->';
export const CRITERIA_END = '<!-- /baton:criteria -->';

export interface ChecklistItem {
  text: string;
  checked: boolean;
}

const ITEM = /^\s*[-*+]\s+\[([ xX])\]\s+(.*?)\s*$/;

/** Whitespace-insensitive form, so a renderer's line wrapping or trailing spaces never break a match. */
export function normalizeCriterionText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `- [ ] text` / `- [x] text` lines, one per criterion, between the markers. */
export function renderCriteriaChecklist(items: ChecklistItem[]): string {
  const lines = items.map((item) => `- [${item.checked ? 'x' : ' '}] ${normalizeCriterionText(item.text)}`);
  return [CRITERIA_START, ...lines, CRITERIA_END].join('\n');
}

/**
 * The checklist items in order, or null when the body has no complete marked block (none, or
 * cut off — Azure DevOps truncates long descriptions). Lines that are not task items are skipped.
 */
export function parseCriteriaChecklist(body: string | null | undefined): ChecklistItem[] | null {
  if (!body) return null;
  const start = body.indexOf(CRITERIA_START);
  if (start < 0) return null;
  const end = body.indexOf(CRITERIA_END, start + CRITERIA_START.length);
  if (end < 0) return null;
  const items: ChecklistItem[] = [];
  for (const line of body.slice(start + CRITERIA_START.length, end).split(/\r?\n/)) {
    const match = ITEM.exec(line);
    if (match) items.push({ checked: match[1] !== ' ', text: normalizeCriterionText(match[2]) });
  }
  return items;
}
