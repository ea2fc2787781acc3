// After Start work, an edit to a ticket's title, spec or criteria is published again: the spec
// file on the ticket's branch (no commit when the rendered file is unchanged) and the checklist
// block of its open pull request (the rest of the body is left as people wrote it).
import type { AppContext } from '../../app-context.ts';
import { openOnBranch } from '../../db/queries/pull-requests.ts';
import type { StartWorkStep } from '../../domain/activity.ts';
import { parseStartWork, stepOf } from '../../domain/start-work.ts';
import { pullRequestTitle, renderSpecFile, replaceChecklist, specPath } from '../../domain/ticket-documents.ts';
import { ProviderError } from '../../errors.ts';
import { hasLiveJob } from '../../jobs/queue.ts';
import { recordActivity } from '../../services/activity.ts';
import { startWorkKey } from './jobs.ts';
import { actingAs, loadTicketWork, repoRef, type TicketWork } from './ticket-work.ts';

type Deps = Pick<AppContext, 'db' | 'secrets' | 'providers' | 'config' | 'log'>;

// An edit that lands while this job runs finds the job still live and is not queued again, so the
// job reads the ticket again after publishing and goes round once more if it changed meanwhile.
const MAX_ROUNDS = 3;
const START_WORK_POLL_MS = 2000;

/** Thrown to have the queue run this job again at `retryAt` without spending an attempt. */
class WaitForStartWork extends Error {
  constructor(readonly retryAt: Date) {
    super('Start work is still running; publishing the edit after it');
  }
}

export async function republishSpec(deps: Deps, ticketId: string): Promise<void> {
  let published: string | null = null;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const work = await loadTicketWork(deps.db.kysely, ticketId, deps.config.publicUrl);
    const state = parseStartWork(work?.ticket.start_work ?? null);
    if (!work || !state || !work.repository || !work.ticket.branch) return;
    // The running flow publishes whatever it reads; this job then checks what it missed. A flow
    // marked running without a job died; the next press of Start work publishes the edit.
    if (state.status === 'running') {
      if (!(await hasLiveJob(deps.db.kysely, startWorkKey(ticketId)))) return;
      throw new WaitForStartWork(new Date(Date.now() + START_WORK_POLL_MS));
    }
    // Not published yet: the next Start work publishes the current content.
    if (stepOf(state, 'spec').status !== 'done') return;
    const content = renderSpecFile(work.content);
    if (content === published) return;
    try {
      await publishOnce(deps, work, state.actorId, content);
    } catch (err) {
      if (err instanceof ProviderError && !err.retryable) {
        deps.log.warn({ ticketId, key: work.ticket.key, kind: err.kind, reason: err.message }, 'spec re-publish failed');
        await feed(deps, ticketId, state.actorId, 'failed', `Publishing the edited spec failed: ${err.message}`);
        return;
      }
      throw err;
    }
    published = content;
  }
}

async function publishOnce(deps: Deps, work: TicketWork, actorId: string, content: string): Promise<void> {
  const repository = work.repository!;
  const branch = work.ticket.branch!;
  const acting = await actingAs(deps, actorId, work.project, repository);
  if (!acting) {
    deps.log.warn({ ticketId: work.ticket.id, key: work.ticket.key }, 'spec re-publish skipped: the starter has no credential any more');
    return;
  }
  const repo = repoRef(repository);
  const result = await acting.provider.publishFile({
    repo,
    branch,
    baseBranch: repository.default_branch,
    path: specPath(work.ticket.key),
    content,
    message: `${work.ticket.key}: update the ticket spec`,
  });
  const open = await openOnBranch(deps.db.kysely, { ticketId: work.ticket.id, repositoryId: repository.id, branch });
  for (const { number } of open) {
    const pr = await acting.provider.getPullRequest(repo, number);
    const body = replaceChecklist(pr.body, work.content.criteria);
    // Only a title Baton wrote ("KEY: …") follows the ticket's; a title people changed stays.
    const title = pr.title.startsWith(`${work.ticket.key}: `) ? pullRequestTitle(work.content) : pr.title;
    if (body !== pr.body || title !== pr.title)
      await acting.provider.updatePullRequest(repo, number, { ...(body !== pr.body && { body }), ...(title !== pr.title && { title }) });
  }
  deps.log.info({ ticketId: work.ticket.id, key: work.ticket.key, commit: result.commit, pullRequests: open.length }, 'spec re-published');
  if (result.commit) await feed(deps, work.ticket.id, actorId, 'spec', `Committed the edited ${specPath(work.ticket.key)} (${result.commit.slice(0, 7)})`);
}

/** Tells the ticket's feed what publishing the edit did at the provider, on behalf of whoever started the work. */
const feed = (deps: Deps, ticketId: string, actorId: string, step: StartWorkStep, detail: string) =>
  deps.db.transaction((tx) => recordActivity(tx, { ticketId, kind: 'start_work', cause: 'start_work', actorId, detail, data: { step } }));
