// Workflow automation: what a project's rules add to applying one PR sighting (a delivery's
// apply), on SQLite, against the same sightings applied with no rules, in the same process and
// interleaved so that drift (cache warm-up, a neighbour's load) falls on every variant alike.
// Each sighting changes a PR's state, so every one of them evaluates the rules. Goal: < 1 ms p99
// added per delivery. The pure evaluation is timed on its own too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { type AutomationRule, DEFAULT_RULES, firstMatchingRule, type PullRequestFacts } from '../src/domain/automation-rules.ts';
import { storeRules } from '../src/features/automation/rules-store.ts';
import { applyPullRequest } from '../src/features/pr-status/pull-requests.ts';
import type { PullRequestState } from '../src/providers/types.ts';
import { addTicket, pullRequest, seedProject } from '../test/support/pr-fixtures.ts';
import { fmt, percentile } from './support.ts';

const ROUNDS = 8;
const PER_ROUND = 150;
const LIFECYCLE: PullRequestState[] = ['draft', 'open', 'closed', 'open', 'merged'];

// A team's rule set at the size people write: branch patterns, signals, and the rule that holds last.
const TEAM_RULES: AutomationRule[] = [
  { event: 'merged', branch: '{main,master}', status: 'done' },
  { event: 'merged', branch: 'release/**', status: 'in_review' },
  { event: 'merged', branch: 'staging', status: 'in_review' },
  { event: 'changes_requested', branch: null, status: 'in_progress' },
  { event: 'approved', branch: 'release/*', status: 'in_review' },
  { event: 'approved', branch: null, status: 'in_review' },
  { event: 'checks_failing', branch: null, status: 'in_progress' },
  { event: 'review_requested', branch: null, status: 'in_review' },
  { event: 'pr_draft', branch: 'hotfix/*', status: 'in_progress' },
  { event: 'pr_opened', branch: 'hotfix/*', status: 'in_review' },
  { event: 'pr_draft', branch: null, status: 'in_progress' },
  { event: 'closed', branch: null, status: 'ready' },
  { event: 'pr_opened', branch: null, status: 'in_review' },
  { event: 'all_merged', branch: 'develop', status: 'done' },
];

const VARIANTS: Array<{ name: string; rules: AutomationRule[] | null }> = [
  { name: 'no rules (empty list)', rules: [] },
  { name: 'default rules (4)', rules: null },
  { name: `team rules (${TEAM_RULES.length}, patterns)`, rules: TEAM_RULES },
];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-bench-rules-'));
const db = openDatabase(path.join(dataDir, 'baton.sqlite'));
await db.migrate();

// One project per variant, each ticket with two PRs so "all merged" reads both.
const setups = [];
for (const variant of VARIANTS) {
  const seeded = await seedProject(db);
  await storeRules(db.kysely, seeded.projectId, variant.rules);
  const tickets = [];
  for (let i = 0; i < 40; i++) tickets.push(await addTicket(db, seeded));
  setups.push({ variant, seeded, tickets, next: 0, samples: [] as number[] });
}

let clock = Date.parse('2025-01-01T00:00:00Z');
for (let round = 0; round < ROUNDS; round++) {
  for (const setup of setups) {
    for (let i = 0; i < PER_ROUND; i++) {
      const n = setup.next++;
      const ticket = setup.tickets[n % setup.tickets.length];
      const pr = pullRequest({
        number: (n % setup.tickets.length) * 2 + 1 + Math.floor(n / (setup.tickets.length * LIFECYCLE.length)) * 1000,
        headBranch: `${ticket.key}-work`,
        baseBranch: n % 3 === 0 ? 'main' : 'develop',
        state: LIFECYCLE[Math.floor(n / setup.tickets.length) % LIFECYCLE.length],
        updatedAt: new Date((clock += 1000)).toISOString(),
      });
      const started = performance.now();
      await db.transaction((tx) => applyPullRequest(tx, { repositoryId: setup.seeded.repositoryId, pullRequest: pr, cause: 'pr_event' }));
      setup.samples.push(performance.now() - started);
    }
  }
}

console.log(`Applying one PR state change (SQLite, ${ROUNDS} interleaved rounds of ${PER_ROUND} per variant)`);
console.log(`${'variant'.padEnd(32)} | p50 ms | p99 ms | p99 added vs no rules (goal < 1 ms)`);
const base = percentile(
  [...setups[0].samples].sort((a, b) => a - b),
  99,
);
for (const setup of setups) {
  const sorted = [...setup.samples].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  const added = setup === setups[0] ? 'baseline' : `${fmt(p99 - base, 3)} ms ${p99 - base < 1 ? 'ok' : 'OVER'}`;
  console.log(`${setup.variant.name.padEnd(32)} | ${fmt(percentile(sorted, 50), 2).padStart(6)} | ${fmt(p99, 2).padStart(6)} | ${added}`);
}

// The evaluation alone: a ticket with four PRs, the worst case of the team rules (the last rule holds).
const prs: PullRequestFacts[] = ['a', 'b', 'c', 'd'].map((r, i) => ({
  repositoryId: r,
  number: i + 1,
  state: 'merged',
  baseBranch: 'develop',
  reviewRequested: false,
  review: 'none',
  checks: 'none',
}));
for (const [name, rules] of [
  ['default rules', DEFAULT_RULES],
  ['team rules, last one holds', TEAM_RULES],
] as const) {
  const times: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const started = performance.now();
    firstMatchingRule(rules, prs);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`evaluation alone, ${name.padEnd(27)} | p50 ${fmt(percentile(times, 50) * 1000, 2)} µs | p99 ${fmt(percentile(times, 99) * 1000, 2)} µs`);
}

await db.destroy();
fs.rmSync(dataDir, { recursive: true, force: true });
