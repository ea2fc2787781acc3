// Workflow automation: a project's ordered rules "when <event>[ into branch <pattern>] then move
// to <status>" decide where a ticket goes when something happens to its pull requests. No I/O.
//
// A rule is read as a fact about the ticket's PRs as now stored ("a PR of the ticket is
// approved"), and the first rule, in order, that holds decides the status. Evaluating stored
// facts rather than the delivery that just arrived is what makes deliveries order-independent:
// a stale "review requested" that arrives after "approved" changes nothing stored (it is older),
// so the same rule still holds and the ticket does not move back. Rules are evaluated only when
// something they read changed (see `factsRead`), so a push to an open PR does not undo a move a
// person made, and a move a person made after an event wins over that event (`decideMove`).
import { compileBranchGlob } from './branch-glob.ts';
import type { TicketStatus } from './status.ts';

export const AUTOMATION_EVENTS = [
  'pr_draft',
  'pr_opened',
  'review_requested',
  'approved',
  'changes_requested',
  'checks_failing',
  'checks_passing',
  'merged',
  'closed',
  'all_merged',
] as const;
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];

/** How each event reads in a rule ("when … then move to …"), in the settings page's words. */
export const EVENT_LABEL: Record<AutomationEvent, string> = {
  pr_draft: 'a PR is opened as draft',
  pr_opened: 'a PR is opened or ready for review',
  review_requested: 'a review is requested',
  approved: 'a PR is approved',
  changes_requested: 'changes are requested',
  checks_failing: 'checks are failing',
  checks_passing: 'checks are passing',
  merged: 'a PR is merged',
  closed: 'a PR is closed without merging',
  all_merged: 'all PRs of the ticket are merged',
};

export interface AutomationRule {
  event: AutomationEvent;
  /** A branch pattern the PR's target (base) branch must match; null: any branch. */
  branch: string | null;
  status: TicketStatus;
}

/**
 * Today's behaviour as rules: any open PR → In review; else any draft → In progress; else, once
 * the PRs that were not abandoned are all merged → Done; only closed ones → back to In progress.
 */
export const DEFAULT_RULES: readonly AutomationRule[] = Object.freeze([
  { event: 'pr_opened', branch: null, status: 'in_review' },
  { event: 'pr_draft', branch: null, status: 'in_progress' },
  { event: 'all_merged', branch: null, status: 'done' },
  { event: 'closed', branch: null, status: 'in_progress' },
]);

export type PullRequestLifecycle = 'open' | 'draft' | 'merged' | 'closed';
/** The reviewers' verdict on a PR: each reviewer's latest review counts; changes requested by anybody outweighs approvals. */
export type ReviewVerdict = 'approved' | 'changes_requested' | 'commented' | 'none';
/** The head commit's checks and statuses combined: failing if any fails, else pending if any runs, else success. */
export type ChecksVerdict = 'success' | 'pending' | 'failing' | 'none';

/** What rules know about one PR of the ticket. */
export interface PullRequestFacts {
  repositoryId: string;
  number: number;
  state: PullRequestLifecycle;
  baseBranch: string;
  reviewRequested: boolean;
  review: ReviewVerdict;
  checks: ChecksVerdict;
}

/** A part of a PR's stored state that some rule reads. */
export type Fact = 'state' | 'base' | 'reviewRequested' | 'review' | 'checks';

const FACT_OF: Record<AutomationEvent, Fact> = {
  pr_draft: 'state',
  pr_opened: 'state',
  merged: 'state',
  closed: 'state',
  all_merged: 'state',
  review_requested: 'reviewRequested',
  approved: 'review',
  changes_requested: 'review',
  checks_failing: 'checks',
  checks_passing: 'checks',
};

/** The facts a rule set reads: a change to any other part of a PR leaves its tickets where they are. */
export function factsRead(rules: readonly AutomationRule[]): Set<Fact> {
  const read = new Set<Fact>(['state']);
  for (const rule of rules) {
    read.add(FACT_OF[rule.event]);
    if (rule.branch !== null) read.add('base');
  }
  return read;
}

const active = (pr: PullRequestFacts) => pr.state === 'open' || pr.state === 'draft';

