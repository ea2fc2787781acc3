// The Start work job: publish the spec (branch + file), open or adopt the pull request, request
// the reviewer, recording each step's outcome as it goes. Every step is idempotent at the
// provider, so an at-least-once job, a second press or a resume never duplicates anything.
import type { AppContext } from '../../app-context.ts';
import { nowIso } from '../../clock.ts';
import { newestOnBranch } from '../../db/queries/pull-requests.ts';
import { setReviewerIfUnset, updateTicketRow } from '../../db/queries/tickets.ts';
import type { StartWorkStep } from '../../domain/activity.ts';
import { InvalidBranchName } from '../../domain/branch-name.ts';
import { failAt, finish, parseStartWork, type StartWorkState, type StepName, stepOf, withStep } from '../../domain/start-work.ts';
import { pullRequestTitle, renderPullRequestBody, renderSpecFile, specPath } from '../../domain/ticket-documents.ts';
import { ProviderError } from '../../errors.ts';
import type { JobContext } from '../../jobs/worker.ts';
import { providerLabel } from '../../providers/registry.ts';
import type { PullRequest, Reviewer } from '../../providers/types.ts';
import { type ActivityInput, recordActivities, recordActivity } from '../../services/activity.ts';
import { notify } from '../../services/notifications.ts';
import { applyPullRequest } from '../pr-status/pull-requests.ts';
import { chooseReviewer } from './reviewers.ts';
import { type Acting, actingAs, loadTicketWork, missingCredentialMessage, repoRef, type TicketWork, ticketBranch } from './ticket-work.ts';

type Deps = Pick<AppContext, 'db' | 'secrets' | 'providers' | 'config' | 'log'>;

/** Ends a step without retrying: nobody can fix it by waiting. */
class StepFailure extends Error {}

export async function runStartWork(deps: Deps, ticketId: string, job: Pick<JobContext, 'attempt' | 'maxAttempts'>): Promise<void> {
  const work = await loadTicketWork(deps.db.kysely, ticketId, deps.config.publicUrl);
  let state = parseStartWork(work?.ticket.start_work ?? null);
  if (!work || !state || state.status !== 'running') return;
  // Failures before any step starts (no credential, repository unlinked) belong to the first open step.
  let current: StepName = state.steps.find((s) => s.status !== 'done' && s.status !== 'skipped')?.name ?? 'reviewer';

  const save = async (next: StartWorkState, entries: ActivityInput[] = []) => {
    state = next;
    if (entries.length === 0) return void (await updateTicketRow(deps.db.kysely, ticketId, { start_work: JSON.stringify(next) }));
    // A step's outcome and its feed entry are written together.
    await deps.db.transaction(async (tx) => {
      await updateTicketRow(tx, ticketId, { start_work: JSON.stringify(next) });
      await recordActivities(tx, entries);
    });
  };
  const enter = async (...names: StepName[]) => {
    current = names[0];
    let next = state!;
    for (const name of names) next = withStep(next, name, { status: 'running', error: null });
    await save(next);
  };

  try {
    const { repository, project } = work;
    if (!repository)
      throw new StepFailure("The ticket's repository is no longer linked to the project; link it (or choose another) and press Start work again");
    const acting = await actingAs(deps, state.actorId, project, repository);
    if (!acting) throw new StepFailure(missingCredentialMessage(deps, project, repository.owner));

    const branch = ticketBranch(work);
    let headCreated = false;
    if (stepOf(state, 'branch').status !== 'done' || stepOf(state, 'spec').status !== 'done') {
      await enter('branch', 'spec');
      headCreated = await publish(deps, work, acting, branch, save, () => state!);
    }
    let pullRequest: PullRequest | null = null;
    let requestedWith: Reviewer[] = [];
    if (stepOf(state, 'pull_request').status !== 'done') {
      await enter('pull_request');
      ({ pullRequest, requestedWith } = await openPullRequest(
        deps,
        work,
        acting,
        branch,
        () => state!,
        (next) => (state = next),
        { headCreated, reviewers: await reviewersToOpenWith(deps, work, acting, state) },
      ));
    }
    if (stepOf(state, 'reviewer').status !== 'done' && stepOf(state, 'reviewer').status !== 'skipped') {
      await enter('reviewer');
      pullRequest ??= await storedPullRequest(
        deps,
        work,
        acting,
        branch,
        () => state!,
        (next) => (state = next),
      );
      const reviewed = await requestReview(deps, work, acting, pullRequest, state, requestedWith);
      await save(reviewed, [stepEntry(work, reviewed, 'reviewer', stepOf(reviewed, 'reviewer').detail)]);
    }
    await save(finish(state, nowIso()));
  } catch (err) {
    await settle(deps, err, state, current, job, save, work);
  }
}

type Save = (next: StartWorkState, entries?: ActivityInput[]) => Promise<void>;

/** The feed's entry for a step of the flow, on behalf of whoever pressed Start work. */
const stepEntry = (work: TicketWork, state: StartWorkState, step: StartWorkStep, detail: string | null): ActivityInput => ({
  ticketId: work.ticket.id,
  kind: 'start_work',
  cause: 'start_work',
  actorId: state.actorId,
  detail,
  data: { step },
});

