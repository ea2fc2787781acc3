import { describe, expect, it } from 'vitest';
import {
  type AutomationRule,
  DEFAULT_RULES,
  decideMove,
  describeRule,
  factsRead,
  firstMatchingRule,
  type PullRequestFacts,
  type PullRequestLifecycle,
} from './automation-rules.ts';
import { statusFromPullRequests, statusLabel } from './status.ts';

const pr = (number: number, state: PullRequestLifecycle, more: Partial<PullRequestFacts> = {}): PullRequestFacts => ({
  repositoryId: 'repo-a',
  number,
  state,
  baseBranch: 'main',
  reviewRequested: false,
  review: 'none',
  checks: 'none',
  ...more,
});

const statusBy = (rules: readonly AutomationRule[], prs: PullRequestFacts[]) => firstMatchingRule(rules, prs)?.rule.status ?? null;

describe('the default rules', () => {
  it('reproduce the fixed policy for every combination of up to three PRs', () => {
    const states: PullRequestLifecycle[] = ['open', 'draft', 'merged', 'closed'];
    const combinations: PullRequestLifecycle[][] = [[]];
    for (let size = 1; size <= 3; size++) {
      for (const before of combinations.filter((c) => c.length === size - 1)) for (const s of states) combinations.push([...before, s]);
    }
    expect(combinations).toHaveLength(1 + 4 + 16 + 64);
    for (const combination of combinations) {
      const prs = combination.map((state, i) => pr(i + 1, state));
      expect([combination, statusBy(DEFAULT_RULES, prs)]).toEqual([combination, statusFromPullRequests(combination)]);
    }
  });

  it.each([
    ['opened', [pr(1, 'open')], 'in_review', 0],
    ['opened as draft', [pr(1, 'draft')], 'in_progress', 1],
    ['ready for review', [pr(1, 'open')], 'in_review', 0],
    ['converted to draft while another PR is open', [pr(1, 'draft'), pr(2, 'open')], 'in_review', 0],
    ['merged', [pr(1, 'merged')], 'done', 2],
    ['merged while another PR is still a draft', [pr(1, 'merged'), pr(2, 'draft')], 'in_progress', 1],
    ['merged beside an abandoned PR', [pr(1, 'merged'), pr(2, 'closed')], 'done', 2],
    ['closed without merging', [pr(1, 'closed')], 'in_progress', 3],
    ['reopened', [pr(1, 'open')], 'in_review', 0],
  ] as const)('%s → %s by rule %d', (_name, prs, status, index) => {
    const match = firstMatchingRule(DEFAULT_RULES, [...prs]);
    expect(match).toMatchObject({ index, rule: { status } });
  });

  it('move nothing for a ticket without PRs', () => {
    expect(decideMove({ rules: DEFAULT_RULES, prs: [], current: 'ready', eventAt: '2025-01-01T00:00:00Z', manualMoveAt: null })).toEqual({ kind: 'none' });
  });

  it('read only PR states: reviews, checks and retargets leave tickets alone', () => {
    expect([...factsRead(DEFAULT_RULES)]).toEqual(['state']);
  });
});

