import { describe, expect, it } from 'vitest';
import { parseCriteriaChecklist } from './criteria-checklist.ts';
import { pullRequestTitle, renderPullRequestBody, renderSpecFile, replaceChecklist, specPath, summaryOf, type TicketContent } from './ticket-documents.ts';

const ticket: TicketContent = {
  key: 'PAY-12',
  title: 'Refund flow',
  spec: '# Refunds\n\nCustomers get their money back\nwithin five days.\n\n- details\n',
  url: 'https://baton.example.com/tickets/PAY-12',
  criteria: [
    { text: 'Refund button', done: false },
    { text: 'Email  sent\n to customer', done: true },
  ],
};

describe('spec file', () => {
  it('lives at .tickets/KEY.md, built only from a valid key', () => {
    expect(specPath('PAY-12')).toBe('.tickets/PAY-12.md');
    expect(() => specPath('../etc/passwd')).toThrow();
    expect(() => specPath('PAY-1/../../x')).toThrow();
  });

  it('renders key, title, link, spec and the criteria checklist', () => {
    expect(renderSpecFile(ticket)).toBe(
      [
        '# PAY-12: Refund flow',
        '',
        '<!-- Written by Baton from https://baton.example.com/tickets/PAY-12. Edit the ticket there; changes here are overwritten. -->',
        'Ticket: [PAY-12](https://baton.example.com/tickets/PAY-12)',
        '',
        '# Refunds\n\nCustomers get their money back\nwithin five days.\n\n- details',
        '',
        '## Acceptance criteria',
        '',
        '- [ ] Refund button',
        '- [x] Email sent to customer',
        '',
      ].join('\n'),
    );
  });

  it('says so when there are no criteria and skips an empty spec', () => {
    const text = renderSpecFile({ ...ticket, spec: '  ', criteria: [] });
    expect(text).toContain('## Acceptance criteria\n\n_No acceptance criteria yet._\n');
    expect(text).not.toContain('\n\n\n');
  });
});

describe('pull request', () => {
  it('is titled "KEY: Title"', () => {
    expect(pullRequestTitle(ticket)).toBe('PAY-12: Refund flow');
  });

  it('carries the summary, the link back and a checklist PR sync can read back', () => {
    const body = renderPullRequestBody(ticket);
    expect(body).toContain('Customers get their money back within five days.\n\nTicket: [PAY-12](https://baton.example.com/tickets/PAY-12)');
    expect(body).toContain('- [ ] Refund button\n- [x] Email sent to customer');
    expect(parseCriteriaChecklist(body)).toEqual([
      { text: 'Refund button', checked: false },
      { text: 'Email sent to customer', checked: true },
    ]);
  });

  it('replaces only the checklist block, keeping what people wrote around it', () => {
    const body = `Notes from the author.\n\n${renderPullRequestBody(ticket)}\nMore notes.`;
    const next = replaceChecklist(body, [
      { text: 'Refund button', done: true },
      { text: 'Audit log', done: false },
    ]);
    expect(next.startsWith('Notes from the author.\n\n')).toBe(true);
    expect(next.endsWith('\nMore notes.')).toBe(true);
    expect(parseCriteriaChecklist(next)).toEqual([
      { text: 'Refund button', checked: true },
      { text: 'Audit log', checked: false },
    ]);
    expect(
      replaceChecklist(next, [
        { text: 'Refund button', done: true },
        { text: 'Audit log', done: false },
      ]),
    ).toBe(next);
  });

  it('appends the block when the markers were removed', () => {
    const next = replaceChecklist('Just prose.\n', [{ text: 'a', done: false }]);
    expect(next.startsWith('Just prose.\n\n### Acceptance criteria\n\n')).toBe(true);
    expect(parseCriteriaChecklist(next)).toEqual([{ text: 'a', checked: false }]);
  });
});

describe('summaryOf', () => {
  it('takes the first prose paragraph, not headings, lists or code', () => {
    expect(summaryOf('# Title\n\n```\ncode\n```\n\n- item\n\nThe real\nsummary.\n\nSecond.')).toBe('The real summary.');
    expect(summaryOf('# Only a heading')).toBe('');
  });

  it('shortens a long paragraph at a word', () => {
    const summary = summaryOf(`${'word '.repeat(300)}end`);
    expect(summary.length).toBeLessThanOrEqual(600);
    expect(summary.endsWith('word…')).toBe(true);
  });
});
