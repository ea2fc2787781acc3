// Pull requests and their reviewers.
import { type Handler, type HandlerContext, orgOf, projectOf, repoOf } from './context.ts';
import { adoError, collection, pullRequestJson, type Reply, reviewerJson } from './shapes.ts';
import type { FakePullRequest, FakePullRequestStatus, FakeRepository } from './state.ts';

const ok = (body: unknown, status = 200): Reply => ({ status, body });

// Azure DevOps rejects longer descriptions.
const MAX_DESCRIPTION = 4000;

function pullRequestOf(ctx: HandlerContext, repo: FakeRepository): FakePullRequest {
  const pr = repo.pullRequests.find((p) => p.pullRequestId === Number(ctx.pathParams.pullRequestId));
  if (!pr) throw adoError(404, 'TF401180: The requested pull request was not found.', 'GitPullRequestNotFoundException');
  return pr;
}

function checkDescription(description: unknown): void {
  if (typeof description === 'string' && description.length > MAX_DESCRIPTION) {
    throw adoError(400, `The pull request description is too long: at most ${MAX_DESCRIPTION} characters.`, 'InvalidArgumentValueException');
  }
}

const listPullRequests: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const q = (name: string) => ctx.query.get(`searchCriteria.${name}`);
  const status = q('status') ?? 'active';
  const matches = repo.pullRequests
    .filter((p) => status === 'all' || p.status === status)
    .filter((p) => !q('sourceRefName') || p.sourceRefName === q('sourceRefName'))
    .filter((p) => !q('targetRefName') || p.targetRefName === q('targetRefName'))
    .filter((p) => !q('creatorId') || p.createdBy.id === q('creatorId'))
    .filter((p) => !q('reviewerId') || p.reviewers.some((r) => r.identity.id === q('reviewerId')))
    // Newest first, as the service lists them.
    .sort((a, b) => b.pullRequestId - a.pullRequestId);
  const skip = Number(ctx.query.get('$skip') ?? 0);
  const top = Number(ctx.query.get('$top') ?? 101);
  return ok(collection(matches.slice(skip, skip + top).map((p) => pullRequestJson(ctx.base, repo, p))));
};

const createPullRequest: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const org = orgOf(ctx);
  const body = ctx.body as Partial<Omit<FakePullRequest, 'reviewers'>> & { reviewers?: { id: string }[] };
  const { sourceRefName, targetRefName } = body;
  if (!sourceRefName || !targetRefName) throw adoError(400, 'Value cannot be null. Parameter name: sourceRefName, targetRefName', 'ArgumentNullException');
  if (!repo.refs.has(sourceRefName) || !repo.refs.has(targetRefName)) {
    throw adoError(
      400,
      'TF401398: The pull request cannot be activated because the source and/or the target branch no longer exists, or the requested refs are not branches',
      'GitPullRequestCannotBeActivated',
    );
  }
  checkDescription(body.description);
  // A fork's pull request of the same branch name is another source: it does not conflict.
  if (repo.pullRequests.some((p) => p.status === 'active' && !p.forkSource && p.sourceRefName === sourceRefName && p.targetRefName === targetRefName)) {
    throw adoError(409, 'TF401179: An active pull request for the source and target branch already exists.', 'GitPullRequestExistsException');
  }
  const reviewers = (body.reviewers ?? []).map((r) => {
    const identity = ctx.state.identity(org, r.id);
    if (!identity) throw adoError(400, `The identity ${r.id} could not be found.`, 'IdentityNotFoundException');
    return { identity, vote: 0 };
  });
  const pr = ctx.state.addPullRequest(repo, {
    sourceRefName,
    targetRefName,
    title: body.title ?? '',
    description: body.description ?? '',
    isDraft: body.isDraft ?? false,
    createdBy: ctx.caller,
    reviewers,
  });
  return ok(pullRequestJson(ctx.base, repo, pr), 201);
};

const getPullRequest: Handler = (ctx) => {
  const repo = repoOf(ctx);
  return ok(pullRequestJson(ctx.base, repo, pullRequestOf(ctx, repo)));
};

const getPullRequestById: Handler = (ctx) => {
  const id = Number(ctx.pathParams.pullRequestId);
  for (const repo of projectOf(ctx).repositories) {
    const pr = repo.pullRequests.find((p) => p.pullRequestId === id);
    if (pr) return ok(pullRequestJson(ctx.base, repo, pr));
  }
  throw adoError(404, 'TF401180: The requested pull request was not found.', 'GitPullRequestNotFoundException');
};

const updatePullRequest: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const pr = pullRequestOf(ctx, repo);
  const body = ctx.body as { title?: string; description?: string; status?: FakePullRequestStatus; isDraft?: boolean };
  checkDescription(body.description);
  if (body.title !== undefined) pr.title = body.title;
  if (body.description !== undefined) pr.description = body.description;
  if (body.isDraft !== undefined) pr.isDraft = body.isDraft;
  if (body.status !== undefined && body.status !== pr.status) {
    pr.status = body.status;
    pr.closedDate = body.status === 'active' ? null : new Date().toISOString();
    if (body.status === 'completed') repo.refs.set(pr.targetRefName, repo.refs.get(pr.sourceRefName)!);
  }
  return ok(pullRequestJson(ctx.base, repo, pr));
};

const putReviewer: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const pr = pullRequestOf(ctx, repo);
  const identity = ctx.state.identity(orgOf(ctx), ctx.pathParams.reviewerId ?? '');
  if (!identity) throw adoError(400, `The identity ${ctx.pathParams.reviewerId} could not be found.`, 'IdentityNotFoundException');
  const vote = (ctx.body as { vote?: number }).vote ?? 0;
  let reviewer = pr.reviewers.find((r) => r.identity.id === identity.id);
  if (reviewer) reviewer.vote = vote;
  else pr.reviewers.push((reviewer = { identity, vote }));
  return ok(reviewerJson(ctx.base, repo, pr, reviewer));
};

const listReviewers: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const pr = pullRequestOf(ctx, repo);
  return ok(collection(pr.reviewers.map((r) => reviewerJson(ctx.base, repo, pr, r))));
};

export const pullRequestHandlers: Record<string, Handler> = {
  'Pull Requests_Get Pull Requests': listPullRequests,
  'Pull Requests_Create': createPullRequest,
  'Pull Requests_Get Pull Request': getPullRequest,
  'Pull Requests_Get Pull Request By Id': getPullRequestById,
  'Pull Requests_Update': updatePullRequest,
  'Pull Request Reviewers_Create Pull Request Reviewer': putReviewer,
  'Pull Request Reviewers_List': listReviewers,
};
