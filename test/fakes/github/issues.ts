// Issues, labels and milestones the way GitHub keeps and answers them: issue listings include
// pull requests (marked by a `pull_request` key), page by `Link`, filter by state, labels and
// `since`; PATCH changes state with a reason, labels (unknown ones created, as GitHub does),
// milestone and assignees, and sends the `issues` webhook of each change to the repository's hooks.
import { type Ctx, fail, type Handler, notFound, paginate, repoFor, unprocessable } from './context.ts';
import { accountJson, type World } from './shapes.ts';
import type { FakeIssue, FakeLabel, FakeMilestone, FakePull, FakeRepo } from './state.ts';

export function labelJson(ctx: Pick<World, 'apiUrl'>, r: FakeRepo, l: FakeLabel) {
  return {
    id: l.id,
    node_id: `LA_${l.id}`,
    url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    description: null,
    color: l.color,
    default: false,
  };
}

export function milestoneJson(ctx: World, r: FakeRepo, m: FakeMilestone) {
  const url = `${ctx.apiUrl}/repos/${r.owner}/${r.name}/milestones/${m.number}`;
  return {
    url,
    html_url: `${ctx.webUrl}/${r.owner}/${r.name}/milestone/${m.number}`,
    labels_url: `${url}/labels`,
    id: m.id,
    node_id: `MI_${m.id}`,
    number: m.number,
    state: m.state,
    title: m.title,
    description: null,
    creator: accountJson(ctx, ctx.state.account(r.owner)!),
    open_issues: r.issues.filter((i) => i.milestone === m.number && i.state === 'open').length,
    closed_issues: r.issues.filter((i) => i.milestone === m.number && i.state === 'closed').length,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    closed_at: null,
    due_on: null,
  };
}

