// Pull requests and review requests.
import { bindingError, type Ctx, fail, type Handler, notFound, paginate, pullFor, repoFor } from './context.ts';
import { pullJson, reviewRequestJson } from './shapes.ts';
import type { FakePull, FakeRepo } from './state.ts';

const SORTS: Record<string, (a: FakePull, b: FakePull) => number> = {
  oldest: (a, b) => a.id - b.id,
  recentupdate: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id,
  leastupdate: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id,
  newest: (a, b) => b.id - a.id,
};

/**
 * Gitea 1.22 has no head or base filter here: anything undeclared, `head` included, is simply not
 * read, so a client asking for one branch's PR gets every PR (git-pkgs/forge#111).
 */
function listPulls(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const state = ctx.query.get('state') ?? 'open';
  const sort = SORTS[ctx.query.get('sort') ?? 'newest'] ?? SORTS.newest;
  const pulls = repo.pulls.filter((p) => state === 'all' || p.state === state).sort(sort);
  const page = paginate(ctx, pulls);
  return { status: 200, body: page.items.map((p) => pullJson(ctx, repo, p, ctx.user.login)), headers: page.headers };
}

/** `head` is "branch" in the same repository, or "owner:branch" in a fork. */
function headOf(ctx: Ctx, repo: FakeRepo, head: string): { headRepo: FakeRepo; branch: string } {
  const colon = head.indexOf(':');
  if (colon < 0) return { headRepo: repo, branch: head };
  const [owner, name] = head.slice(0, colon).split('/');
  const headRepo = ctx.state.repo(owner, name ?? repo.name) ?? notFound(ctx);
  return { headRepo, branch: head.slice(colon + 1) };
}

function createPull(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  for (const [field, name] of [
    ['head', 'Head'],
    ['base', 'Base'],
    ['title', 'Title'],
  ] as const) {
    if (!ctx.body[field]) bindingError([name], 'RequiredError', 'Required');
  }
  const base = String(ctx.body.base);
  const { headRepo, branch } = headOf(ctx, repo, String(ctx.body.head));
  if (!repo.branches.has(base) || !headRepo.branches.has(branch)) return notFound(ctx);
  if (headRepo === repo && branch === base) fail(ctx, 422, 'Invalid PullRequest: There are no changes between the head and the base');
  const open = repo.pulls.find((p) => p.state === 'open' && p.headRepo === headRepo && p.head === branch && p.base === base);
  if (open) {
    // The `issue_id` Gitea prints here is the PR's index (issues_model.ErrPullRequestAlreadyExists).
    fail(
      ctx,
      409,
      `pull request already exists for these targets [id: ${open.id}, issue_id: ${open.number}, head_repo_id: ${headRepo.id}, base_repo_id: ${repo.id}, head_branch: ${branch}, base_branch: ${base}]`,
    );
  }
  const pull = ctx.state.addPull(repo, {
    head: branch,
    headRepo,
    base,
    title: String(ctx.body.title),
    body: String(ctx.body.body ?? ''),
    poster: ctx.user.login,
  });
  ctx.events.push({ repo, pull, action: 'opened', type: 'pull_request' });
  return { status: 201, body: pullJson(ctx, repo, pull, ctx.user.login) };
}

function editPull(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const pull = pullFor(ctx, repo);
  if (pull.poster.toLowerCase() !== ctx.user.login.toLowerCase() && ctx.state.access(ctx.user.login, repo) === null) {
    fail(ctx, 403, 'user should have a permission to write to a repo');
  }
  const before = { title: pull.title, body: pull.body, state: pull.state };
  if (typeof ctx.body.title === 'string') pull.title = ctx.body.title;
  if (typeof ctx.body.body === 'string') pull.body = ctx.body.body;
  if (ctx.body.state === 'closed' || ctx.body.state === 'open') {
    if (pull.merged) fail(ctx, 409, 'cannot change state of this pull request, it was already merged');
    pull.state = ctx.body.state;
    pull.closedAt = pull.state === 'closed' ? pull.closedAt : null;
  }
  if (before.title !== pull.title || before.body !== pull.body || before.state !== pull.state) pull.updatedAt = ctx.state.tick();
  if (pull.state === 'closed' && before.state === 'open') pull.closedAt = pull.updatedAt;
  if (before.title !== pull.title || before.body !== pull.body) {
    const changes = {
      ...(before.title !== pull.title && { title: { from: before.title } }),
      ...(before.body !== pull.body && { body: { from: before.body } }),
    };
    ctx.events.push({ repo, pull, action: 'edited', type: 'pull_request', extra: { changes } });
  }
  if (before.state !== pull.state) ctx.events.push({ repo, pull, action: pull.state === 'closed' ? 'closed' : 'reopened', type: 'pull_request' });
  return { status: 201, body: pullJson(ctx, repo, pull, ctx.user.login) };
}

/** Gitea's GetPullRequestByBaseHeadInfo: the first PR for base and head, in any state. */
function pullByBaseHead(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const { headRepo, branch } = headOf(ctx, repo, ctx.params.head);
  const pull = repo.pulls.find((p) => p.base === ctx.params.base && p.headRepo === headRepo && p.head === branch);
  return pull ? { status: 200, body: pullJson(ctx, repo, pull, ctx.user.login) } : notFound(ctx);
}

function requestReviewers(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const pull = pullFor(ctx, repo);
  const created: unknown[] = [];
  for (const login of (ctx.body.reviewers as string[] | undefined) ?? []) {
    const reviewer = ctx.state.account(login);
    if (!reviewer) fail(ctx, 404, `User '${login}' not exist`);
    const where = `[user_id: ${reviewer.id}, repo_id: ${repo.id}]`;
    if (ctx.state.access(ctx.user.login, repo) === null) fail(ctx, 422, `Doer can't choose reviewer ${where}`);
    if (reviewer.login === pull.poster) fail(ctx, 422, `poster of pr can't be reviewer ${where}`);
    if (!ctx.state.canRead(reviewer.login, repo) || reviewer.isOrg) fail(ctx, 422, `Reviewer can't read ${where}`);
    if (pull.requestedReviewers.includes(reviewer.login)) continue;
    pull.requestedReviewers.push(reviewer.login);
    pull.updatedAt = ctx.state.tick();
    created.push(reviewRequestJson(ctx, repo, pull, reviewer.login, ctx.state.id()));
    ctx.events.push({ repo, pull, action: 'review_requested', type: 'pull_request_review_request', extra: { requested_reviewer: reviewer.login } });
  }
  return { status: 201, body: created };
}

export const pullRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/pulls': listPulls,
  'POST /repos/{owner}/{repo}/pulls': createPull,
  'GET /repos/{owner}/{repo}/pulls/{index}': (ctx) => {
    const repo = repoFor(ctx, 'read');
    return { status: 200, body: pullJson(ctx, repo, pullFor(ctx, repo), ctx.user.login) };
  },
  'PATCH /repos/{owner}/{repo}/pulls/{index}': editPull,
  'GET /repos/{owner}/{repo}/pulls/{base}/{head}': pullByBaseHead,
  'POST /repos/{owner}/{repo}/pulls/{index}/requested_reviewers': requestReviewers,
};