/** Whether one PR bears out the event; signals (reviews, checks) count while the PR is open or draft. */
function holdsFor(event: Exclude<AutomationEvent, 'all_merged'>, pr: PullRequestFacts): boolean {
  switch (event) {
    case 'pr_draft':
      return pr.state === 'draft';
    case 'pr_opened':
      return pr.state === 'open';
    case 'merged':
      return pr.state === 'merged';
    case 'closed':
      return pr.state === 'closed';
    case 'review_requested':
      return active(pr) && pr.reviewRequested;
    case 'approved':
      return active(pr) && pr.review === 'approved';
    case 'changes_requested':
      return active(pr) && pr.review === 'changes_requested';
    case 'checks_failing':
      return active(pr) && pr.checks === 'failing';
    case 'checks_passing':
      return active(pr) && pr.checks === 'success';
  }
}

export interface RuleMatch {
  /** The rule's position in the project's list, from 0. */
  index: number;
  rule: AutomationRule;
  /** The PR that bears the rule out: the one just seen when it does, else the first that does. */
  pullRequest: PullRequestFacts;
}

/** Branch patterns compiled once per rule set, not once per PR. */
const matchers = new WeakMap<readonly AutomationRule[], Array<((branch: string) => boolean) | null>>();

function branchMatchers(rules: readonly AutomationRule[]): Array<((branch: string) => boolean) | null> {
  let compiled = matchers.get(rules);
  if (!compiled) {
    compiled = rules.map((rule) => {
      if (rule.branch === null) return null;
      const glob = compileBranchGlob(rule.branch);
      // Stored rules were validated; one that no longer compiles matches nothing rather than everything.
      return glob.ok ? glob.test : () => false;
    });
    matchers.set(rules, compiled);
  }
  return compiled;
}

/**
 * The first rule that holds for the ticket's PRs, or null when none does (no PRs, say).
 * `seen` is the PR whose change caused the evaluation; it is named when it bears the rule out.
 */
export function firstMatchingRule(
  rules: readonly AutomationRule[],
  prs: readonly PullRequestFacts[],
  seen?: { repositoryId: string; number: number },
): RuleMatch | null {
  const branchOf = branchMatchers(rules);
  const isSeen = (pr: PullRequestFacts) => !!seen && pr.repositoryId === seen.repositoryId && pr.number === seen.number;
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    const into = branchOf[index];
    const candidates = into ? prs.filter((pr) => into(pr.baseBranch)) : prs;
    let holding: PullRequestFacts[];
    if (rule.event === 'all_merged') {
      // PRs closed without merging were abandoned: they neither count nor hold the ticket back.
      holding = candidates.some(active) ? [] : candidates.filter((pr) => pr.state === 'merged');
    } else {
      const event = rule.event;
      holding = candidates.filter((pr) => holdsFor(event, pr));
    }
    if (holding.length > 0) return { index, rule, pullRequest: holding.find(isSeen) ?? holding[0] };
  }
  return null;
}

export type MoveDecision =
  | { kind: 'move'; to: TicketStatus; match: RuleMatch }
  /** A rule holds but the ticket is already there. */
  | { kind: 'stay'; match: RuleMatch }
  /** A person moved the ticket after the event happened: their move wins. */
  | { kind: 'held'; match: RuleMatch; manualMoveAt: string }
  | { kind: 'none' };

export interface MoveInput {
  rules: readonly AutomationRule[];
  prs: readonly PullRequestFacts[];
  seen?: { repositoryId: string; number: number };
  current: string;
  /** When the event happened, by the provider's clock (ISO 8601). */
  eventAt: string;
  /** When a person last moved the ticket by hand (ISO 8601), or null. */
  manualMoveAt: string | null;
}

/** A person's move made after the event (both ISO 8601) wins over it: rules leave the ticket where the person put it. */
export function manualMoveWins(eventAt: string, manualMoveAt: string | null): boolean {
  return manualMoveAt !== null && Date.parse(manualMoveAt) > Date.parse(eventAt);
}

/** Where the ticket goes: the first rule that holds, unless a person moved it after the event. */
export function decideMove(input: MoveInput): MoveDecision {
  const match = firstMatchingRule(input.rules, input.prs, input.seen);
  if (!match) return { kind: 'none' };
  if (match.rule.status === input.current) return { kind: 'stay', match };
  if (manualMoveWins(input.eventAt, input.manualMoveAt)) return { kind: 'held', match, manualMoveAt: input.manualMoveAt! };
  return { kind: 'move', to: match.rule.status, match };
}

/** "Rule 2: when a PR is approved (PRs into main), move to Done" — what the history says moved a ticket. */
export function describeRule(index: number, rule: AutomationRule, statusLabel: (status: string) => string): string {
  const into = rule.branch === null ? '' : ` (PRs into ${rule.branch})`;
  return `Rule ${index + 1}: when ${EVENT_LABEL[rule.event]}${into}, move to ${statusLabel(rule.status)}`;
}
