// Users, repository listings and search, branches and file contents.
import { bindingError, type Ctx, fail, type Handler, notFound, paginate, repoFor } from './context.ts';
import { branchJson, contentsJson, fileResponseJson, repoJson, userJson } from './shapes.ts';
import { blobSha, type FakeRepo } from './state.ts';

const visible = (ctx: Ctx) =>
  [...ctx.state.repos.values()].filter(
    (r) => ctx.state.canRead(ctx.user.login, r) && (!ctx.token.repositories || ctx.token.repositories.includes(`${r.owner}/${r.name}`.toLowerCase())),
  );

function listRepos(ctx: Ctx, repos: FakeRepo[]) {
  const page = paginate(
    ctx,
    repos.sort((a, b) => a.name.localeCompare(b.name)),
  );
  return { status: 200, body: page.items.map((r) => repoJson(ctx, r, ctx.user.login)), headers: page.headers };
}

function ownedBy(ctx: Ctx, login: string): FakeRepo[] {
  const account = ctx.state.account(login) ?? notFound(ctx);
  return visible(ctx).filter((r) => r.owner === account.login);
}

/** `q` matches names; `uid` (+ `exclusive`) limits to one owner, as the repository picker needs. */
function search(ctx: Ctx) {
  const q = (ctx.query.get('q') ?? '').toLowerCase();
  const uid = ctx.query.get('uid');
  const owner = uid === null ? null : [...ctx.state.accounts.values()].find((a) => a.id === Number(uid));
  if (uid !== null && !owner) return { status: 200, body: { ok: true, data: [] }, headers: { 'x-total-count': '0' } };
  const hits = visible(ctx).filter((r) => r.name.toLowerCase().includes(q) && (!owner || r.owner === owner.login));
  const page = paginate(
    ctx,
    hits.sort((a, b) => a.name.localeCompare(b.name)),
  );
  return { status: 200, body: { ok: true, data: page.items.map((r) => repoJson(ctx, r, ctx.user.login)) }, headers: page.headers };
}

function decode(ctx: Ctx): string {
  const encoded = String(ctx.body.content);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) fail(ctx, 422, 'illegal base64 data at input byte 0');
  return Buffer.from(encoded, 'base64').toString('utf8');
}

function getContents(ctx: Ctx) {
  const repo = repoFor(ctx, 'read');
  const ref = ctx.query.get('ref') ?? repo.defaultBranch;
  const content = ctx.state.file(repo, ref, ctx.params.filepath);
  if (content === undefined) return notFound(ctx);
  return { status: 200, body: contentsJson(ctx, repo, ctx.params.filepath, content, ref) };
}

/**
 * Create (POST) or update (PUT) a file, on `branch` or on a `new_branch` made from it in the same
 * commit. Checks run in Gitea's order (services/repository/files/update.go): the old branch exists
 * (404), the new one does not (422), then the file is absent (create) or has the given `sha`.
 */
function changeFile(ctx: Ctx, mode: 'create' | 'update') {
  const repo = repoFor(ctx, 'write');
  const path = ctx.params.filepath;
  const from = (ctx.body.branch as string | undefined) || repo.defaultBranch;
  const to = (ctx.body.new_branch as string | undefined) || from;
  if (!repo.branches.has(from)) fail(ctx, 404, `branch does not exist [name: ${from}]`);
  if (to !== from && repo.branches.has(to)) fail(ctx, 422, `branch already exists [name: ${to}]`);
  const existing = ctx.state.file(repo, from, path);
  if (mode === 'create' && existing !== undefined) fail(ctx, 422, `repository file already exists [path: ${path}]`);
  if (mode === 'update') {
    // Gitea maps a missing file on update to a 500 whose message it hides in production.
    if (existing === undefined) fail(ctx, 500, '');
    const expected = blobSha(existing);
    if (ctx.body.sha !== expected) fail(ctx, 422, `sha does not match [given: ${String(ctx.body.sha)}, expected: ${expected}]`);
  }
  const content = decode(ctx);
  repo.branches.set(to, repo.branches.get(from)!);
  const commit = ctx.state.writeFile(repo, to, path, content, String(ctx.body.message ?? `${mode === 'create' ? 'Add' : 'Update'} ${path}`));
  return { status: mode === 'create' ? 201 : 200, body: fileResponseJson(ctx, repo, path, to, commit, ctx.user) };
}

function createBranch(ctx: Ctx) {
  const repo = repoFor(ctx, 'write');
  const name = String(ctx.body.new_branch_name ?? '');
  if (!name) bindingError(['BranchName'], 'RequiredError', 'Required');
  const from = (ctx.body.old_ref_name as string | undefined) ?? (ctx.body.old_branch_name as string | undefined) ?? repo.defaultBranch;
  const sha = repo.branches.get(from.replace(/^refs\/heads\//, '')) ?? (ctx.state.commits.has(from) ? from : undefined);
  if (!sha) fail(ctx, 404, 'The old branch does not exist');
  if (repo.branches.has(name)) fail(ctx, 409, 'The branch already exists.');
  repo.branches.set(name, sha);
  return { status: 201, body: branchJson(ctx, repo, name) };
}

export const repoRoutes: Record<string, Handler> = {
  'GET /user': (ctx) => ({ status: 200, body: userJson(ctx, ctx.user) }),
  'GET /users/{username}': (ctx) => ({ status: 200, body: userJson(ctx, ctx.state.account(ctx.params.username) ?? notFound(ctx)) }),
  'GET /users/{username}/repos': (ctx) => listRepos(ctx, ownedBy(ctx, ctx.params.username)),
  'GET /orgs/{org}/repos': (ctx) => {
    const org = ctx.state.account(ctx.params.org);
    return org?.isOrg ? listRepos(ctx, ownedBy(ctx, org.login)) : notFound(ctx);
  },
  'GET /repos/search': search,
  'GET /repos/{owner}/{repo}': (ctx) => ({ status: 200, body: repoJson(ctx, repoFor(ctx, 'read'), ctx.user.login) }),
  'PATCH /repos/{owner}/{repo}': (ctx) => {
    const repo = repoFor(ctx, 'read');
    if (ctx.state.access(ctx.user.login, repo) !== 'admin') fail(ctx, 403, 'user should be an owner or a collaborator with admin write of a repository');
    return { status: 200, body: repoJson(ctx, repo, ctx.user.login) };
  },
  'POST /repos/{owner}/{repo}/branches': createBranch,
  'GET /repos/{owner}/{repo}/contents/{filepath}': getContents,
  'POST /repos/{owner}/{repo}/contents/{filepath}': (ctx) => changeFile(ctx, 'create'),
  'PUT /repos/{owner}/{repo}/contents/{filepath}': (ctx) => changeFile(ctx, 'update'),
};
