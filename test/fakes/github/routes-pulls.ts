// Pull requests and review requests, with GitHub's validation answers.
import { type Ctx, type Handler, notFound, paginate, repoFor, unprocessable } from './context.ts';
import { pullJson } from './shapes.ts';
import type { FakePull, FakeRepo } from './state.ts';

function pullFor(ctx: Ctx, level: 'read' | 'write'): { repo: FakeRepo; pull: FakePull } {
  const repo = repoFor(ctx, 'pull_requests', level);
  const pull = repo.pulls.find((p) => p.number === Number(ctx.params.pull_number));
  return pull ? { repo, pull } : notFound();
}

/** `head` may be "branch" or "owner:branch"; only same-repository heads exist here. */
function headBranch(repo: FakeRepo, head: string): string | null {
  const [owner, branch] = head.includes(':') ? head.split(/:(.*)/s) : [repo.owner, head];
  return owner.toLowerCase() === repo.owner.toLowerCase() ? branch : null;
}

function listPulls(ctx: Ctx) {
  const repo = repoFor(ctx, 'pull_requests', 'read');
  const state = ctx.query.get('state') ?? 'open';
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  const key = (p: FakePull) => (sort === 'updated' ? p.updatedAt : p.createdAt);
  const pulls = repo.pulls
    .filter((p) => state === 'all' || p.state === state)
    // GitHub needs "user:ref-name" here; a bare branch name filters nothing.
    .filter((p) => !head || (head.includes(':') && headBranch(repo, head) === p.head))
    .filter((p) => !base || p.base === base)
    .sort((a, b) => key(a).localeCompare(key(b)) || a.number - b.number);
  if (direction === 'desc') pulls.reverse();
  const page = paginate(ctx, pulls);
  return { status: 200, body: page.items.map((p) => pullJson(ctx, repo, p)), headers: page.headers };
}

function createPull(ctx: Ctx) {
  const repo = repoFor(ctx, 'pull_requests', 'write');
  const { title, body, draft } = ctx.body as { title?: string; body?: string; draft?: boolean };
  const head = headBranch(repo, String(ctx.body.head));
  const base = String(ctx.body.base);
  const invalid = (field: string) => unprocessable('Validation Failed', [{ resource: 'PullRequest', field, code: 'invalid' }]);
  const custom = (message: string) => unprocessable('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message }]);
  if (title === undefined) unprocessable('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
  if (!repo.branches.has(base)) invalid('base');
  if (!head || !repo.branches.has(head)) invalid('head');
  if (repo.pulls.some((p) => p.state === 'open' && p.head === head && p.base === base)) {
    custom(`A pull request already exists for ${repo.owner}:${head}.`);
  }
  if (repo.branches.get(head!) === repo.branches.get(base)) custom(`No commits between ${base} and ${head}`);
  const pull = ctx.state.addPull(repo, { head: head!, base, title, body: body ?? null, draft: draft ?? false, author: ctx.user.login });
  return { status: 201, body: pullJson(ctx, repo, pull, true) };
}

function updatePull(ctx: Ctx) {
  const { repo, pull } = pullFor(ctx, 'write');
  const change = ctx.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string };
  if (change.base !== undefined && !repo.branches.has(change.base)) {
    unprocessable('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  }
  if (change.title !== undefined) pull.title = change.title;
  if (change.body !== undefined) pull.body = change.body;
  if (change.base !== undefined) pull.base = change.base;
  pull.updatedAt = ctx.state.tick();
  if (change.state && change.state !== pull.state && !pull.mergedAt) {
    pull.state = change.state;
    pull.closedAt = change.state === 'closed' ? pull.updatedAt : null;
  }
  return { status: 200, body: pullJson(ctx, repo, pull, true) };
}

function requestReviewers(ctx: Ctx) {
  const { repo, pull } = pullFor(ctx, 'write');
  const logins = (ctx.body.reviewers as string[] | undefined) ?? [];
  for (const login of logins) {
    const account = ctx.state.account(login);
    if (account && account.login.toLowerCase() === pull.author.toLowerCase()) {
      unprocessable('Review cannot be requested from pull request author.');
    }
    if (account?.type !== 'User' || !ctx.state.hasAccess(account.login, repo)) {
      unprocessable(
        `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${repo.owner}/${repo.name} repository.`,
      );
    }
  }
  for (const login of logins) {
    const account = ctx.state.account(login)!;
    if (!pull.requestedReviewers.some((r) => r.toLowerCase() === account.login.toLowerCase())) pull.requestedReviewers.push(account.login);
  }
  pull.updatedAt = ctx.state.tick();
  return { status: 201, body: pullJson(ctx, repo, pull) };
}

export const pullRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/pulls': listPulls,
  'POST /repos/{owner}/{repo}/pulls': createPull,
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': (ctx) => {
    const { repo, pull } = pullFor(ctx, 'read');
    return { status: 200, body: pullJson(ctx, repo, pull, true) };
  },
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': updatePull,
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': requestReviewers,
};
