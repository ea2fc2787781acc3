// Pressing Start work: checks what can be checked at once (a repository, the caller's
// credential, or a broker's token of theirs), then records the flow's state, moves the ticket to In progress and enqueues the
// job, all in one transaction. The provider work happens in the job (start-work-job.ts).
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { findTicketById, getTicketById, type TicketRow, updateTicketRow } from '../../db/queries/tickets.ts';
import { beginStartWork, parseStartWork } from '../../domain/start-work.ts';
import { Conflict } from '../../errors.ts';
import { enqueue, hasLiveJob } from '../../jobs/queue.ts';
import { providerLabel } from '../../providers/registry.ts';
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
  const repository = await ticketRepository(db, ticket);
  if (!(await personIdentity(deps, user.id, project, repository))) {
    throw new Conflict(missingCredentialMessage(deps, project, repository.owner), {
      reason: 'no_credential',
      provider: project.provider,
      providerName: providerLabel(project.provider),
      owner: repository.owner,
      baseUrl: project.settings.baseUrl,
    });
  }

  await deps.db.transaction(async (tx, afterCommit) => {
    const current = await getTicketById(tx, ticket.id);
    const previous = parseStartWork(current.start_work);
    if (previous?.status === 'running' && (await hasLiveJob(tx, startWorkKey(ticket.id)))) return;
    const state = beginStartWork(previous, user.id, nowIso());
    // Whoever starts the work on an unassigned ticket is the one doing it.
    const assignee = current.assignee_id === null ? { assignee_id: user.id } : {};
    await updateTicketRow(tx, ticket.id, { start_work: JSON.stringify(state), repository_id: repository.id, ...assignee, updated_at: nowIso() });
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
