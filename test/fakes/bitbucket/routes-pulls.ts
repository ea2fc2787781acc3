// Pull requests: list (states, BBQL, sort, pages of at most 50), create, read, update, with
// Bitbucket's reviewer rules and their 400 bodies.
import { type Ctx, fail, type Handler, paginate, query, repoFor } from './context.ts';
import { pullJson } from './shapes.ts';
import type { FakeAccount, FakePull, FakeRepo, PullState } from './state.ts';

// "pagelen over 50 is refused" on pull-request listings.
const MAX_PULLS_PAGELEN = 50;

function render(ctx: Ctx, repo: FakeRepo) {
  return (p: FakePull) => pullJson(ctx, repo, p, (r, branch) => r.branches.get(branch));
}

function pullFields(p: FakePull): Record<string, string | number | boolean | null> {
  return {
    id: p.id,
    title: p.title,
    state: p.state,
    draft: p.draft,
    created_on: p.createdOn,
    updated_on: p.updatedOn,
    'source.branch.name': p.sourceBranch,
    'destination.branch.name': p.destinationBranch,
    'source.repository.full_name': `${p.sourceRepo.workspace.slug}/${p.sourceRepo.slug}`,
    'author.uuid': p.author.uuid,
  };
}

function pullFor(ctx: Ctx, repo: FakeRepo): FakePull {
  const pull = repo.pulls.find((p) => p.id === Number(ctx.params.pull_request_id));
  if (!pull) fail(404, 'Pull request not found.');
  return pull;
}

/** The reviewers a create or update asks for, checked the way Bitbucket checks them (reasons under `fields.reviewers`). */
function reviewersOf(ctx: Ctx, repo: FakeRepo, author: FakeAccount, value: unknown): FakeAccount[] {
  if (!Array.isArray(value)) fail(400, 'reviewers: Malformed reviewers list', { fields: { reviewers: ['Malformed reviewers list'] } });
  const accounts = value.map((r) => (r && typeof r === 'object' && typeof r.uuid === 'string' ? ctx.state.account(r.uuid) : undefined));
  // Unknown, deactivated or uuid-less entries (usernames left the API in 2019) are one complaint.
  if (accounts.some((a) => a?.status !== 'active')) fail(400, 'reviewers: Malformed reviewers list', { fields: { reviewers: ['Malformed reviewers list'] } });
  const problems = (accounts as FakeAccount[]).flatMap((a) => {
    if (a.uuid === author.uuid) return [`${a.displayName} is the author and cannot be included as a reviewer.`];
    if (!repo.workspace.members.has(a.uuid) && !repo.permissions.has(a.uuid)) {
      return [`${a.displayName} is not a member of this workspace and cannot be added to this pull request.`];
    }
    return [];
  });
  if (problems.length) fail(400, `reviewers: ${problems.join(' ')}`, { fields: { reviewers: problems } });
  return [...new Map((accounts as FakeAccount[]).map((a) => [a.uuid, a])).values()];
}

function branchName(value: unknown): string | undefined {
  const name = (value as { branch?: { name?: unknown } } | undefined)?.branch?.name;
  return typeof name === 'string' ? name : undefined;
}

function createPull(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const body = ctx.body;
  if (typeof body.title !== 'string' || body.title.trim() === '')
    fail(400, 'title: This field is required.', { fields: { title: ['This field is required.'] } });
  const sourceName = branchName(body.source);
  if (!sourceName) fail(400, 'source: This field is required.', { fields: { source: ['This field is required.'] } });
  const fullName = (body.source as { repository?: { full_name?: string } }).repository?.full_name;
  const sourceRepo = fullName ? ctx.state.repo(...(fullName.split('/') as [string, string])) : repo;
  if (!sourceRepo?.branches.has(sourceName)) fail(400, `source: branch not found: ${sourceName}`, { fields: { source: [`branch not found: ${sourceName}`] } });
  const destination = branchName(body.destination) ?? repo.mainBranch;
  if (!repo.branches.has(destination))
    fail(400, `destination: branch not found: ${destination}`, { fields: { destination: [`branch not found: ${destination}`] } });
  const reviewers = body.reviewers === undefined ? [] : reviewersOf(ctx, repo, ctx.user, body.reviewers);
  const open = repo.pulls.find(
    (p) => p.state === 'OPEN' && p.sourceRepo === sourceRepo && p.sourceBranch === sourceName && p.destinationBranch === destination,
  );
  if (open) {
    fail(400, `There is already an open pull request from ${sourceName} to ${destination} (#${open.id}).`, {
      fields: { source: [`There is already an open pull request from ${sourceName} to ${destination}.`] },
    });
  }
  const pull = ctx.state.addPull(repo, {
    sourceBranch: sourceName,
    destinationBranch: destination,
    sourceRepo,
    title: body.title,
    description: typeof body.description === 'string' ? body.description : '',
    author: ctx.user,
    draft: body.draft === true,
    reviewers,
  });
  pull.closeSourceBranch = body.close_source_branch === true;
  ctx.emit('pullrequest:created', repo, pull);
  const json = render(ctx, repo)(pull);
  return { status: 201, body: json, headers: { location: json.links.self.href } };
}

function updatePull(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const pull = pullFor(ctx, repo);
  if (pull.state !== 'OPEN') fail(400, 'Only open pull requests can be updated.');
  const body = ctx.body;
  if (body.title !== undefined) pull.title = String(body.title);
  if (body.description !== undefined) pull.description = String(body.description);
  if (body.draft !== undefined) pull.draft = body.draft === true;
  // The reviewer list is replaced by the one sent, and cleared when none is sent (which is why
  // Renovate's updatePr sends the current reviewers along).
  pull.reviewers = body.reviewers === undefined ? [] : reviewersOf(ctx, repo, pull.author, body.reviewers);
  pull.updatedOn = ctx.state.tick();
  ctx.emit('pullrequest:updated', repo, pull);
  return { status: 200, body: render(ctx, repo)(pull) };
}

export const pullRoutes: Record<string, Handler> = {
  'GET /repositories/{workspace}/{repo_slug}/pullrequests': (ctx) => {
    const repo = repoFor(ctx, 'read');
    const states = new Set<PullState>((ctx.query.getAll('state') as PullState[]).length ? (ctx.query.getAll('state') as PullState[]) : ['OPEN']);
    const selected = query(
      ctx,
      repo.pulls.filter((p) => states.has(p.state)),
      (p) => (field) => pullFields(p)[field],
    );
    return { status: 200, body: paginate(ctx, selected, MAX_PULLS_PAGELEN, render(ctx, repo)) };
  },
  'POST /repositories/{workspace}/{repo_slug}/pullrequests': createPull,
  'GET /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}': (ctx) => {
    const repo = repoFor(ctx, 'read');
    return { status: 200, body: render(ctx, repo)(pullFor(ctx, repo)) };
  },
  'PUT /repositories/{workspace}/{repo_slug}/pullrequests/{pull_request_id}': updatePull,
};
