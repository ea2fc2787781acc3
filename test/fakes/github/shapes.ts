// JSON bodies shaped like GitHub's (a faithful subset of each object's fields).
import type { Ctx } from './context.ts';
import { blobSha, type FakeAccount, type FakeCommit, type FakePull, type FakeRepo } from './state.ts';

type Urls = Pick<Ctx, 'apiUrl' | 'webUrl'>;

export function accountJson(urls: Urls, a: FakeAccount) {
  return {
    login: a.login,
    id: a.id,
    node_id: `U_${a.id}`,
    avatar_url: `${urls.webUrl}/avatars/u/${a.id}`,
    gravatar_id: '',
    url: `${urls.apiUrl}/users/${a.login}`,
    html_url: `${urls.webUrl}/${a.login}`,
    type: a.type,
    site_admin: false,
  };
}

export function userJson(urls: Urls, a: FakeAccount) {
  return {
    ...accountJson(urls, a),
    name: a.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    bio: null,
    public_repos: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
  };
}

export function repoJson(ctx: Pick<Ctx, 'apiUrl' | 'webUrl' | 'state'>, r: FakeRepo) {
  const full = `${r.owner}/${r.name}`;
  return {
    id: r.id,
    node_id: `R_${r.id}`,
    name: r.name,
    full_name: full,
    private: r.private,
    owner: accountJson(ctx, ctx.state.account(r.owner)!),
    html_url: `${ctx.webUrl}/${full}`,
    description: null,
    fork: false,
    url: `${ctx.apiUrl}/repos/${full}`,
    default_branch: r.defaultBranch,
    visibility: r.private ? 'private' : 'public',
    archived: false,
    disabled: false,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    pushed_at: r.createdAt,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

function branchJson(ctx: Ctx, r: FakeRepo, ref: string) {
  return {
    label: `${r.owner}:${ref}`,
    ref,
    sha: r.branches.get(ref) ?? '0'.repeat(40),
    user: accountJson(ctx, ctx.state.account(r.owner)!),
    repo: repoJson(ctx, r),
  };
}

export function pullJson(ctx: Ctx, r: FakeRepo, p: FakePull, detail = false) {
  const html = `${ctx.webUrl}/${r.owner}/${r.name}/pull/${p.number}`;
  const simple = {
    url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/pulls/${p.number}`,
    id: p.id,
    node_id: `PR_${p.id}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/issues/${p.number}`,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: accountJson(ctx, ctx.state.account(p.author)!),
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.mergedAt,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: p.requestedReviewers.map((login) => accountJson(ctx, ctx.state.account(login)!)),
    requested_teams: [],
    head: branchJson(ctx, r, p.head),
    base: branchJson(ctx, r, p.base),
    author_association: 'OWNER',
    auto_merge: null,
    draft: p.draft,
  };
  if (!detail) return simple;
  return {
    ...simple,
    merged: p.mergedAt !== null,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: true,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

export function refJson(ctx: Ctx, r: FakeRepo, branch: string) {
  const sha = r.branches.get(branch)!;
  return {
    ref: `refs/heads/${branch}`,
    node_id: `REF_${sha.slice(0, 12)}`,
    url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/git/refs/heads/${branch}`,
    object: { sha, type: 'commit', url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/git/commits/${sha}` },
  };
}

export function fileJson(ctx: Ctx, r: FakeRepo, path: string, content: string, ref: string) {
  const sha = blobSha(content);
  const api = `${ctx.apiUrl}/repos/${r.owner}/${r.name}`;
  const html = `${ctx.webUrl}/${r.owner}/${r.name}/blob/${ref}/${path}`;
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(content),
    name: path.split('/').pop(),
    path,
    // GitHub wraps the base64 at 60 characters per line.
    content: `${(
      Buffer.from(content)
        .toString('base64')
        .match(/.{1,60}/g) ?? []
    ).join('\n')}\n`,
    sha,
    url: `${api}/contents/${path}?ref=${ref}`,
    git_url: `${api}/git/blobs/${sha}`,
    html_url: html,
    download_url: `${ctx.webUrl}/raw/${r.owner}/${r.name}/${ref}/${path}`,
    _links: { self: `${api}/contents/${path}?ref=${ref}`, git: `${api}/git/blobs/${sha}`, html },
  };
}

export function commitJson(ctx: Ctx, r: FakeRepo, c: FakeCommit) {
  const api = `${ctx.apiUrl}/repos/${r.owner}/${r.name}/git/commits`;
  const person = { name: ctx.user.name ?? ctx.user.login, email: `${ctx.user.login}@users.noreply.github.com`, date: ctx.state.tick() };
  return {
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 12)}`,
    url: `${api}/${c.sha}`,
    html_url: `${ctx.webUrl}/${r.owner}/${r.name}/commit/${c.sha}`,
    author: person,
    committer: person,
    message: c.message,
    tree: { sha: blobSha(c.sha), url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/git/trees/${blobSha(c.sha)}` },
    parents: c.parent ? [{ sha: c.parent, url: `${api}/${c.parent}`, html_url: `${ctx.webUrl}/${r.owner}/${r.name}/commit/${c.parent}` }] : [],
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}
