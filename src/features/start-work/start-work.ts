// Pressing Start work: checks what can be checked at once (a repository, the caller's
// credential, or a broker's token of theirs), then records the flow's state, moves the ticket to In progress and enqueues the
// job, all in one transaction. The provider work happens in the job (start-work-job.ts).
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findTicketById, getTicketById, type TicketRow, updateTicketRow } from '../../db/queries/tickets.ts';
import { beginStartWork, parseStartWork } from '../../domain/start-work.ts';
import { AppError, Conflict } from '../../errors.ts';
import { enqueue, hasLiveJob } from '../../jobs/queue.ts';
import { providerLabel } from '../../providers/registry.ts';
import { recordActivity } from '../../services/activity.ts';
import { getProject } from '../../services/projects.ts';
import { ticketRepository } from '../../services/repositories.ts';
import { changeTicketStatus } from '../../services/ticket-status.ts';
import { loadTicket } from '../../services/tickets.ts';
import type { BrokerContext } from '../../services/token-brokers.ts';
import type { User } from '../../services/users.ts';
import { REPUBLISH_SPEC_JOB, republishSpecKey, START_WORK_JOB, startWorkKey, type TicketPayload } from './jobs.ts';
import { missingCredentialMessage, personIdentity } from './ticket-work.ts';

type Deps = Pick<AppContext, 'db' | 'wakeWorkers'> & BrokerContext;

/** Returns the ticket as it is after the request; a flow already running is left alone. */
export async function requestStartWork(deps: Deps, user: User, key: string): Promise<TicketRow> {
  const db = deps.db.kysely;
  const ticket = await loadTicket(db, user, key);
  const project = await getProject(db, user, ticket.project_id);
  const repository = await ticketRepository(db, ticket).catch((err: unknown) => refuse(deps, user, ticket.id, err));
  if (!(await personIdentity(deps, user.id, project, repository))) {
    const refusal = new Conflict(missingCredentialMessage(deps, project, repository.owner), {
      reason: 'no_credential',
      provider: project.provider,
      providerName: providerLabel(project.provider),
      owner: repository.owner,
      baseUrl: project.settings.baseUrl,
    });
    await refuse(deps, user, ticket.id, refusal);
  }

  await deps.db.transaction(async (tx, afterCommit) => {
    const current = await getTicketById(tx, ticket.id);
    const previous = parseStartWork(current.start_work);
    if (previous?.status === 'running' && (await hasLiveJob(tx, startWorkKey(ticket.id)))) return;
    const state = beginStartWork(previous, user.id, nowIso());
    // Whoever starts the work on an unassigned ticket is the one doing it.
    const assignee = current.assignee_id === null ? { assignee_id: user.id } : {};
    await updateTicketRow(tx, ticket.id, { start_work: JSON.stringify(state), repository_id: repository.id, ...assignee, updated_at: nowIso() });
    const entry = { ticketId: ticket.id, cause: 'start_work', actorId: user.id } as const;
    await recordActivity(tx, { ...entry, kind: 'start_work', detail: `Start work in ${repository.owner}/${repository.name}`, data: { step: 'requested' } });
    if (current.assignee_id === null) await recordActivity(tx, { ...entry, kind: 'assignee', data: { from: null, to: user.id } });
    // A ticket already in review or done keeps its status: its pull requests decide it.
    if (current.status === 'backlog' || current.status === 'ready') {
      await changeTicketStatus(tx, current, 'in_progress', 'start_work', user.id, 'Start work');
    }
    await enqueue(tx, {
      kind: START_WORK_JOB,
      payload: { ticketId: ticket.id } satisfies TicketPayload,
      singletonKey: startWorkKey(ticket.id),
      maxAttempts: 6,
    });
    afterCommit(() => deps.wakeWorkers());
  });
  return loadTicket(db, user, key);
}

/**
 * Throws the press's refusal (no repository to use, no credential), kept in the feed first so the
 * Start work panel still shows it after a reload, until a later press gets through.
 */
async function refuse(deps: Deps, user: User, ticketId: string, err: unknown): Promise<never> {
  if (err instanceof AppError) {
    const reason = typeof err.details.reason === 'string' ? err.details.reason : null;
    await deps.db.transaction((tx) =>
      recordActivity(tx, {
        ticketId,
        kind: 'start_work',
        cause: 'start_work',
        actorId: user.id,
        detail: err.message,
        data: { step: 'refused', ...(reason ? { reason } : {}) },
      }),
    );
  }
  throw err;
}

/**
 * The ticket's title, spec or criteria changed: once Start work has published them, publish
 * again (a job, so the edit does not wait for the provider). Edits that follow each other
 * closely share one job.
 */
export async function specChanged(deps: Deps, ticketId: string): Promise<void> {
  await deps.db.transaction(async (tx, afterCommit) => {
    const ticket = await findTicketById(tx, ticketId);
    if (!parseStartWork(ticket?.start_work ?? null)) return;
    await enqueue(tx, {
      kind: REPUBLISH_SPEC_JOB,
      payload: { ticketId } satisfies TicketPayload,
      singletonKey: republishSpecKey(ticketId),
      runAt: new Date(Date.now() + 500),
    });
    afterCommit(() => deps.wakeWorkers());
  });
}