export function issueJson(ctx: World, r: FakeRepo, i: FakeIssue) {
  const api = `${ctx.apiUrl}/repos/${r.owner}/${r.name}/issues/${i.number}`;
  const milestone = r.milestones.find((m) => m.number === i.milestone);
  const assignees = i.assignees.map((login) => accountJson(ctx, ctx.state.account(login)!));
  return {
    id: i.id,
    node_id: `I_${i.id}`,
    url: api,
    repository_url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${ctx.webUrl}/${r.owner}/${r.name}/issues/${i.number}`,
    number: i.number,
    state: i.state,
    state_reason: i.stateReason,
    title: i.title,
    body: i.body,
    user: accountJson(ctx, ctx.state.account(i.author)!),
    labels: i.labels.map((name) => labelJson(ctx, r, r.labels.find((l) => l.name === name)!)),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: milestone ? milestoneJson(ctx, r, milestone) : null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    closed_at: i.closedAt,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: 'OWNER',
  };
}

/** A pull request as the issues listing shows it. */
function pullAsIssueJson(ctx: World, r: FakeRepo, p: FakePull) {
  const html = `${ctx.webUrl}/${r.owner}/${r.name}/pull/${p.number}`;
  const issue = issueJson(ctx, r, {
    number: p.number,
    id: p.id + 1_000_000,
    author: p.author,
    title: p.title,
    body: p.body,
    state: p.state,
    stateReason: null,
    labels: [],
    milestone: null,
    assignees: [],
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    closedAt: p.closedAt,
  });
  return {
    ...issue,
    html_url: html,
    pull_request: {
      url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/pulls/${p.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: p.mergedAt,
    },
  };
}

function listIssues(ctx: Ctx) {
  const repo = repoFor(ctx, 'issues', 'read');
  const state = ctx.query.get('state') ?? 'open';
  const labels = (ctx.query.get('labels') ?? '').split(',').filter(Boolean);
  const since = ctx.query.get('since');
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? 'desc';
  type Row = { number: number; state: string; labels: string[]; createdAt: string; updatedAt: string; json: () => unknown };
  const rows: Row[] = [
    ...repo.issues.map((i) => ({ ...i, json: () => issueJson(ctx, repo, i) })),
    ...repo.pulls.map((p) => ({
      number: p.number,
      state: p.state,
      labels: [],
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
      json: () => pullAsIssueJson(ctx, repo, p),
    })),
  ];
  const key = (r: Row) => (sort === 'updated' ? r.updatedAt : r.createdAt);
  const listed = rows
    .filter((r) => state === 'all' || r.state === state)
    .filter((r) => labels.every((l) => r.labels.some((n) => n.toLowerCase() === l.toLowerCase())))
    .filter((r) => !since || Date.parse(r.updatedAt) >= Date.parse(since))
    .sort((a, b) => key(a).localeCompare(key(b)) || a.number - b.number);
  if (direction === 'desc') listed.reverse();
  const page = paginate(ctx, listed);
  return { status: 200, body: page.items.map((r) => r.json()), headers: page.headers };
}

function issueFor(ctx: Ctx, level: 'read' | 'write'): { repo: FakeRepo; issue: FakeIssue } {
  const repo = repoFor(ctx, 'issues', level);
  const issue = repo.issues.find((i) => i.number === Number(ctx.params.issue_number));
  return issue ? { repo, issue } : notFound();
}

function labelNamed(ctx: Ctx, repo: FakeRepo, name: string): string {
  const found = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  return (found ?? ctx.state.addLabel(repo, name)).name;
}

function checkAssignees(ctx: Ctx, repo: FakeRepo, logins: string[]): string[] {
  return logins.map((login) => {
    const account = ctx.state.account(login);
    if (!account || !ctx.state.hasAccess(account.login, repo))
      unprocessable('Validation Failed', [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: login }]);
    return account!.login;
  });
}

function updateIssue(ctx: Ctx) {
  const { repo, issue } = issueFor(ctx, 'write');
  const change = ctx.body as {
    title?: string;
    body?: string | null;
    state?: 'open' | 'closed';
    state_reason?: FakeIssue['stateReason'];
    labels?: unknown[];
    milestone?: number | string | null;
    assignees?: string[];
  };
  const before = structuredClone(issue);
  if (change.milestone !== undefined && change.milestone !== null && !repo.milestones.some((m) => m.number === Number(change.milestone))) {
    unprocessable('Validation Failed', [{ resource: 'Issue', field: 'milestone', code: 'invalid', value: change.milestone }]);
  }
  if (change.assignees) issue.assignees = checkAssignees(ctx, repo, change.assignees);
  if (change.title !== undefined) issue.title = change.title;
  if (change.body !== undefined) issue.body = change.body;
  if (change.labels) issue.labels = change.labels.map((l) => labelNamed(ctx, repo, typeof l === 'string' ? l : String((l as { name?: string }).name)));
  if (change.milestone !== undefined) issue.milestone = change.milestone === null ? null : Number(change.milestone);
  issue.updatedAt = ctx.state.tick();
  if (change.state && change.state !== issue.state) {
    issue.state = change.state;
    issue.closedAt = change.state === 'closed' ? issue.updatedAt : null;
    issue.stateReason = change.state === 'closed' ? (change.state_reason === 'not_planned' ? 'not_planned' : 'completed') : 'reopened';
  }
  for (const action of issueActions(before, issue)) emitIssue(ctx, repo, issue, action);
  return { status: 200, body: issueJson(ctx, repo, issue) };
}

/** The `issues` actions GitHub sends for a change, one per kind of change. */
function issueActions(before: FakeIssue, after: FakeIssue): string[] {
  const actions: string[] = [];
  if (before.title !== after.title || before.body !== after.body) actions.push('edited');
  if (before.state !== after.state) actions.push(after.state === 'closed' ? 'closed' : 'reopened');
  for (const l of after.labels) if (!before.labels.includes(l)) actions.push('labeled');
  for (const l of before.labels) if (!after.labels.includes(l)) actions.push('unlabeled');
  if (before.milestone !== after.milestone) actions.push(after.milestone === null ? 'demilestoned' : 'milestoned');
  for (const a of after.assignees) if (!before.assignees.includes(a)) actions.push('assigned');
  for (const a of before.assignees) if (!after.assignees.includes(a)) actions.push('unassigned');
  return actions;
}

/** Sends an `issues` delivery with the issue as it now is. */
export function emitIssue(
  ctx: Pick<Ctx, 'hooks' | 'state' | 'apiUrl' | 'webUrl' | 'user'>,
  repo: FakeRepo,
  issue: FakeIssue,
  action: string,
  extra: Record<string, unknown> = {},
): void {
  ctx.hooks.emit(repo, 'issues', {
    action,
    issue: issueJson(ctx, repo, issue),
    repository: { id: repo.id, name: repo.name, full_name: `${repo.owner}/${repo.name}`, owner: accountJson(ctx, ctx.state.account(repo.owner)!) },
    sender: accountJson(ctx, ctx.user),
    ...extra,
  });
}

function createIssue(ctx: Ctx) {
  const repo = repoFor(ctx, 'issues', 'write');
  const body = ctx.body as { title?: string | number; body?: string; labels?: unknown[]; assignees?: string[] };
  if (body.title === undefined || body.title === '') unprocessable('Validation Failed', [{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
  const issue = ctx.state.addIssue(repo, {
    title: String(body.title),
    body: body.body ?? null,
    author: ctx.user.login,
    labels: (body.labels ?? []).map((l) => labelNamed(ctx, repo, typeof l === 'string' ? l : String((l as { name?: string }).name))),
    assignees: checkAssignees(ctx, repo, body.assignees ?? []),
  });
  emitIssue(ctx, repo, issue, 'opened');
  return { status: 201, body: issueJson(ctx, repo, issue) };
}

function createLabel(ctx: Ctx) {
  const repo = repoFor(ctx, 'issues', 'write');
  const { name, color } = ctx.body as { name: string; color?: string };
  if (repo.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
    return fail(422, 'Validation Failed', { errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] });
  }
  const label = ctx.state.addLabel(repo, name, (color ?? 'ededed').replace(/^#/, '').toLowerCase());
  return { status: 201, body: labelJson(ctx, repo, label) };
}

export const issueRoutes: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/issues': listIssues,
  'POST /repos/{owner}/{repo}/issues': createIssue,
  'GET /repos/{owner}/{repo}/issues/{issue_number}': (ctx) => {
    const { repo, issue } = issueFor(ctx, 'read');
    return { status: 200, body: issueJson(ctx, repo, issue) };
  },
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': updateIssue,
  'GET /repos/{owner}/{repo}/labels': (ctx) => {
    const repo = repoFor(ctx, 'issues', 'read');
    const page = paginate(ctx, repo.labels);
    return { status: 200, body: page.items.map((l) => labelJson(ctx, repo, l)), headers: page.headers };
  },
  'POST /repos/{owner}/{repo}/labels': createLabel,
  'GET /repos/{owner}/{repo}/milestones': (ctx) => {
    const repo = repoFor(ctx, 'issues', 'read');
    const state = ctx.query.get('state') ?? 'open';
    const page = paginate(
      ctx,
      repo.milestones.filter((m) => state === 'all' || m.state === state),
    );
    return { status: 200, body: page.items.map((m) => milestoneJson(ctx, repo, m)), headers: page.headers };
  },
};
