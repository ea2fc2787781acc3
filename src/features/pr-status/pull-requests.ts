// The one path every pull-request observation takes — webhook, sync, reconciliation, Start
// work — so that duplicates and out-of-order sightings converge on the same stored state.
import type { Selectable } from 'kysely';
import { newId, nowIso } from '../../clock.ts';
import type { Executor } from '../../db/database.ts';
import type { PullRequestsTable } from '../../db/schema/pull-requests.ts';
import { parseCriteriaChecklist } from '../../domain/criteria-checklist.ts';
import { findTicketKeys } from '../../domain/keys.ts';
import { type HistoryCause, statusFromPullRequests } from '../../domain/status.ts';
import { NotFound, ValidationFailed } from '../../errors.ts';
import type { PullRequest, PullRequestState } from '../../providers/types.ts';
import { changeTicketStatus } from '../../services/ticket-status.ts';
import { applyChecklist } from './pull-request-criteria.ts';

type PullRequestRow = Selectable<PullRequestsTable>;

export interface ApplyPullRequestInput {
  repositoryId: string;
  /** Link to this ticket (Start work knows it); otherwise the stored link or a ticket key in head branch / title. */
  ticketId?: string | null;
  pullRequest: PullRequest;
  cause: Extract<HistoryCause, 'pr_event' | 'sync' | 'start_work'>;
  actorId?: string | null;
}

export interface ApplyPullRequestResult {
  /** The PR row now holds this observation. */
  stored: boolean;
  ticketId: string | null;
  /** The observation was older than the stored one and changed nothing but, at most, the link. */
  stale: boolean;
}

/**
 * Stores a PR observation if it is not older than what is stored (provider `updatedAt`; equal
 * is applied again, harmlessly), links it to a ticket, applies the body's criteria checklist and
 * derives the ticket's status from all its PRs, recording the change with `cause`.
 * Run it inside the caller's transaction.
 */
export async function applyPullRequest(tx: Executor, input: ApplyPullRequestInput): Promise<ApplyPullRequestResult> {
  const [repo] = await repositoriesOf(tx, { ids: [input.repositoryId] });
  if (!repo) throw new NotFound('Repository');
  return applyToRepository(tx, repo, input);
}

/** What applying needs to know about a linked repository; load many at once with `repositoriesOf`. */
export interface LinkedRepository {
  id: string;
  projectId: string;
  projectKey: string;
  owner: string;
  name: string;
  externalId: string;
}

