// GitProvider for github.com, GitHub Enterprise Cloud and Enterprise Server (by base URL).
import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { HookCapability } from '../hooks.ts';
import type { HttpTuning } from '../http.ts';
import type { IssueCapability } from '../issues.ts';
import type { ReleaseCapability } from '../releases.ts';
import type {
  Capabilities,
  ConditionalList,
  CredentialCheck,
  GitProvider,
  OpenPullRequestInput,
  ProviderConnection,
  PublishFileInput,
  PublishFileResult,
  PullRequest,
  Repo,
  RepoRef,
  Reviewer,
} from '../types.ts';
import { createGitHubClient, type GitHubClient } from './client.ts';
import { gitHubHooks } from './hooks.ts';
import { gitHubIssues } from './issues.ts';
import { gitHubReleases } from './releases.ts';
import {
  fileSchema,
  fileWriteSchema,
  pullListSchema,
  pullSchema,
  refSchema,
  repoListSchema,
  repoSchema,
  repoSearchSchema,
  toPullRequest,
  toRepo,
  userSchema,
} from './schema.ts';

const CAPABILITIES: Capabilities = {
  // The contents API only writes to an existing branch, so a new branch costs one call more.
  branchWithFileInOneCall: false,
  reviewerIdentity: 'login',
  draftPullRequests: true,
  listsByUpdate: true,
  conditionalListing: true,
  updatedSinceListing: false,
};

export const FINE_GRAINED_NEEDS = ['Metadata: read', 'Contents: write', 'Pull requests: write'] as const;

// Probes ask GitHub for writes that can never succeed: GitHub checks permissions before input,
// so 422 means "allowed" and 403 means "lacks the permission". See README.md.
const ZERO_SHA = '0'.repeat(40);

const at = (repo: RepoRef) => ({ owner: repo.owner, repo: repo.name });
const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const hasNext = (link: string | undefined) => /rel="next"/.test(link ?? '');
const isRejection = (error: unknown, pattern: RegExp) => error instanceof ProviderError && error.kind === 'validation' && pattern.test(error.message);

