// Users, repository listings, refs and file contents.
import { type Ctx, canSee, fail, type Handler, notFound, paginate, repoFor, unprocessable } from './context.ts';
import { commitJson, fileJson, refJson, repoJson, userJson } from './shapes.ts';
import { blobSha, type FakeRepo } from './state.ts';

function sorted(ctx: Ctx, repos: FakeRepo[], defaultSort: string): FakeRepo[] {
  const sort = ctx.query.get('sort') ?? defaultSort;
  const byName = sort === 'full_name';
  const direction = ctx.query.get('direction') ?? (byName ? 'asc' : 'desc');
  const list = [...repos].sort((a, b) => (byName ? `${a.owner}/${a.name}`.localeCompare(`${b.owner}/${b.name}`) : a.id - b.id));
  return direction === 'desc' ? list.reverse() : list;
}

function listRepos(ctx: Ctx, repos: FakeRepo[], defaultSort: string) {
  const page = paginate(ctx, sorted(ctx, repos, defaultSort));
  return { status: 200, body: page.items.map((r) => repoJson(ctx, r)), headers: page.headers };
}

const visible = (ctx: Ctx) => [...ctx.state.repos.values()].filter((r) => canSee(ctx, r));

// "user:acme" / "org:acme" qualifiers, "in:name", and free text; enough for a repository picker.
function searchRepos(ctx: Ctx) {
  const q = ctx.query.get('q') ?? '';
  const words = q.split(/\s+/).filter(Boolean);
  const owner = words
    .find((w) => /^(user|org):/.test(w))
    ?.split(':')[1]
    ?.toLowerCase();
  const text = words
    .filter((w) => !w.includes(':'))
    .join(' ')
    .toLowerCase();
  const hits = visible(ctx).filter((r) => (!owner || r.owner.toLowerCase() === owner) && r.name.toLowerCase().includes(text));
  const page = paginate(
    ctx,
    hits.sort((a, b) => a.name.localeCompare(b.name)),
  );
  return {
    status: 200,
    body: { total_count: hits.length, incomplete_results: false, items: page.items.map((r) => ({ ...repoJson(ctx, r), score: 1 })) },
    headers: page.headers,
  };
}

function affiliated(ctx: Ctx, r: FakeRepo, affiliations: string[]): boolean {
  const login = ctx.user.login.toLowerCase();
  const owner = ctx.state.account(r.owner)!;
  return (
    (affiliations.includes('owner') && r.owner.toLowerCase() === login) ||
    (affiliations.includes('collaborator') && r.collaborators.has(login)) ||
    (affiliations.includes('organization_member') && owner.members.has(login))
  );
}

function getContent(ctx: Ctx) {
  const repo = repoFor(ctx, 'contents', 'read');
  const ref = ctx.query.get('ref') ?? repo.defaultBranch;
  if (!repo.branches.has(ref) && !ctx.state.commits.has(ref)) fail(404, `No commit found for the ref ${ref}`);
  const content = ctx.state.file(repo, ref, ctx.params.path);
  if (content === undefined) return notFound();
  return { status: 200, body: fileJson(ctx, repo, ctx.params.path, content, ref) };
}

function putContent(ctx: Ctx) {
  const repo = repoFor(ctx, 'contents', 'write');
  const { path } = ctx.params;
  const branch = (ctx.body.branch as string | undefined) ?? repo.defaultBranch;
  if (!repo.branches.has(branch)) fail(404, `Branch ${branch} not found`);
  const encoded = String(ctx.body.content).replace(/\s/g, '');
  const content = Buffer.from(encoded, 'base64').toString('utf8');
  if (Buffer.from(content).toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    unprocessable('content is not valid Base64');
  }
  const existing = ctx.state.file(repo, branch, path);
  const sha = ctx.body.sha as string | undefined;
  if (existing !== undefined && sha === undefined) unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
  if (existing !== undefined && sha !== blobSha(existing)) fail(409, `${path} does not match ${sha}`);
  const commit = ctx.state.writeFile(repo, branch, path, content, String(ctx.body.message));
  const { content: _base64, encoding: _encoding, ...file } = fileJson(ctx, repo, path, content, branch);
  return { status: existing === undefined ? 201 : 200, body: { content: file, commit: commitJson(ctx, repo, commit) } };
}

function createRef(ctx: Ctx) {
  const repo = repoFor(ctx, 'contents', 'write');
  const ref = String(ctx.body.ref);
  const sha = String(ctx.body.sha);
  if (!/^refs\/[^/]+\/.+/.test(ref)) unprocessable('Reference name is invalid');
  if (!ref.startsWith('refs/heads/')) fail(501, 'fake GitHub only creates branches');
  const branch = ref.slice('refs/heads/'.length);
  if (repo.branches.has(branch)) unprocessable('Reference already exists');
  if (!ctx.state.commits.has(sha)) unprocessable('Object does not exist');
  repo.branches.set(branch, sha);
  return { status: 201, body: refJson(ctx, repo, branch) };
}

export const repoRoutes: Record<string, Handler> = {
  'GET /user': (ctx) => ({ status: 200, body: userJson(ctx, ctx.user) }),

  'GET /user/repos': (ctx) => {
    const affiliations = (ctx.query.get('affiliation') ?? 'owner,collaborator,organization_member').split(',');
    const visibility = ctx.query.get('visibility') ?? 'all';
    const repos = visible(ctx).filter((r) => affiliated(ctx, r, affiliations) && (visibility === 'all' || (visibility === 'private') === r.private));
    return listRepos(ctx, repos, 'full_name');
  },

  'GET /orgs/{org}/repos': (ctx) => {
    const org = ctx.state.account(ctx.params.org);
    if (org?.type !== 'Organization') return notFound();
    return listRepos(
      ctx,
      visible(ctx).filter((r) => r.owner === org.login),
      'created',
    );
  },

  'GET /users/{username}/repos': (ctx) => {
    const account = ctx.state.account(ctx.params.username);
    if (!account) return notFound();
    return listRepos(
      ctx,
      [...ctx.state.repos.values()].filter((r) => r.owner === account.login && !r.private),
      'full_name',
    );
  },

  'GET /search/repositories': searchRepos,

  'GET /repos/{owner}/{repo}': (ctx) => ({ status: 200, body: repoJson(ctx, repoFor(ctx, 'metadata', 'read')) }),

  'GET /repos/{owner}/{repo}/git/ref/{ref}': (ctx) => {
    const repo = repoFor(ctx, 'contents', 'read');
    const ref = ctx.params.ref;
    const branch = ref.startsWith('heads/') ? ref.slice('heads/'.length) : null;
    if (!branch || !repo.branches.has(branch)) return notFound();
    return { status: 200, body: refJson(ctx, repo, branch) };
  },

  'POST /repos/{owner}/{repo}/git/refs': createRef,
  'GET /repos/{owner}/{repo}/contents/{path}': getContent,
  'PUT /repos/{owner}/{repo}/contents/{path}': putContent,
};