/** Publishes the spec; true when the branch was created by this call. */
async function publish(deps: Deps, work: TicketWork, acting: Acting, branch: string, save: Save, state: () => StartWorkState): Promise<boolean> {
  const repository = work.repository!;
  const path = specPath(work.ticket.key);
  const result = await acting.provider.publishFile({
    repo: repoRef(repository),
    branch,
    baseBranch: repository.default_branch,
    path,
    content: renderSpecFile(work.content),
    message: `${work.ticket.key}: add the ticket spec`,
    branchExpected: work.ticket.branch === branch,
  });
  await updateTicketRow(deps.db.kysely, work.ticket.id, { branch });
  const branchDetail = result.branchCreated ? `Created ${branch} from ${repository.default_branch}` : `${branch} already existed; adopted it`;
  const specDetail = result.commit ? `Committed ${path} (${result.commit.slice(0, 7)})` : `${path} was already up to date`;
  const next = withStep(withStep(state(), 'branch', { status: 'done', detail: branchDetail }), 'spec', { status: 'done', detail: specDetail });
  await save(next, [stepEntry(work, next, 'branch', branchDetail), stepEntry(work, next, 'spec', specDetail)]);
  return result.branchCreated;
}

const reviewerChoice = (deps: Deps, work: TicketWork, acting: Acting, state: StartWorkState) =>
  chooseReviewer(deps, {
    ticket: work.ticket,
    project: work.project,
    repository: work.repository!,
    authorId: state.actorId,
    authorLogin: acting.login,
  });

/**
 * The reviewer the review step will ask, handed to providers that take reviewers when the PR is
 * opened (one call less); the review step still runs and reports any refusal.
 */
async function reviewersToOpenWith(deps: Deps, work: TicketWork, acting: Acting, state: StartWorkState): Promise<Reviewer[]> {
  const step = stepOf(state, 'reviewer').status;
  if (step === 'done' || step === 'skipped') return [];
  const choice = await reviewerChoice(deps, work, acting, state);
  return choice.kind === 'chosen' ? [choice.reviewer] : [];
}

async function openPullRequest(
  deps: Deps,
  work: TicketWork,
  acting: Acting,
  branch: string,
  state: () => StartWorkState,
  set: (s: StartWorkState) => void,
  extras: { headCreated: boolean; reviewers: Reviewer[] } = { headCreated: false, reviewers: [] },
): Promise<{ pullRequest: PullRequest; requestedWith: Reviewer[] }> {
  const { repository, project, content } = work;
  const { pullRequest, adopted } =
    (await recordedOpenPullRequest(deps, work, acting, branch)) ??
    (await acting.provider.openPullRequest({
      repo: repoRef(repository!),
      head: branch,
      base: repository!.default_branch,
      title: pullRequestTitle(content),
      body: renderPullRequestBody(content),
      draft: project.draftPullRequests && acting.provider.capabilities.draftPullRequests,
      ...extras,
    }));
  const detail = `${adopted ? 'Adopted the open' : 'Opened'} pull request #${pullRequest.number}: ${pullRequest.url}`;
  const next = withStep(state(), 'pull_request', { status: 'done', detail });
  // The PR row and the step's outcome are recorded together: a crash cannot leave one without the other.
  await deps.db.transaction(async (tx) => {
    await applyPullRequest(tx, { repositoryId: repository!.id, ticketId: work.ticket.id, pullRequest, cause: 'start_work', actorId: next.actorId });
    await updateTicketRow(tx, work.ticket.id, { start_work: JSON.stringify(next) });
    await recordActivity(tx, stepEntry(work, next, 'pull_request', detail));
  });
  set(next);
  // Reviewers sent with a new PR are requested unless the provider ignores them: the review step tells.
  return { pullRequest, requestedWith: adopted ? [] : extras.reviewers };
}

/**
 * The PR an earlier Start work opened from this branch, read back (one call) while it is still
 * open: a second Start work adopts it instead of trying to open another, which providers refuse.
 */
async function recordedOpenPullRequest(
  deps: Deps,
  work: TicketWork,
  acting: Acting,
  branch: string,
): Promise<{ pullRequest: PullRequest; adopted: true } | null> {
  const row = await newestOnBranch(deps.db.kysely, { ticketId: work.ticket.id, repositoryId: work.repository!.id, branch });
  if (!row) return null;
  const pullRequest = await acting.provider.getPullRequest(repoRef(work.repository!), row.number);
  return pullRequest.state === 'open' || pullRequest.state === 'draft' ? { pullRequest, adopted: true } : null;
}

/** On a resume the PR step is done: read the recorded PR back (one call), or adopt it anew when no row is recorded. */
async function storedPullRequest(
  deps: Deps,
  work: TicketWork,
  acting: Acting,
  branch: string,
  state: () => StartWorkState,
  set: (s: StartWorkState) => void,
): Promise<PullRequest> {
  const row = await newestOnBranch(deps.db.kysely, { ticketId: work.ticket.id, repositoryId: work.repository!.id, branch });
  return row
    ? acting.provider.getPullRequest(repoRef(work.repository!), row.number)
    : (await openPullRequest(deps, work, acting, branch, state, set)).pullRequest;
}

