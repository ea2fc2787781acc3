// The one path every pull-request observation takes — webhook, sync, reconciliation, Start
// work — so that duplicates and out-of-order sightings converge on the same stored state.
import { newId, nowIso } from '../../clock.ts';
import { type Executor, engineOf } from '../../db/database.ts';
import { insertPullRequestIfAbsent, lockPullRequest, observedColumns, type PullRequestRow, updatePullRequestRow } from '../../db/queries/pull-requests.ts';
import { type LinkedRepository, linkedRepositories } from '../../db/queries/repositories.ts';
import { findProjectTicket, lockTicketStatus, ticketsByKeys } from '../../db/queries/tickets.ts';
import { pullRequestEvent } from '../../domain/activity.ts';
import { type AutomationRule, factsRead } from '../../domain/automation-rules.ts';
import { parseCriteriaChecklist } from '../../domain/criteria-checklist.ts';
import { trustsPullRequest } from '../../domain/fork-pull-requests.ts';
import { findTicketKeys } from '../../domain/keys.ts';
import { withoutNul } from '../../domain/nul-characters.ts';
import { supersedes } from '../../domain/pull-request-order.ts';
import type { HistoryCause } from '../../domain/status.ts';
import { NotFound, ValidationFailed } from '../../errors.ts';
import type { PullRequest, PullRequestState } from '../../providers/types.ts';
import { recordActivity } from '../../services/activity.ts';
import { notifyMerged } from '../../services/notifications.ts';
import { moveByRules } from '../automation/move-by-rules.ts';
import { rulesOfProject } from '../automation/rules-store.ts';
import { applyChecklist } from './pull-request-criteria.ts';

export interface ApplyPullRequestInput {
  repositoryId: string;
  /** Link to this ticket (Start work knows it); otherwise the stored link or a ticket key in head branch / title. */
  ticketId?: string | null;
  pullRequest: PullRequest;
  cause: Extract<HistoryCause, 'pr_event' | 'sync' | 'start_work'>;
  actorId?: string | null;
  /** The webhook delivery (webhook_deliveries.id) that carried the observation; the feed links to it. */
  deliveryId?: string | null;
  /** What read it from the provider, for the feed (sync: "Sync PR status", "reconciliation"). */
  via?: string;
}

export interface ApplyPullRequestResult {
  /** The PR row now holds this observation. */
  stored: boolean;
  ticketId: string | null;
  /** The observation did not supersede the stored one (`supersedes`) and changed nothing but, at most, the link. */
  stale: boolean;
}

/**
 * Stores a PR observation if it supersedes what is stored (`supersedes`: newer by provider
 * `updatedAt`, or as final on a same-second tie; a merge is never undone), links it to a ticket
 * and applies the body's criteria checklist when the project trusts it (`trustsPullRequest`),
 * and derives the ticket's status from all its PRs, recording the change with `cause`.
 * Run it inside the caller's transaction.
 */
export async function applyPullRequest(tx: Executor, input: ApplyPullRequestInput): Promise<ApplyPullRequestResult> {
  const [repo] = await linkedRepositories(tx, { ids: [input.repositoryId] });
  if (!repo) throw new NotFound('Repository');
  return applyToRepository(tx, repo, input);
}