export async function repositoriesOf(tx: Executor, by: { ids?: string[]; projectIds?: string[] }): Promise<LinkedRepository[]> {
  if (!by.ids?.length && !by.projectIds?.length) return [];
  const rows = await tx
    .selectFrom('repositories')
    .innerJoin('projects', 'projects.id', 'repositories.project_id')
    .select(['repositories.id', 'repositories.project_id', 'repositories.owner', 'repositories.name', 'repositories.external_id', 'projects.key'])
    .$if(!!by.ids?.length, (q) => q.where('repositories.id', 'in', by.ids!))
    .$if(!!by.projectIds?.length, (q) => q.where('repositories.project_id', 'in', by.projectIds!))
    .orderBy('repositories.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, projectId: r.project_id, projectKey: r.key, owner: r.owner, name: r.name, externalId: r.external_id }));
}

/** `applyPullRequest` with the repository already loaded (batches load each once). */
export async function applyToRepository(tx: Executor, repo: LinkedRepository, input: ApplyPullRequestInput): Promise<ApplyPullRequestResult> {
  const pr = input.pullRequest;
  const updatedAt = toIso(pr.updatedAt);
  const now = nowIso();

  const { previous, inserted } = await claimRow(tx, repo.id, pr, updatedAt, now);
  const stale = previous !== null && Date.parse(updatedAt) < Date.parse(previous.provider_updated_at);

  let ticketId: string | null = previous?.ticket_id ?? null;
  if (input.ticketId) ticketId = await ticketOfProject(tx, input.ticketId, repo.projectId);
  else if (!ticketId && !stale) ticketId = await ticketFromKeys(tx, repo.projectId, repo.projectKey, pr);
  const formerTicketId = previous?.ticket_id ?? null;
  const stateChanged = !stale && previous?.state !== pr.state;
  const linkChanged = ticketId !== formerTicketId;
  const readsCriteria = !stale && !!ticketId && parseCriteriaChecklist(pr.body) !== null;

  // Tickets are locked before their criteria and PR list are read: concurrent applies for two
  // PRs of one ticket then derive its status one after the other, each seeing the other's PR.
  const statuses = stateChanged || linkChanged || readsCriteria ? await lockTickets(tx, [ticketId, formerTicketId]) : new Map<string, string>();

  if (stale) {
    if (ticketId !== formerTicketId) await tx.updateTable('pull_requests').set({ ticket_id: ticketId }).where('id', '=', previous!.id).execute();
  } else {
    const criteriaSeen =
      readsCriteria && ticketId ? await applyChecklist(tx, ticketId, previous?.criteria_seen ?? null, pr.body) : (previous?.criteria_seen ?? null);
    const rowId = previous?.id ?? inserted!;
    await tx
      .updateTable('pull_requests')
      .set({
        ticket_id: ticketId,
        external_id: pr.externalId,
        url: pr.url,
        title: pr.title,
        head_branch: pr.headBranch,
        base_branch: pr.baseBranch,
        state: pr.state,
        provider_updated_at: updatedAt,
        synced_at: now,
        criteria_seen: criteriaSeen,
      })
      .where('id', '=', rowId)
      .execute();
  }

  if (ticketId && (stateChanged || linkChanged)) {
    await deriveStatus(
      tx,
      ticketId,
      statuses,
      input,
      describeChange(
        pr.number,
        previous && !linkChanged ? (previous.state as PullRequestState) : null,
        stale ? (previous!.state as PullRequestState) : pr.state,
      ),
    );
  }
  if (formerTicketId && linkChanged) await deriveStatus(tx, formerTicketId, statuses, input, `PR #${pr.number} moved to another ticket`);
  return { stored: !stale, ticketId, stale };
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
    // A no-op UPDATE takes the row lock on PostgreSQL; SQLite already serialises writers.
    const previous = await tx
      .updateTable('pull_requests')
      .set((eb) => ({ synced_at: eb.ref('synced_at') }))
      .where('repository_id', '=', repositoryId)
      .where('number', '=', pr.number)
      .returningAll()
      .executeTakeFirst();
    if (previous) return { previous, inserted: null };
    const id = newId();
    const inserted = await tx
      .insertInto('pull_requests')
      .values({
        id,
        ticket_id: null,
        repository_id: repositoryId,
        number: pr.number,
        external_id: pr.externalId,
        url: pr.url,
        title: pr.title,
        head_branch: pr.headBranch,
        base_branch: pr.baseBranch,
        state: pr.state,
        provider_updated_at: updatedAt,
        synced_at: now,
        criteria_seen: null,
        created_at: now,
      })
      // A concurrent insert of the same PR wins; PostgreSQL waits for it, then we lock its row.
      .onConflict((oc) => oc.columns(['repository_id', 'number']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { previous: null, inserted: inserted.id };
  }
  throw new Error(`pull request ${pr.number} could be neither inserted nor found`);
}

async function ticketOfProject(tx: Executor, ticketId: string, projectId: string): Promise<string> {
  const ticket = await tx.selectFrom('tickets').select('id').where('id', '=', ticketId).where('project_id', '=', projectId).executeTakeFirst();
  if (!ticket) throw new ValidationFailed('The ticket is not in the project the repository is linked to', { ticketId });
  return ticket.id;
}

/** The first ticket of the project named in the head branch, else in the title. */
async function ticketFromKeys(tx: Executor, projectId: string, projectKey: string, pr: PullRequest): Promise<string | null> {
  for (const text of [pr.headBranch, pr.title]) {
    const keys = findTicketKeys(projectKey, text);
    if (keys.length === 0) continue;
    const found = await tx.selectFrom('tickets').select(['id', 'key']).where('project_id', '=', projectId).where('key', 'in', keys).execute();
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
    const row = await tx
      .updateTable('tickets')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('id', '=', id)
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (row) statuses.set(row.id, row.status);
  }
  return statuses;
}

async function deriveStatus(tx: Executor, ticketId: string, statuses: Map<string, string>, input: ApplyPullRequestInput, detail: string): Promise<void> {
  const status = statuses.get(ticketId);
  if (status === undefined) return;
  const prs = await tx.selectFrom('pull_requests').select('state').where('ticket_id', '=', ticketId).execute();
  const to = statusFromPullRequests(prs.map((p) => p.state as PullRequestState));
  if (!to) return;
  const ticket = { id: ticketId, status };
  await changeTicketStatus(tx, ticket, to, input.cause, input.actorId ?? null, detail);
  statuses.set(ticketId, ticket.status);
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

function toIso(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new ValidationFailed('The pull request has no valid update time', { updatedAt: value });
  return new Date(time).toISOString();
}