async function requestReview(
  deps: Deps,
  work: TicketWork,
  acting: Acting,
  pullRequest: PullRequest,
  state: StartWorkState,
  requestedWith: Reviewer[],
): Promise<StartWorkState> {
  const choice = await reviewerChoice(deps, work, acting, state);
  if (choice.kind === 'none') return withStep(state, 'reviewer', { status: 'skipped', detail: choice.reason });
  if (choice.kind === 'unusable') throw new StepFailure(choice.error);
  const who = `${choice.name} (${choice.reviewer.login})`;
  let outcome: 'requested' | 'already-requested';
  try {
    outcome = await acting.provider.requestReviewer(repoRef(work.repository!), pullRequest, choice.reviewer);
  } catch (err) {
    if (!(err instanceof ProviderError) || err.retryable) throw err;
    const hint = choice.auto ? '; set a reviewer on the ticket and press Start work again' : '; choose another reviewer and press Start work again';
    throw new StepFailure(`Could not request a review from ${who}: ${err.message}${hint}`);
  }
  // An automatic choice becomes the ticket's reviewer, which is also how review load is counted.
  if (choice.auto) {
    await deps.db.transaction(async (tx) => {
      if (await setReviewerIfUnset(tx, work.ticket.id, choice.userId)) {
        await recordActivity(tx, {
          ticketId: work.ticket.id,
          kind: 'reviewer',
          cause: 'start_work',
          actorId: state.actorId,
          detail: 'Chosen automatically',
          data: { from: null, to: choice.userId },
        });
        await notify(tx, { kind: 'review_requested', ticketId: work.ticket.id, recipients: [choice.userId], actorId: state.actorId });
      }
    });
  }
  // Already requested because this run sent the reviewer with the new PR: that was the request.
  const atCreation =
    outcome === 'already-requested' && requestedWith.some((r) => r.login === choice.reviewer.login && r.externalUserId === choice.reviewer.externalUserId);
  const how = `${atCreation ? ' with the pull request' : ''}${choice.auto ? ', chosen automatically' : ''}`;
  const detail = outcome === 'requested' || atCreation ? `Requested a review from ${who}${how}` : `${who} was already requested`;
  return withStep(state, 'reviewer', { status: 'done', detail });
}

/**
 * A failed attempt: permanent errors end the flow with the step's message (no pointless retries);
 * rate limits are rethrown so the queue reschedules at the provider's reset time; transient
 * errors are rethrown for a retry with backoff until the last attempt, which ends the flow.
 */
async function settle(
  deps: Deps,
  err: unknown,
  state: StartWorkState,
  step: StepName,
  job: Pick<JobContext, 'attempt' | 'maxAttempts'>,
  save: Save,
  work: TicketWork,
): Promise<void> {
  const now = nowIso();
  const meta = { ticketId: work.ticket.id, key: work.ticket.key, step };
  const permanent = err instanceof StepFailure || err instanceof InvalidBranchName || (err instanceof ProviderError && !err.retryable);
  if (permanent) {
    deps.log.info({ ...meta, kind: err instanceof ProviderError ? err.kind : 'step' }, 'start work step failed');
    return fail(deps, work, failAt(resetRunning(state, step), step, (err as Error).message, now));
  }
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof ProviderError && err.kind === 'rate_limited') {
    const until = err.retryAt?.toISOString() ?? 'later';
    await save(withStep(state, step, { status: 'running', detail: `Waiting for the ${providerLabel(work.project.provider)} rate limit (until ${until})` }));
    throw err;
  }
  if (job.attempt >= job.maxAttempts) {
    deps.log.warn({ ...meta, err }, 'start work gave up after its last attempt');
    return fail(deps, work, failAt(resetRunning(state, step), step, `Gave up after ${job.attempt} attempts: ${message}`, now));
  }
  await save(withStep(state, step, { status: 'running', error: `${message} (retrying)` }));
  throw err;
}

/** Records the ended flow and tells whoever pressed Start work, who may no longer be watching the ticket. */
async function fail(deps: Deps, work: TicketWork, failed: StartWorkState): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await updateTicketRow(tx, work.ticket.id, { start_work: JSON.stringify(failed) });
    await recordActivity(tx, stepEntry(work, failed, 'failed', failed.error));
    await notify(tx, { kind: 'start_work_failed', ticketId: work.ticket.id, recipients: [failed.actorId], actorId: null, detail: failed.error });
  });
}

/** Steps entered together (branch + spec) that did not finish go back to pending beside the failed one. */
function resetRunning(state: StartWorkState, failed: StepName): StartWorkState {
  return { ...state, steps: state.steps.map((s) => (s.status === 'running' && s.name !== failed ? { ...s, status: 'pending' } : s)) };
}
