// JSON the fake answers with, shaped like Gitea 1.22's structs (modules/structs): the fields the
// description lists, with the values a real server would fill in.
import type { Ctx } from './context.ts';
import { blobSha, type FakeAccount, type FakeCommit, type FakePull, type FakeRepo, isDraftTitle } from './state.ts';

type Urls = Pick<Ctx, 'apiUrl' | 'webUrl'>;
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function userJson(ctx: Urls, u: FakeAccount) {
  return {
    id: u.id,
    login: u.login,
    login_name: '',
    source_id: 0,
    full_name: u.fullName,
    email: u.email,
    avatar_url: `${ctx.webUrl}/avatars/${u.id}`,
    html_url: `${ctx.webUrl}/${u.login}`,
    language: '',
    is_admin: false,
    last_login: ZERO_TIME,
    created: '2024-01-01T10:00:00+02:00',
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
    username: u.login,
  };
}

/** `viewer` decides `permissions`, as Gitea computes them for the caller. */
export function repoJson(ctx: Urls & Pick<Ctx, 'state'>, r: FakeRepo, viewer: string | null): Record<string, unknown> {
  const access = viewer ? ctx.state.access(viewer, r) : null;
  const owner = ctx.state.account(r.owner)!;
  return {
    id: r.id,
    owner: userJson(ctx, owner),
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    description: '',
    empty: false,
    private: r.private,
    fork: r.parent !== null,
    template: false,
    parent: r.parent ? repoJson(ctx, r.parent, viewer) : null,
    mirror: false,
    size: 42,
    language: '',
    languages_url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}/languages`,
    html_url: `${ctx.webUrl}/${r.owner}/${r.name}`,
    url: `${ctx.apiUrl}/repos/${r.owner}/${r.name}`,
    link: '',
    ssh_url: `git@fake-gitea:${r.owner}/${r.name}.git`,
    clone_url: `${ctx.webUrl}/${r.owner}/${r.name}.git`,
    original_url: '',
    website: '',
    stars_count: 0,
    forks_count: 0,
    watchers_count: 1,
    open_issues_count: 0,
    open_pr_counter: r.pulls.filter((p) => p.state === 'open').length,
    release_counter: 0,
    default_branch: r.defaultBranch,
    archived: false,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    archived_at: '1970-01-01T01:00:00+01:00',
    permissions: { admin: access === 'admin', push: access === 'admin' || access === 'write', pull: ctx.state.canRead(viewer ?? '', r) },
    has_issues: true,
    has_wiki: true,
    has_pull_requests: true,
    has_projects: true,
    has_releases: true,
    has_packages: true,
    has_actions: false,
    ignore_whitespace_conflicts: false,
    allow_merge_commits: true,
    allow_rebase: true,
    allow_rebase_explicit: true,
    allow_squash_merge: true,
    allow_fast_forward_only_merge: false,
    allow_rebase_update: true,
    default_delete_branch_after_merge: false,
    default_merge_style: 'merge',
    default_allow_maintainer_edit: false,
    avatar_url: '',
    internal: false,
    mirror_interval: '',
    object_format_name: 'sha1',
    mirror_updated: ZERO_TIME,
    repo_transfer: null,
  };
}

function branchInfo(ctx: Urls & Pick<Ctx, 'state'>, repo: FakeRepo, branch: string, viewer: string | null) {
  return { label: branch, ref: branch, sha: repo.branches.get(branch) ?? '', repo_id: repo.id, repo: repoJson(ctx, repo, viewer) };
}

export function pullJson(ctx: Urls & Pick<Ctx, 'state'>, repo: FakeRepo, p: FakePull, viewer: string | null) {
  const web = `${ctx.webUrl}/${repo.owner}/${repo.name}/pulls/${p.number}`;
  const account = (login: string) => userJson(ctx, ctx.state.account(login)!);
  return {
    id: p.id,
    url: web,
    number: p.number,
    user: account(p.poster),
    title: p.title,
    body: p.body,
    labels: [],
    milestone: null,
    assignee: null,
    assignees: null,
    requested_reviewers: p.requestedReviewers.map(account),
    state: p.state,
    draft: isDraftTitle(p.title),
    is_locked: false,
    comments: 0,
    review_comments: 0,
    additions: 1,
    deletions: 0,
    changed_files: 1,
    html_url: web,
    diff_url: `${web}.diff`,
    patch_url: `${web}.patch`,
    mergeable: p.state === 'open',
    merged: p.merged,
    merged_at: p.mergedAt,
    merge_commit_sha: p.merged ? repo.branches.get(p.base)! : null,
    merged_by: p.merged ? account(repo.owner) : null,
    allow_maintainer_edit: false,
    base: branchInfo(ctx, repo, p.base, viewer),
    head: branchInfo(ctx, p.headRepo, p.head, viewer),
    merge_base: repo.branches.get(p.base) ?? '',
    due_date: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    pin_order: 0,
  };
}

export function contentsJson(ctx: Urls & Pick<Ctx, 'state'>, repo: FakeRepo, path: string, content: string | null, ref: string) {
  const sha = content === null ? '' : blobSha(content);
  const api = `${ctx.apiUrl}/repos/${repo.owner}/${repo.name}`;
  const html = `${ctx.webUrl}/${repo.owner}/${repo.name}/src/branch/${ref}/${path}`;
  return {
    name: path.split('/').at(-1)!,
    path,
    sha,
    last_commit_sha: repo.branches.get(ref) ?? ref,
    type: 'file',
    size: content === null ? 0 : Buffer.byteLength(content),
    encoding: content === null ? null : 'base64',
    content: content === null ? null : Buffer.from(content, 'utf8').toString('base64'),
    target: null,
    url: `${api}/contents/${path}?ref=${ref}`,
    html_url: html,
    git_url: `${api}/git/blobs/${sha}`,
    download_url: `${ctx.webUrl}/${repo.owner}/${repo.name}/raw/branch/${ref}/${path}`,
    submodule_git_url: null,
    _links: { self: `${api}/contents/${path}?ref=${ref}`, git: `${api}/git/blobs/${sha}`, html },
  };
}

export function fileResponseJson(ctx: Urls & Pick<Ctx, 'state'>, repo: FakeRepo, path: string, branch: string, commit: FakeCommit, author: FakeAccount) {
  const api = `${ctx.apiUrl}/repos/${repo.owner}/${repo.name}`;
  const person = { name: author.fullName || author.login, email: author.email, date: '2024-05-01T11:00:00+02:00' };
  return {
    content: contentsJson(ctx, repo, path, commit.files.get(path) ?? null, branch),
    commit: {
      url: `${api}/git/commits/${commit.sha}`,
      sha: commit.sha,
      created: '2024-05-01T11:00:00+02:00',
      html_url: `${ctx.webUrl}/${repo.owner}/${repo.name}/commit/${commit.sha}`,
      author: person,
      committer: person,
      parents: commit.parent ? [{ url: `${api}/git/commits/${commit.parent}`, sha: commit.parent, created: '2024-05-01T10:00:00+02:00' }] : [],
      message: `${commit.message}\n`,
      tree: { url: `${api}/git/trees/${commit.sha}`, sha: commit.sha, created: '2024-05-01T11:00:00+02:00' },
    },
    verification: { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' },
  };
}

export function branchJson(ctx: Urls & Pick<Ctx, 'state'>, repo: FakeRepo, name: string) {
  const sha = repo.branches.get(name)!;
  const commit = ctx.state.commits.get(sha)!;
  return {
    name,
    commit: { id: sha, message: `${commit.message}\n`, url: `${ctx.webUrl}/${repo.owner}/${repo.name}/commit/${sha}`, timestamp: '2024-05-01T11:00:00+02:00' },
    protected: false,
    required_approvals: 0,
    enable_status_check: false,
    status_check_contexts: [],
    user_can_push: true,
    user_can_merge: true,
    effective_branch_protection_name: '',
  };
}

export function reviewRequestJson(ctx: Urls & Pick<Ctx, 'state'>, repo: FakeRepo, p: FakePull, login: string, id: number) {
  return {
    id,
    user: userJson(ctx, ctx.state.account(login)!),
    team: null,
    state: 'REQUEST_REVIEW',
    body: '',
    commit_id: repo.branches.get(p.head) ?? '',
    stale: false,
    official: false,
    dismissed: false,
    comments_count: 0,
    submitted_at: p.updatedAt,
    updated_at: p.updatedAt,
    html_url: `${ctx.webUrl}/${repo.owner}/${repo.name}/pulls/${p.number}#issuecomment-${id}`,
    pull_request_url: `${ctx.webUrl}/${repo.owner}/${repo.name}/pulls/${p.number}`,
  };
}