describe('rules', () => {
  const team: AutomationRule[] = [
    { event: 'merged', branch: 'main', status: 'done' },
    { event: 'merged', branch: 'staging', status: 'in_review' },
    { event: 'changes_requested', branch: null, status: 'in_progress' },
    { event: 'approved', branch: null, status: 'done' },
    { event: 'review_requested', branch: null, status: 'in_review' },
    { event: 'checks_failing', branch: null, status: 'in_progress' },
    { event: 'pr_opened', branch: null, status: 'in_progress' },
  ];

  it('take the first that holds, in order', () => {
    expect(statusBy(team, [pr(1, 'open')])).toBe('in_progress');
    expect(firstMatchingRule(team, [pr(1, 'open', { reviewRequested: true })])?.index).toBe(4);
    expect(firstMatchingRule(team, [pr(1, 'open', { reviewRequested: true, checks: 'failing' })])?.index).toBe(4);
    expect(firstMatchingRule(team, [pr(1, 'open', { review: 'approved', reviewRequested: true })])?.index).toBe(3);
    expect(firstMatchingRule(team, [pr(1, 'open', { review: 'changes_requested' })])?.index).toBe(2);
  });

  it('keep a ticket where an approval put it when a stale review request is replayed: the stored facts still say approved', () => {
    const approved = [pr(1, 'open', { review: 'approved' })];
    const decision = decideMove({ rules: team, prs: approved, current: 'done', eventAt: '2025-01-01T00:00:00Z', manualMoveAt: null });
    expect(decision).toMatchObject({ kind: 'stay', match: { index: 3 } });
  });

  it('count reviews and checks only while a PR is open or a draft', () => {
    expect(statusBy(team, [pr(1, 'closed', { review: 'approved', checks: 'failing' })])).toBeNull();
    expect(statusBy([{ event: 'checks_failing', branch: null, status: 'in_progress' }], [pr(1, 'draft', { checks: 'failing' })])).toBe('in_progress');
    expect(statusBy([{ event: 'checks_passing', branch: null, status: 'in_review' }], [pr(1, 'open', { checks: 'pending' })])).toBeNull();
    expect(statusBy([{ event: 'checks_passing', branch: null, status: 'in_review' }], [pr(1, 'open', { checks: 'success' })])).toBe('in_review');
  });

  it('match the target branch against their pattern', () => {
    expect(statusBy(team, [pr(1, 'merged', { baseBranch: 'staging' })])).toBe('in_review');
    expect(statusBy(team, [pr(1, 'merged', { baseBranch: 'staging' }), pr(2, 'merged', { baseBranch: 'main' })])).toBe('done');
    expect(statusBy(team, [pr(1, 'merged', { baseBranch: 'develop' })])).toBeNull();
    const releases: AutomationRule[] = [{ event: 'pr_opened', branch: 'release/*', status: 'in_review' }];
    expect(statusBy(releases, [pr(1, 'open', { baseBranch: 'release/2.1' })])).toBe('in_review');
    expect(statusBy(releases, [pr(1, 'open', { baseBranch: 'release/2.1/rc' })])).toBeNull();
  });

  it('see all PRs merged across repositories, not while one in another repository is open', () => {
    const rules: AutomationRule[] = [{ event: 'all_merged', branch: null, status: 'done' }];
    const web = (n: number, state: PullRequestLifecycle, more: Partial<PullRequestFacts> = {}) => pr(n, state, { repositoryId: 'repo-web', ...more });
    expect(statusBy(rules, [pr(1, 'merged'), web(1, 'open')])).toBeNull();
    const match = firstMatchingRule(rules, [pr(1, 'merged'), web(1, 'merged')], { repositoryId: 'repo-web', number: 1 });
    expect(match).toMatchObject({ rule: { status: 'done' }, pullRequest: { repositoryId: 'repo-web', number: 1 } });
    // Limited to a branch: only PRs into it count.
    const intoMain: AutomationRule[] = [{ event: 'all_merged', branch: 'main', status: 'done' }];
    expect(statusBy(intoMain, [pr(1, 'merged'), web(1, 'open', { baseBranch: 'staging' })])).toBe('done');
  });

  it('name the PR just seen when it bears the rule out, else the first that does', () => {
    const prs = [pr(1, 'open'), pr(2, 'open')];
    expect(firstMatchingRule(DEFAULT_RULES, prs, { repositoryId: 'repo-a', number: 2 })?.pullRequest.number).toBe(2);
    expect(firstMatchingRule(DEFAULT_RULES, [...prs, pr(3, 'closed')], { repositoryId: 'repo-a', number: 3 })?.pullRequest.number).toBe(1);
  });

  it('read what their events are about', () => {
    expect(factsRead(team)).toEqual(new Set(['state', 'base', 'review', 'reviewRequested', 'checks']));
  });

  it('read as a sentence naming their position', () => {
    expect(describeRule(1, team[1], statusLabel)).toBe('Rule 2: when a PR is merged (PRs into staging), move to In review');
    expect(describeRule(0, DEFAULT_RULES[0], statusLabel)).toBe('Rule 1: when a PR is opened or ready for review, move to In review');
  });
});

describe('a move a person made', () => {
  const input = { rules: DEFAULT_RULES, prs: [pr(1, 'merged')], current: 'in_progress' };

  it('wins over an event that happened before it', () => {
    expect(decideMove({ ...input, eventAt: '2025-03-01T10:00:00Z', manualMoveAt: '2025-03-01T10:00:01Z' })).toMatchObject({ kind: 'held' });
  });

  it('gives way to an event that happened after it', () => {
    expect(decideMove({ ...input, eventAt: '2025-03-01T10:00:02Z', manualMoveAt: '2025-03-01T10:00:01Z' })).toMatchObject({ kind: 'move', to: 'done' });
    expect(decideMove({ ...input, eventAt: '2025-03-01T10:00:02Z', manualMoveAt: null })).toMatchObject({ kind: 'move', to: 'done' });
  });
});
