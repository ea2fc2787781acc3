// JSON bodies shaped like GitHub's (a faithful subset of each object's fields).
import type { Ctx } from './context.ts';
import { blobSha, type FakeAccount, type FakeCommit, type FakePull, type FakeRepo } from './state.ts';

type Urls = Pick<Ctx, 'apiUrl' | 'webUrl'>;
/** What shapes of repository objects need: the URLs and the accounts. */
export type World = Pick<Ctx, 'apiUrl' | 'webUrl' | 'state'>;

export function accountJson(urls: Urls, a: FakeAccount) {
  const api = `${urls.apiUrl}/users/${encodeURIComponent(a.login)}`;
  return {
    login: a.login,
    id: a.id,
    node_id: `U_${a.id}`,
    avatar_url: `${urls.webUrl}/avatars/u/${a.id}`,
    gravatar_id: '',
    url: api,
    html_url: `${urls.webUrl}/${a.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
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

// GitHub's hypermedia URLs of a repository, relative to its API URL.
const REPO_LINKS = {
  archive_url: '/{archive_format}{/ref}',
  assignees_url: '/assignees{/user}',
  blobs_url: '/git/blobs{/sha}',
  branches_url: '/branches{/branch}',
  collaborators_url: '/collaborators{/collaborator}',
  comments_url: '/comments{/number}',
  commits_url: '/commits{/sha}',
  compare_url: '/compare/{base}...{head}',
  contents_url: '/contents/{+path}',
  contributors_url: '/contributors',
  deployments_url: '/deployments',
  downloads_url: '/downloads',
  events_url: '/events',
  forks_url: '/forks',
  git_commits_url: '/git/commits{/sha}',
  git_refs_url: '/git/refs{/sha}',
  git_tags_url: '/git/tags{/sha}',
  hooks_url: '/hooks',
  issue_comment_url: '/issues/comments{/number}',
  issue_events_url: '/issues/events{/number}',
  issues_url: '/issues{/number}',
  keys_url: '/keys{/key_id}',
  labels_url: '/labels{/name}',
  languages_url: '/languages',
  merges_url: '/merges',
  milestones_url: '/milestones{/number}',
  notifications_url: '/notifications{?since,all,participating}',
  pulls_url: '/pulls{/number}',
  releases_url: '/releases{/id}',
  stargazers_url: '/stargazers',
  statuses_url: '/statuses/{sha}',
  subscribers_url: '/subscribers',
  subscription_url: '/subscription',
  tags_url: '/tags',
  teams_url: '/teams',
  trees_url: '/git/trees{/sha}',
};

export function repoJson(ctx: World, r: FakeRepo) {
  const full = `${r.owner}/${r.name}`;
  const api = `${ctx.apiUrl}/repos/${full}`;
  const host = new URL(ctx.webUrl).host;
  return {
    ...Object.fromEntries(Object.entries(REPO_LINKS).map(([name, path]) => [name, `${api}${path}`])),
    clone_url: `${ctx.webUrl}/${full}.git`,
    git_url: `git://${host}/${full}.git`,
    ssh_url: `git@${host}:${full}.git`,
    svn_url: `${ctx.webUrl}/${full}`,
    mirror_url: null,
    homepage: null,
    language: null,
    license: null,
    size: 0,
    forks: 0,
    forks_count: 0,
    open_issues: 0,
    open_issues_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
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

export function branchJson(ctx: World, r: FakeRepo, ref: string) {
  return {
    label: `${r.owner}:${ref}`,
    ref,
    sha: r.branches.get(ref) ?? '0'.repeat(40),
    user: accountJson(ctx, ctx.state.account(r.owner)!),
    repo: repoJson(ctx, r),
  };
}

export function pullJson(ctx: World, r: FakeRepo, p: FakePull, detail = false) {
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
    merge_commit_sha: p.mergeCommitSha,
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
