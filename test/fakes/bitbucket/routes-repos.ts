// The user, repository listings, branches, and commits made by uploading files (/src).
import { type Ctx, fail, type Handler, paginate, query, repoFor } from './context.ts';
import { branchJson, repoJson, userJson } from './shapes.ts';
import type { FakeRepo } from './state.ts';

// Form fields of POST /src that are not files (everything else names a file by its path).
const SRC_META = new Set(['message', 'author', 'parents', 'files', 'branch']);

function listRepositories(ctx: Ctx) {
  const workspace = ctx.state.workspace(ctx.params.workspace);
  if (!workspace) fail(404, `No workspace with identifier '${ctx.params.workspace}'.`);
  const role = ctx.query.get('role');
  const rank = { read: 1, write: 2, admin: 3 } as const;
  const needed = role === 'admin' || role === 'owner' ? 3 : role === 'contributor' ? 2 : 1;
  const visible = [...ctx.state.repos.values()].filter((r) => {
    if (r.workspace !== workspace) return false;
    if (ctx.token.kind === 'access')
      return ctx.token.workspace.toLowerCase() === workspace.slug.toLowerCase() && (!ctx.token.repo || ctx.token.repo === r.slug);
    const permission = ctx.state.permission(ctx.user, r);
    // `role=member` lists repositories with explicit access; public ones alone do not count.
    const explicit = r.permissions.has(ctx.user.uuid) || workspace.members.has(ctx.user.uuid);
    if (role && !explicit) return false;
    return permission !== null && rank[permission] >= needed;
  });
  const selected = query(ctx, visible, (r) => (field) => repoFields(r)[field]);
  return { status: 200, body: paginate(ctx, selected, 100, (r) => repoJson(ctx, r)) };
}

function repoFields(r: FakeRepo): Record<string, string | boolean> {
  return { name: r.name, slug: r.slug, full_name: `${r.workspace.slug}/${r.slug}`, is_private: r.isPrivate, created_on: r.createdOn, updated_on: r.updatedOn };
}

/**
 * Create a commit from form fields, as documented on the operation: with `branch` and `parents`
 * on an existing branch, the parent must be its tip (else 409); a new branch starts at the
 * parent (or the main branch's tip); without `branch` the commit goes on the main branch.
 */
function createCommit(ctx: Ctx) {
  const repo = repoFor(ctx, 'write');
  const form = ctx.body as Record<string, string | string[]>;
  const single = (name: string) => {
    const value = form[name];
    if (Array.isArray(value)) fail(400, `${name}: this field cannot be repeated.`);
    return value as string | undefined;
  };
  const branch = single('branch') ?? repo.mainBranch;
  const parents = (single('parents') ?? '').split(',').filter(Boolean);
  for (const hash of parents) if (!ctx.state.commits.has(hash)) fail(400, `parents: ${hash} is not a commit in this repository.`);
  const tip = repo.branches.get(branch);
  if (tip !== undefined && parents.length > 0 && parents[0] !== tip) {
    fail(409, `The branch ${branch} has moved: its tip is no longer ${parents[0]}. Commit on top of its current tip.`);
  }
  const files: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) if (!SRC_META.has(name)) files[name] = Array.isArray(value) ? value.join('') : value;
  const deleted = [form.files ?? []].flat().filter((path) => !(path in files));
  const commit = ctx.state.writeFiles(repo, branch, files, single('message') ?? 'Edited online with Bitbucket', ctx.user, tip ?? parents[0]);
  for (const path of deleted) commit.files.delete(path.replace(/^\/+/, ''));
  // A new commit on an open pull request's source branch updates the pull request.
  for (const owner of ctx.state.repos.values()) {
    for (const pull of owner.pulls) {
      if (pull.state === 'OPEN' && pull.sourceRepo === repo && pull.sourceBranch === branch) {
        pull.updatedOn = ctx.state.tick();
        ctx.emit('pullrequest:updated', owner, pull);
      }
    }
  }
  return { status: 201, headers: { location: `${ctx.apiUrl}/repositories/${repo.workspace.slug}/${repo.slug}/commit/${commit.hash}` } };
}

export const repoRoutes: Record<string, Handler> = {
  'GET /user': (ctx) => {
    if (ctx.token.kind === 'access') fail(403, 'This API is not accessible by this authentication mechanism.');
    return { status: 200, body: userJson(ctx, ctx.user) };
  },

  'GET /repositories/{workspace}': listRepositories,

  'GET /repositories/{workspace}/{repo_slug}': (ctx) => ({ status: 200, body: repoJson(ctx, repoFor(ctx, 'read')) }),

  'GET /repositories/{workspace}/{repo_slug}/refs/branches/{name}': (ctx) => {
    const repo = repoFor(ctx, 'read');
    const hash = repo.branches.get(ctx.params.name);
    if (!hash) fail(404, `Branch "${ctx.params.name}" does not exist.`);
    return { status: 200, body: branchJson(ctx, repo, ctx.params.name, ctx.state.commits.get(hash)!) };
  },

  'POST /repositories/{workspace}/{repo_slug}/src': createCommit,

  'GET /repositories/{workspace}/{repo_slug}/src/{commit}/{path}': (ctx) => {
    const repo = repoFor(ctx, 'read');
    const hash = repo.branches.get(ctx.params.commit) ?? ctx.params.commit;
    if (!ctx.state.commits.has(hash)) fail(404, `Commit ${ctx.params.commit} not found.`);
    const content = ctx.state.file(repo, hash, ctx.params.path);
    if (content === undefined) fail(404, `No such file or directory: ${ctx.params.path}`);
    return { status: 200, body: content, headers: { 'content-type': 'text/plain; charset=utf-8' } };
  },
};