/** `github-authentication-token-expiration: 2025-09-01 12:00:00 UTC` (or a ±hhmm offset). */
export function parseTokenExpiry(value: string | undefined): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{2}:?\d{2})$/.exec(value?.trim() ?? '');
  if (!m) return null;
  const zone = m[3] === 'UTC' ? 'Z' : `${m[3].slice(0, 3)}:${m[3].slice(-2)}`;
  const date = new Date(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export class GitHubProvider implements GitProvider {
  readonly kind = 'github' as const;
  readonly capabilities = CAPABILITIES;
  readonly hooks: HookCapability;
  readonly releases: ReleaseCapability;
  readonly issues: IssueCapability;
  private readonly client: GitHubClient;
  private login: Promise<string> | null = null;

  constructor(connection: ProviderConnection, options: HttpTuning = {}) {
    this.client = createGitHubClient(connection, options);
    this.hooks = gitHubHooks(this.client);
    this.releases = gitHubReleases(this.client);
    this.issues = gitHubIssues(this.client);
  }

  async validateCredential(owner: string): Promise<CredentialCheck> {
    const { data, headers } = await this.client.request('GET /user', {}, userSchema);
    this.login = Promise.resolve(data.login);
    const identity = { login: data.login, externalUserId: String(data.id), displayName: data.name ?? null };
    const expiresAt = parseTokenExpiry(headers['github-authentication-token-expiration']);
    // Classic tokens (and OAuth tokens) always carry X-OAuth-Scopes; fine-grained ones never do.
    const scopeHeader = headers['x-oauth-scopes'];
    if (scopeHeader !== undefined) {
      const scopes = scopeHeader
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return { ...identity, scopes, missing: scopes.includes('repo') ? [] : ['repo'], expiresAt };
    }
    return { ...identity, scopes: [], missing: await this.probePermissions(owner), expiresAt };
  }

  private async probePermissions(owner: string): Promise<string[]> {
    // A fine-grained token lists exactly the repositories it was granted.
    const { data } = await this.client.request('GET /user/repos', { sort: 'pushed', per_page: 100 }, repoListSchema);
    const repo = data.find((r) => sameLogin(r.owner.login, owner));
    if (!repo) return [...FINE_GRAINED_NEEDS];
    const target = { owner: repo.owner.login, repo: repo.name };
    const branch = repo.default_branch;
    const missing: string[] = [];
    // Sequential: GitHub asks for mutations one at a time.
    if (!(await this.permitted('POST /repos/{owner}/{repo}/git/refs', { ...target, ref: 'refs/heads/baton-permission-probe', sha: ZERO_SHA }))) {
      missing.push('Contents: write');
    }
    if (!(await this.permitted('POST /repos/{owner}/{repo}/pulls', { ...target, title: 'Baton permission probe', head: branch, base: branch }))) {
      missing.push('Pull requests: write');
    }
    return missing;
  }

  private async permitted(route: string, params: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.request(route, params, z.unknown());
      return true;
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'validation') return true;
      if (error instanceof ProviderError && (error.kind === 'forbidden' || error.kind === 'not_found')) return false;
      throw error;
    }
  }

  private whoAmI(): Promise<string> {
    this.login ??= this.client.request('GET /user', {}, userSchema).then((r) => r.data.login);
    return this.login;
  }

  async listRepositories(owner: string, query: { search?: string; page: number; perPage: number }): Promise<{ items: Repo[]; hasMore: boolean }> {
    const paging = { per_page: query.perPage, page: query.page };
    const search = query.search?.replace(/[^\w.\- ]/g, ' ').trim();
    if (search) {
      // Listing endpoints cannot filter by name; search can, across users and organisations.
      const q = `${search} in:name user:${owner} fork:true`;
      const { data, headers } = await this.client.request('GET /search/repositories', { q, ...paging }, repoSearchSchema);
      return { items: data.items.map(toRepo), hasMore: hasNext(headers.link) };
    }
    const { data, headers } = await this.listOwnerRepos(owner, paging);
    return { items: data.map(toRepo), hasMore: hasNext(headers.link) };
  }

  private async listOwnerRepos(owner: string, paging: { per_page: number; page: number }) {
    try {
      return await this.client.request('GET /orgs/{org}/repos', { org: owner, sort: 'full_name', ...paging }, repoListSchema);
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error;
    }
    // A user: only /user/repos shows the token owner's private repositories.
    if (sameLogin(await this.whoAmI(), owner)) {
      return this.client.request('GET /user/repos', { affiliation: 'owner', sort: 'full_name', ...paging }, repoListSchema);
    }
    return this.client.request('GET /users/{username}/repos', { username: owner, sort: 'full_name', ...paging }, repoListSchema);
  }

  async getRepository(ref: RepoRef): Promise<Repo> {
    return toRepo((await this.client.request('GET /repos/{owner}/{repo}', at(ref), repoSchema)).data);
  }

  // Happy path: GET base ref → POST ref → PUT file. Idempotent: an existing branch is read
  // instead, and an unchanged file is not committed again.
  async publishFile(input: PublishFileInput): Promise<PublishFileResult> {
    // A second Start work: the file on the branch, read, says the branch exists; no refused POST.
    const onBranch = input.branchExpected ? await this.readFile(input.repo, input.branch, input.path) : null;
    if (onBranch) return { branchCreated: false, commit: onBranch.content === input.content ? null : await this.writeFile(input, onBranch.sha) };
    const repo = at(input.repo);
    const base = await this.client.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...repo, ref: `heads/${input.baseBranch}` }, refSchema);
    let branchCreated = true;
    try {
      await this.client.request('POST /repos/{owner}/{repo}/git/refs', { ...repo, ref: `refs/heads/${input.branch}`, sha: base.data.object.sha }, refSchema);
    } catch (error) {
      if (!isRejection(error, /reference already exists/i)) throw error;
      branchCreated = false;
    }
    const existing = branchCreated ? null : await this.readFile(input.repo, input.branch, input.path);
    if (existing?.content === input.content) return { branchCreated, commit: null };
    return { branchCreated, commit: await this.writeFile(input, existing?.sha) };
  }

  private async readFile(repo: RepoRef, branch: string, path: string): Promise<{ sha: string; content: string } | null> {
    try {
      const { data } = await this.client.request('GET /repos/{owner}/{repo}/contents/{path}', { ...at(repo), path, ref: branch }, fileSchema);
      return { sha: data.sha, content: Buffer.from(data.content.replace(/\s/g, ''), 'base64').toString('utf8') };
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  private async writeFile(input: PublishFileInput, sha: string | undefined): Promise<string | null> {
    const params = {
      ...at(input.repo),
      path: input.path,
      branch: input.branch,
      message: input.message,
      content: Buffer.from(input.content, 'utf8').toString('base64'),
      ...(sha ? { sha } : {}),
    };
    try {
      return (await this.client.request('PUT /repos/{owner}/{repo}/contents/{path}', params, fileWriteSchema)).data.commit.sha;
    } catch (error) {
      // A new branch can inherit the file from its base; GitHub then wants the blob sha.
      if (sha || !isRejection(error, /\bsha\b/i)) throw error;
      const existing = await this.readFile(input.repo, input.branch, input.path);
      if (!existing) throw error;
      return existing.content === input.content ? null : this.writeFile(input, existing.sha);
    }
  }

  async openPullRequest(input: OpenPullRequestInput): Promise<{ pullRequest: PullRequest; adopted: boolean }> {
    const repo = at(input.repo);
    try {
      const params = { ...repo, head: input.head, base: input.base, title: input.title, body: input.body, draft: input.draft };
      const { data } = await this.client.request('POST /repos/{owner}/{repo}/pulls', params, pullSchema);
      return { pullRequest: toPullRequest(data), adopted: false };
    } catch (error) {
      if (!isRejection(error, /pull request already exists/i)) throw error;
      // `head` must be "owner:branch" here; a bare branch name silently matches nothing.
      const open = { ...repo, head: `${input.repo.owner}:${input.head}`, base: input.base, state: 'open', per_page: 1 };
      const { data } = await this.client.request('GET /repos/{owner}/{repo}/pulls', open, pullListSchema);
      if (!data[0]) throw error;
      return { pullRequest: toPullRequest(data[0]), adopted: true };
    }
  }

  async updatePullRequest(repo: RepoRef, number: number, change: { title?: string; body?: string }): Promise<PullRequest> {
    const params = {
      ...at(repo),
      pull_number: number,
      ...(change.title !== undefined && { title: change.title }),
      ...(change.body !== undefined && { body: change.body }),
    };
    return toPullRequest((await this.client.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', params, pullSchema)).data);
  }

  async getPullRequest(repo: RepoRef, number: number): Promise<PullRequest> {
    return toPullRequest((await this.client.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...at(repo), pull_number: number }, pullSchema)).data);
  }

  async requestReviewer(repo: RepoRef, pullRequest: PullRequest, reviewer: Reviewer): Promise<'requested' | 'already-requested'> {
    if (pullRequest.requestedReviewers.some((login) => sameLogin(login, reviewer.login))) return 'already-requested';
    const params = { ...at(repo), pull_number: pullRequest.number, reviewers: [reviewer.login] };
    await this.client.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', params, pullSchema);
    return 'requested';
  }

  async listPullRequests(repo: RepoRef, query: { page: number; perPage: number; etag?: string | null }): Promise<ConditionalList> {
    // Only the first page is conditional: it is the one that changes when anything changes.
    const headers = query.page === 1 && query.etag ? { 'if-none-match': query.etag } : {};
    const params = { ...at(repo), state: 'all', sort: 'updated', direction: 'desc', per_page: query.perPage, page: query.page, headers };
    const response = await this.client.conditional('GET /repos/{owner}/{repo}/pulls', params, pullListSchema);
    if (!response) return { notModified: true };
    const page = { items: response.data.map(toPullRequest), hasMore: hasNext(response.headers.link) };
    return { notModified: false, page, etag: response.headers.etag ?? null };
  }
}

export function createGitHubProvider(connection: ProviderConnection, options: HttpTuning = {}): GitProvider {
  return new GitHubProvider(connection, options);
}
