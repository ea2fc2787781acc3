import { describe, expect, it } from 'vitest';
import { CRITERIA_END, CRITERIA_START, parseCriteriaChecklist, renderCriteriaChecklist } from './criteria-checklist.ts';

describe('criteria checklist', () => {
  it('round-trips what it renders', () => {
    const items = [
      { text: 'Refund button', checked: false },
      { text: 'Email  sent\n to customer', checked: true },
    ];
    const body = `Intro\n\n${renderCriteriaChecklist(items)}\n\nOutro`;
    expect(body).toContain(`${CRITERIA_START}\n- [ ] Refund button\n- [x] Email sent to customer\n${CRITERIA_END}`);
    expect(parseCriteriaChecklist(body)).toEqual([
      { text: 'Refund button', checked: false },
      { text: 'Email sent to customer', checked: true },
    ]);
  });

  it('reads ticks made on the provider, whatever the bullet, case and line endings', () => {
    const body = `${CRITERIA_START}\r\n* [X] one\r\n  - [x]   two  \r\nnot an item\r\n+ [ ] three\r\n${CRITERIA_END}\r\n- [x] outside`;
    expect(parseCriteriaChecklist(body)).toEqual([
      { text: 'one', checked: true },
      { text: 'two', checked: true },
      { text: 'three', checked: false },
    ]);
  });

  it('finds nothing without both markers (a truncated description)', () => {
    expect(parseCriteriaChecklist(null)).toBeNull();
    expect(parseCriteriaChecklist('- [x] a')).toBeNull();
    expect(parseCriteriaChecklist(`${CRITERIA_START}\n- [x] a\n…`)).toBeNull();
    expect(parseCriteriaChecklist(`${CRITERIA_START}\n${CRITERIA_END}`)).toEqual([]);
  });
});
