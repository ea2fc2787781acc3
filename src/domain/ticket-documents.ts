// What Start work writes to the git provider: the spec file `.tickets/KEY.md` and the pull
// request's title and body. Pure: the same ticket always renders the same bytes, which is what
// lets providers skip a commit when nothing changed.
import { CRITERIA_END, CRITERIA_START, normalizeCriterionText, renderCriteriaChecklist } from './criteria-checklist.ts';
import { TICKET_KEY } from './keys.ts';

export interface TicketContent {
  key: string;
  title: string;
  spec: string;
  /** `${publicUrl}/tickets/KEY` */
  url: string;
  criteria: Array<{ text: string; done: boolean }>;
}

const SUMMARY_MAX = 600;

/** Only ever built from a validated key, so the path cannot leave `.tickets/`. */
export function specPath(key: string): string {
  if (!TICKET_KEY.test(key)) throw new Error(`not a ticket key: ${key}`);
  return `.tickets/${key}.md`;
}

function checklist(criteria: TicketContent['criteria']): string {
  if (criteria.length === 0) return '_No acceptance criteria yet._';
  return criteria.map((c) => `- [${c.done ? 'x' : ' '}] ${normalizeCriterionText(c.text)}`).join('\n');
}

export function renderSpecFile(t: TicketContent): string {
  const spec = t.spec.replace(/\r\n/g, '\n').trim();
  return [
    `# ${t.key}: ${t.title}`,
    '',
    `<!-- Written by Baton from ${t.url}. Edit the ticket there; changes here are overwritten. -->`,
    `Ticket: [${t.key}](${t.url})`,
    '',
    ...(spec ? [spec, ''] : []),
    '## Acceptance criteria',
    '',
    checklist(t.criteria),
    '',
  ].join('\n');
}

export function pullRequestTitle(t: Pick<TicketContent, 'key' | 'title'>): string {
  return `${t.key}: ${t.title}`;
}

/** The spec's first paragraph that is prose (not a heading, list or code fence), shortened. */
export function summaryOf(spec: string): string {
  const paragraphs = spec
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const prose = paragraphs.find((p) => !/^(#|```|~~~|[-*+] |\d+\. |>|<!--|\|)/.test(p));
  if (!prose) return '';
  const flat = prose.replace(/\s*\n\s*/g, ' ');
  return flat.length <= SUMMARY_MAX ? flat : `${flat.slice(0, SUMMARY_MAX - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * The PR body's checklist between the markers that PR sync reads ticks back from (see
 * criteria-checklist.ts), so an edit replaces only that part of a body people may have added to.
 */
export function checklistBlock(criteria: TicketContent['criteria']): string {
  return renderCriteriaChecklist(criteria.map((c) => ({ text: c.text, checked: c.done })));
}

export function renderPullRequestBody(t: TicketContent): string {
  const summary = summaryOf(t.spec);
  return [
    ...(summary ? [summary, ''] : []),
    `Ticket: [${t.key}](${t.url}) · spec: \`${specPath(t.key)}\``,
    '',
    '### Acceptance criteria',
    '',
    checklistBlock(t.criteria),
    '',
  ].join('\n');
}

/**
 * `body` with its checklist block replaced by the current criteria; the block is appended when
 * someone removed the markers. Everything else a person wrote in the body is kept.
 */
export function replaceChecklist(body: string, criteria: TicketContent['criteria']): string {
  const start = body.indexOf(CRITERIA_START);
  const end = start < 0 ? -1 : body.indexOf(CRITERIA_END, start + CRITERIA_START.length);
  if (start < 0 || end < 0) return `${body.replace(/\s+$/, '')}\n\n### Acceptance criteria\n\n${checklistBlock(criteria)}\n`;
  return `${body.slice(0, start)}${checklistBlock(criteria)}${body.slice(end + CRITERIA_END.length)}`;
}