/** `applyPullRequest` with the repository already loaded (batches load each once with `linkedRepositories`). */
export async function applyToRepository(
  tx: Executor,
  repo: LinkedRepository,
  input: ApplyPullRequestInput,
  claimed?: ClaimedRows,
): Promise<ApplyPullRequestResult> {
  const pr = storableText(input.pullRequest);
  const updatedAt = toIso(pr.updatedAt);
  const now = nowIso();

  const { previous, inserted } = claimed?.take(repo.id, pr.number) ?? (await claimRow(tx, repo.id, pr, updatedAt, now));
  // Kept, not applied: an older sighting, a same-second one less final than the stored state, or
  // anything but a merge over a merged PR (see `supersedes`).
  const stale =
    previous !== null && !supersedes({ state: previous.state as PullRequestState, updatedAt: previous.provider_updated_at }, { state: pr.state, updatedAt });

  // A PR from a fork is anybody's: unless the project trusts forks, it neither links itself by a
  // key nor ticks criteria. Start work links Baton's own PRs by ticket id.
  const trusted = !!input.ticketId || trustsPullRequest(pr, repo);
  let ticketId: string | null = previous?.ticket_id ?? null;
  if (input.ticketId) ticketId = await ticketOfProject(tx, input.ticketId, repo.projectId);
  else if (!ticketId && !stale && trusted) ticketId = await ticketFromKeys(tx, repo.projectId, repo.projectKey, pr);
  const formerTicketId = previous?.ticket_id ?? null;
  const stateChanged = !stale && previous?.state !== pr.state;
  const linkChanged = ticketId !== formerTicketId;
  const readsCriteria = !stale && trusted && !!ticketId && parseCriteriaChecklist(pr.body) !== null;

  // Every rule reads the PR's state, so a state or link change is evaluated without loading the
  // rules; another change (a retarget) only when some rule of the project reads it.
  let rules: readonly AutomationRule[] | null = null;
  const projectRules = async () => (rules ??= await rulesOfProject(tx, repo.projectId));
  const baseChanged = !stale && !!previous && previous.base_branch !== pr.baseBranch;
  const evaluate = stateChanged || linkChanged || (!!ticketId && baseChanged && factsRead(await projectRules()).has('base'));

  // Tickets are locked before their criteria and PR list are read: concurrent applies for two
  // PRs of one ticket then derive its status one after the other, each seeing the other's PR.
  const statuses = evaluate || readsCriteria ? await lockTickets(tx, [ticketId, formerTicketId]) : new Map<string, string>();

  if (stale) {
    if (ticketId !== formerTicketId) await updatePullRequestRow(tx, previous!.id, { ticket_id: ticketId });
  } else {
    const criteriaSeen =
      readsCriteria && ticketId
        ? await applyChecklist(tx, ticketId, previous?.criteria_seen ?? null, pr.body, feedOrigin(input, `PR #${pr.number} checklist`))
        : (previous?.criteria_seen ?? null);
    const rowId = previous?.id ?? inserted!;
    await updatePullRequestRow(tx, rowId, { ...observedColumns(pr, updatedAt, now), ticket_id: ticketId, criteria_seen: criteriaSeen });
  }

  const event = { repositoryId: repo.id, number: pr.number, at: stale ? previous!.provider_updated_at : updatedAt };
  if (ticketId && evaluate) {
    const from = previous && !linkChanged ? (previous.state as PullRequestState) : null;
    const to = stale ? (previous!.state as PullRequestState) : pr.state;
    const origin = feedOrigin(input, describeChange(pr.number, from, to));
    // Start work's own feed entry tells of the PR it opened; a retarget alone is no PR event.
    if (input.cause !== 'start_work' && (stateChanged || linkChanged)) {
      await recordActivity(tx, {
        ...origin,
        ticketId,
        kind: 'pull_request',
        data: { pullRequest: { number: pr.number, url: pr.url, state: to, event: pullRequestEvent(from, to) } },
      });
    }
    await deriveStatus(tx, ticketId, statuses, await projectRules(), event, origin);
  }
  if (formerTicketId && linkChanged) {
    const origin = feedOrigin(input, `PR #${pr.number} moved to another ticket`);
    const state = (stale ? previous!.state : pr.state) as PullRequestState;
    await recordActivity(tx, {
      ...origin,
      ticketId: formerTicketId,
      kind: 'pull_request',
      data: { pullRequest: { number: pr.number, url: pr.url, state, event: 'unlinked' } },
    });
    await deriveStatus(tx, formerTicketId, statuses, await projectRules(), event, origin);
  }
  if (ticketId && !stale && pr.state === 'merged' && (previous?.state !== 'merged' || linkChanged)) {
    await notifyMerged(tx, ticketId, `PR #${pr.number} merged: ${pr.title}`);
  }
  return { stored: !stale, ticketId, stale };
}

