import { describe, expect, it } from 'vitest';
import { findTicketKeys, parseTicketKey } from './keys.ts';
import { statusFromPullRequests } from './status.ts';

describe('statusFromPullRequests', () => {
  it.each([
    [[], null],
    [['open'], 'in_review'],
    [['draft'], 'in_progress'],
    [['merged'], 'done'],
    [['merged', 'merged'], 'done'],
    [['closed'], 'in_progress'],
    [['closed', 'open'], 'in_review'],
    [['merged', 'draft'], 'in_progress'],
    [['merged', 'closed'], 'done'],
  ] as const)('%j → %s', (states, expected) => {
    expect(statusFromPullRequests([...states])).toBe(expected);
  });
});

describe('ticket keys', () => {
  it('parses valid keys and rejects the rest', () => {
    expect(parseTicketKey('PAY-12')).toEqual({ projectKey: 'PAY', number: 12 });
    for (const bad of ['pay-12', 'PAY-0', 'PAY-012', 'P-1', 'PAY-1/../x', 'PAY-']) expect(parseTicketKey(bad)).toBeNull();
  });

  it('finds keys of one project in branch names and titles', () => {
    expect(findTicketKeys('PAY', 'feature/PAY-12-fix-login')).toEqual(['PAY-12']);
    expect(findTicketKeys('PAY', 'pay-3: and PAY-4, not XPAY-5 nor PAY-67x')).toEqual(['PAY-3', 'PAY-4']);
    expect(findTicketKeys('PAY', 'PAY-120')).toEqual(['PAY-120']);
  });
});
