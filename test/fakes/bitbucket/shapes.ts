// JSON bodies shaped like Bitbucket Cloud's (a faithful subset of each object's fields; the
// fake's own tests check them against the description's response schemas).
import type { FakeAccount, FakeCommit, FakePull, FakeRepo, FakeWorkspace } from './state.ts';

/** Where the fake answers: API root (…/2.0) and web root, for `links`. */
export interface Urls {
  apiUrl: string;
  webUrl: string;
}

const link = (href: string) => ({ href });

export function accountJson(urls: Urls, a: FakeAccount) {
  const id = encodeURIComponent(a.uuid);
  return {
    type: 'user',
    uuid: a.uuid,
    account_id: a.accountId,
    nickname: a.nickname,
    display_name: a.displayName,
    links: { self: link(`${urls.apiUrl}/users/${id}`), html: link(`${urls.webUrl}/${id}/`), avatar: link(`${urls.webUrl}/avatars/${a.accountId}.png`) },
  };
}

export function userJson(urls: Urls, a: FakeAccount) {
  return { ...accountJson(urls, a), account_status: a.status, created_on: '2020-01-01T00:00:00.000000+00:00', has_2fa_enabled: null, is_staff: false };
}

export function workspaceJson(urls: Urls, w: FakeWorkspace) {
  return {
    type: 'workspace',
    uuid: w.uuid,
    slug: w.slug,
    name: w.name,
    is_private: true,
    links: { self: link(`${urls.apiUrl}/workspaces/${w.slug}`), html: link(`${urls.webUrl}/${w.slug}/`) },
  };
}

/** The short form inside other objects (pull request endpoints, webhook payloads). */
export function repoRefJson(urls: Urls, r: FakeRepo) {
  const full = `${r.workspace.slug}/${r.slug}`;
  return {
    type: 'repository',
    uuid: r.uuid,
    full_name: full,
    name: r.name,
    links: { self: link(`${urls.apiUrl}/repositories/${full}`), html: link(`${urls.webUrl}/${full}`) },
  };
}

export function repoJson(urls: Urls, r: FakeRepo) {
  const full = `${r.workspace.slug}/${r.slug}`;
  return {
    ...repoRefJson(urls, r),
    slug: r.slug,
    scm: 'git',
    is_private: r.isPrivate,
    description: '',
    fork_policy: 'allow_forks',
    language: '',
    created_on: r.createdOn,
    updated_on: r.updatedOn,
    size: 1024,
    has_issues: false,
    has_wiki: false,
    mainbranch: { type: 'branch', name: r.mainBranch },
    owner: { type: 'team', uuid: r.workspace.uuid, display_name: r.workspace.name, username: r.workspace.slug },
    workspace: workspaceJson(urls, r.workspace),
    ...(r.parent && { parent: repoRefJson(urls, r.parent) }),
    links: {
      ...repoRefJson(urls, r).links,
      clone: [{ name: 'https', href: `${urls.webUrl}/${full}.git` }],
      pullrequests: link(`${urls.apiUrl}/repositories/${full}/pullrequests`),
    },
  };
}

export function commitJson(urls: Urls, r: FakeRepo, c: FakeCommit) {
  const full = `${r.workspace.slug}/${r.slug}`;
  return {
    type: 'commit',
    hash: c.hash,
    date: c.date,
    message: c.message,
    author: { type: 'author', raw: c.author ? `${c.author.displayName} <${c.author.email}>` : 'Bitbucket <noreply@example.test>' },
    parents: c.parents.map((hash) => ({ type: 'commit', hash, links: { self: link(`${urls.apiUrl}/repositories/${full}/commit/${hash}`) } })),
    links: { self: link(`${urls.apiUrl}/repositories/${full}/commit/${c.hash}`), html: link(`${urls.webUrl}/${full}/commits/${c.hash}`) },
  };
}

export function branchJson(urls: Urls, r: FakeRepo, name: string, target: FakeCommit) {
  const full = `${r.workspace.slug}/${r.slug}`;
  return {
    type: 'branch',
    name,
    target: commitJson(urls, r, target),
    merge_strategies: ['merge_commit', 'squash', 'fast_forward'],
    default_merge_strategy: 'merge_commit',
    links: {
      self: link(`${urls.apiUrl}/repositories/${full}/refs/branches/${encodeURIComponent(name)}`),
      html: link(`${urls.webUrl}/${full}/branch/${encodeURIComponent(name)}`),
    },
  };
}

export function pullJson(urls: Urls, repo: FakeRepo, p: FakePull, hashOf: (r: FakeRepo, branch: string) => string | undefined) {
  const full = `${repo.workspace.slug}/${repo.slug}`;
  const endpoint = (r: FakeRepo, branch: string) => ({
    branch: { name: branch },
    commit: { hash: (hashOf(r, branch) ?? '0000000000000').slice(0, 12) },
    repository: repoRefJson(urls, r),
  });
  return {
    type: 'pullrequest',
    id: p.id,
    title: p.title,
    description: p.description,
    summary: { raw: p.description, markup: 'markdown', html: '' },
    state: p.state,
    draft: p.draft,
    author: accountJson(urls, p.author),
    source: endpoint(p.sourceRepo, p.sourceBranch),
    destination: endpoint(repo, p.destinationBranch),
    // The description has no nulls (Swagger 2.0): an unset object is left out.
    ...(p.mergeCommit && { merge_commit: { hash: p.mergeCommit.slice(0, 12) } }),
    reviewers: p.reviewers.map((r) => accountJson(urls, r)),
    participants: [
      ...p.reviewers.map((r) => ({
        type: 'participant',
        user: accountJson(urls, r),
        role: 'REVIEWER',
        approved: p.approvedBy.has(r.uuid),
        ...(p.approvedBy.has(r.uuid) && { state: 'approved', participated_on: p.updatedOn }),
      })),
    ],
    close_source_branch: p.closeSourceBranch,
    ...(p.closedBy && { closed_by: accountJson(urls, p.closedBy) }),
    reason: p.reason,
    comment_count: 0,
    task_count: 0,
    created_on: p.createdOn,
    updated_on: p.updatedOn,
    links: {
      self: link(`${urls.apiUrl}/repositories/${full}/pullrequests/${p.id}`),
      html: link(`${urls.webUrl}/${full}/pull-requests/${p.id}`),
    },
  };
}

/** Bitbucket's error body: `{"type": "error", "error": {"message", "detail"?, "fields"?}}`. */
export function errorJson(message: string, extra: { detail?: unknown; fields?: Record<string, string[]> } = {}) {
  return { type: 'error', error: { message, ...extra } };
}