interface Claim {
  previous: PullRequestRow | null;
  inserted: string | null;
}

/** Rows claimed ahead by `claimInOrder`; each is handed out once, to the first sighting of its PR. */
export interface ClaimedRows {
  take(repositoryId: string, number: number): Claim | undefined;
}

export interface Sighting {
  repo: LinkedRepository;
  pullRequest: PullRequest;
}

const rowKey = (repositoryId: string, number: number) => `${repositoryId}\u0000${number}`;

/**
 * Claims the rows of a batch of sightings before any is applied, in one global order (repository
 * id, then PR number), and then, on PostgreSQL, locks every ticket they may move, in id order.
 * Applying them one by one instead locks rows in arrival order, and two processes applying
 * overlapping batches then each hold a row the other waits for: a deadlock (40P01). In one order,
 * the later batch waits for the earlier one. A single sighting (sync, Start work) takes its PR row
 * and then its tickets: the same order. SQLite has one writer at a time and needs no ticket locks.
 */
export async function claimInOrder(tx: Executor, sightings: Sighting[]): Promise<ClaimedRows> {
  const first = new Map<string, Sighting>();
  for (const s of sightings) {
    const key = rowKey(s.repo.id, s.pullRequest.number);
    if (!first.has(key)) first.set(key, s);
  }
  const ordered = [...first.entries()].sort(([, a], [, b]) =>
    a.repo.id === b.repo.id ? a.pullRequest.number - b.pullRequest.number : a.repo.id < b.repo.id ? -1 : 1,
  );
  const claims = new Map<string, Claim>();
  const now = nowIso();
  for (const [key, s] of ordered) {
    const pr = storableText(s.pullRequest);
    claims.set(key, await claimRow(tx, s.repo.id, pr, toIso(pr.updatedAt), now));
  }

  if (engineOf(tx) === 'postgres') {
    const tickets = new Set<string>();
    for (const [key, s] of ordered) {
      const linked = claims.get(key)!.previous?.ticket_id;
      if (linked) tickets.add(linked);
      else for (const id of await ticketsNamedBy(tx, s.repo, s.pullRequest)) tickets.add(id);
    }
    await lockTickets(tx, [...tickets]);
  }
  return {
    take(repositoryId, number) {
      const key = rowKey(repositoryId, number);
      const claim = claims.get(key);
      claims.delete(key);
      return claim;
    },
  };
}

/**
 * The stored row, locked until the transaction ends, or a new placeholder row when none exists.
 * The placeholder is filled in by the caller in the same transaction, so nobody sees it half-made.
 */
async function claimRow(
  tx: Executor,
  repositoryId: string,
  pr: PullRequest,
  updatedAt: string,
  now: string,
): Promise<{ previous: PullRequestRow | null; inserted: string | null }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const previous = await lockPullRequest(tx, repositoryId, pr.number);
    if (previous) return { previous, inserted: null };
    const inserted = await insertPullRequestIfAbsent(tx, {
      ...observedColumns(pr, updatedAt, now),
      id: newId(),
      ticket_id: null,
      repository_id: repositoryId,
      number: pr.number,
      criteria_seen: null,
      created_at: now,
    });
    if (inserted) return { previous: null, inserted };
  }
  throw new Error(`pull request ${pr.number} could be neither inserted nor found`);
}

async function ticketOfProject(tx: Executor, ticketId: string, projectId: string): Promise<string> {
  const ticket = await findProjectTicket(tx, projectId, ticketId);
  if (!ticket) throw new ValidationFailed('The ticket is not in the project the repository is linked to', { ticketId });
  return ticket.id;
}

