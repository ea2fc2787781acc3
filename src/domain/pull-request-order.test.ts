import { describe, expect, it } from 'vitest';
import type { PullRequestState } from '../providers/types.ts';
import { supersedes } from './pull-request-order.ts';

const at = (state: PullRequestState, updatedAt: string) => ({ state, updatedAt });
const SECOND = '2025-03-01T12:00:00Z';
const LATER = '2025-03-01T12:00:01Z';
const EARLIER = '2025-03-01T11:59:59Z';

describe('supersedes', () => {
  it('takes the first sighting', () => expect(supersedes(null, at('open', SECOND))).toBe(true));

  it.each([
    // [stored, seen, replaces]
    ['open', 'merged', true],
    ['open', 'closed', true],
    ['closed', 'merged', true],
    ['merged', 'opened in the same second', false],
    ['merged', 'closed', false],
    ['closed', 'open', false],
    ['closed', 'draft', false],
    ['draft', 'open', true],
    ['open', 'draft', true],
    ['open', 'open', true],
    ['merged', 'merged', true],
    ['closed', 'closed', true],
  ] as const)('in the same second, stored %s and seen %s: %s', (stored, seen, replaces) => {
    const seenState = (seen.startsWith('opened') ? 'open' : seen) as PullRequestState;
    expect(supersedes(at(stored, SECOND), at(seenState, SECOND))).toBe(replaces);
  });

  it('lets a newer sighting win and an older one lose, a reopen included', () => {
    expect(supersedes(at('closed', SECOND), at('open', LATER))).toBe(true);
    expect(supersedes(at('open', SECOND), at('merged', EARLIER))).toBe(false);
    expect(supersedes(at('open', SECOND), at('open', EARLIER))).toBe(false);
  });

  it('never makes a merged pull request anything else, however late the sighting', () => {
    for (const state of ['open', 'draft', 'closed'] as const) expect(supersedes(at('merged', SECOND), at(state, LATER))).toBe(false);
    expect(supersedes(at('merged', SECOND), at('merged', LATER))).toBe(true);
  });

  it('compares instants, not spellings of them', () => {
    expect(supersedes(at('merged', '2025-03-01T12:00:00.000Z'), at('open', '2025-03-01T13:00:00+01:00'))).toBe(false);
    expect(supersedes(at('open', '2025-03-01T12:00:00.000Z'), at('closed', '2025-03-01T13:00:00+01:00'))).toBe(true);
  });
});