/** Every ticket of the project named in the head branch or the title (`ticketFromKeys` picks one of them). */
async function ticketsNamedBy(tx: Executor, repo: LinkedRepository, pr: PullRequest): Promise<string[]> {
  const keys = [...new Set([pr.headBranch, pr.title].flatMap((text) => findTicketKeys(repo.projectKey, text)))];
  if (keys.length === 0) return [];
  return (await ticketsByKeys(tx, repo.projectId, keys)).map((t) => t.id);
}

/** The first ticket of the project named in the head branch, else in the title. */
async function ticketFromKeys(tx: Executor, projectId: string, projectKey: string, pr: PullRequest): Promise<string | null> {
  for (const text of [pr.headBranch, pr.title]) {
    const keys = findTicketKeys(projectKey, text);
    if (keys.length === 0) continue;
    const found = await ticketsByKeys(tx, projectId, keys);
    const byKey = new Map(found.map((t) => [t.key, t.id]));
    const first = keys.find((k) => byKey.has(k));
    if (first) return byKey.get(first)!;
  }
  return null;
}

/** Locks the tickets and reads their status in the same statement. */
async function lockTickets(tx: Executor, ids: Array<string | null>): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  // A fixed order, so two transactions locking the same pair cannot deadlock.
  for (const id of [...new Set(ids.filter((i): i is string => !!i))].sort()) {
    const row = await lockTicketStatus(tx, id);
    if (row) statuses.set(row.id, row.status);
  }
  return statuses;
}

/** Who and what the feed names for a change this observation makes: its cause, actor, words, delivery, and what found it. */
export interface FeedOrigin {
  cause: ApplyPullRequestInput['cause'];
  actorId: string | null;
  detail: string;
  deliveryId: string | null;
  via: string | null;
}

function feedOrigin(input: ApplyPullRequestInput, what: string): FeedOrigin {
  return { cause: input.cause, actorId: input.actorId ?? null, detail: what, deliveryId: input.deliveryId ?? null, via: input.via ?? null };
}

/** The ticket's status by the project's rules, from all its PRs as now stored (the ticket is locked, in `statuses`). */
async function deriveStatus(
  tx: Executor,
  ticketId: string,
  statuses: Map<string, string>,
  rules: readonly AutomationRule[],
  event: { repositoryId: string; number: number; at: string },
  origin: FeedOrigin,
): Promise<void> {
  const current = statuses.get(ticketId);
  if (current === undefined) return;
  const status = await moveByRules(tx, {
    ticketId,
    current,
    rules,
    seen: { repositoryId: event.repositoryId, number: event.number },
    eventAt: event.at,
    cause: origin.cause,
    actorId: origin.actorId,
    detail: origin.detail,
    origin: { deliveryId: origin.deliveryId, via: origin.via },
  });
  statuses.set(ticketId, status);
}

/** History wording for a PR's move from `from` (null: first seen or newly linked) to `to`. */
export function describeChange(number: number, from: PullRequestState | null, to: PullRequestState): string {
  const pr = `PR #${number}`;
  if (to === 'merged') return `${pr} merged`;
  if (to === 'closed') return `${pr} closed without merging`;
  if (from === null) return to === 'draft' ? `${pr} opened as draft` : `${pr} opened`;
  if (from === 'closed' || from === 'merged') return `${pr} reopened`;
  if (to === 'draft') return `${pr} converted to draft`;
  if (from === 'draft') return `${pr} ready for review`;
  return `${pr} updated`;
}

// PostgreSQL text cannot hold NUL, which a payload can carry as `\u0000` in a title or a
// description: it is dropped, on SQLite alike, so both store the same thing.
function storableText(pr: PullRequest): PullRequest {
  const clean = {
    title: withoutNul(pr.title),
    body: withoutNul(pr.body),
    headBranch: withoutNul(pr.headBranch),
    baseBranch: withoutNul(pr.baseBranch),
    url: withoutNul(pr.url),
  };
  return { ...pr, ...clean, externalId: withoutNul(pr.externalId) };
}

function toIso(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new ValidationFailed('The pull request has no valid update time', { updatedAt: value });
  return new Date(time).toISOString();
}
