// GitProvider for Gitea and Forgejo (Codeberg), on any server by base URL (…/api/v1).

import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { HookCapability } from '../hooks.ts';
import type { HttpTuning } from '../http.ts';
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
import { createGiteaClient, type GiteaClient, scopesLacking } from './client.ts';
import { giteaHooks } from './hooks.ts';
import {
  contentsSchema,
  draftTitle,
  fileWriteSchema,
  keepWip,
  pullListSchema,
  pullSchema,
  repoListSchema,
  repoSchema,
  repoSearchSchema,
  toPullRequest,
  toRepo,
  userSchema,
} from './schema.ts';

const CAPABILITIES: Capabilities = {
  // POST contents with `new_branch` creates the branch and commits the file in one request.
  branchWithFileInOneCall: true,
  reviewerIdentity: 'login',
  // As a "WIP:" title prefix: the API has no draft field to set.
  draftPullRequests: true,
  // sort=recentupdate; no ETags, so every run reads at least the first page.
  listsByUpdate: true,
  updatedSinceListing: false,
  conditionalListing: false,
};

/** The token scopes Baton needs, as Gitea names them. */
export const NEEDED_SCOPES = ['read:user', 'write:repository'] as const;

// A repository name Gitea refuses to create (`*.git` is reserved), so a write to it can only ever
// be answered 404 (scope granted) or 403 (scope missing) by the token-scope check before it.
export const SCOPE_PROBE_REPO = 'baton-scope-probe.git';

// Forgejo: "Access tokens with specified repositories can only be used with the read:issue,
// write:issue, read:repository, and write:repository scopes" (home-operations/konflate#494).
const READ_USER_NOTE =
  'Baton learns whose token it is with read:user. A Forgejo token limited to specific repositories cannot have that scope: create one with access to all repositories';

const REPO = '/repos/{owner}/{repo}';
// How far the open list is searched for the PR Gitea says exists: 1,000 open PRs.
const MAX_OPEN_PAGES = 20;
const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const hasNext = (headers: Record<string, string | undefined>) => /rel="next"/.test(headers.link ?? '');
const isRejection = (error: unknown, kind: ProviderError['kind'], pattern: RegExp) =>
  error instanceof ProviderError && error.kind === kind && pattern.test(error.message);
const sameRepo = (r: { name: string; owner: { login: string } }, ref: RepoRef) => sameLogin(r.owner.login, ref.owner) && sameLogin(r.name, ref.name);
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export class GiteaProvider implements GitProvider {
  readonly kind = 'gitea' as const;
  readonly capabilities = CAPABILITIES;
  readonly hooks: HookCapability;
  private readonly client: GiteaClient;

  constructor(connection: ProviderConnection, tuning: HttpTuning = {}) {
    this.client = createGiteaClient(connection, tuning);
    this.hooks = giteaHooks(this.client);
  }

  /** Who the token is (`read:user`) and whether it may write repositories (`write:repository`): two calls. */
  async validateCredential(owner: string): Promise<CredentialCheck> {
    let user: z.infer<typeof userSchema>;
    try {
      user = (await this.client.request(userSchema, { method: 'GET', path: '/user' })).data;
    } catch (error) {
      const lacking = scopesLacking(error);
      if (lacking.length === 0) throw error;
      // Without read:user nobody can be told who the token is; nothing else is worth checking.
      const note = lacking.includes('read:user') ? READ_USER_NOTE : undefined;
      return { login: '', externalUserId: null, displayName: null, scopes: [], missing: lacking, note, expiresAt: null };
    }
    const missing: string[] = [];
    try {
      await this.client.request(z.unknown(), { method: 'PATCH', path: REPO, params: { owner, repo: SCOPE_PROBE_REPO }, body: {} });
    } catch (error) {
      missing.push(...scopesLacking(error));
      if (missing.length === 0 && !(error instanceof ProviderError && (error.kind === 'not_found' || error.kind === 'forbidden'))) throw error;
    }
    return {
      login: user.login,
      externalUserId: String(user.id),
      displayName: user.full_name || null,
      scopes: NEEDED_SCOPES.filter((s) => !missing.includes(s)),
      missing,
      expiresAt: null,
    };
  }

  /**
   * An owner's repositories through /users/{owner}/repos, which serves organisations too and,
   * unlike /orgs/{org}/repos, needs no read:organization. A name search goes through
   * /repos/search, limited to the owner by id.
   */
  async listRepositories(owner: string, query: { search?: string; page: number; perPage: number }): Promise<{ items: Repo[]; hasMore: boolean }> {
    const paging = { page: query.page, limit: query.perPage };
    const search = query.search?.trim();
    if (search) {
      const { data: account } = await this.client.request(userSchema, { method: 'GET', path: '/users/{username}', params: { username: owner } });
      const found = await this.client.request(repoSearchSchema, {
        method: 'GET',
        path: '/repos/search',
        query: { q: search, uid: account.id, exclusive: true, ...paging },
      });
      return { items: found.data.data.map(toRepo), hasMore: hasNext(found.headers) };
    }
    const { data, headers } = await this.client.request(repoListSchema, {
      method: 'GET',
      path: '/users/{username}/repos',
      params: { username: owner },
      query: paging,
    });
    return { items: data.map(toRepo), hasMore: hasNext(headers) };
  }

  async getRepository(ref: RepoRef): Promise<Repo> {
    return toRepo((await this.client.request(repoSchema, { method: 'GET', path: REPO, params: at(ref) })).data);
  }

  /**
   * One call on the happy path: create the file on a new branch made from the base. Gitea
   * answers 422 when the branch exists (a second run) or the base already holds the file (a
   * ticket started again after its merge); each case is then finished with what it needs.
   */
  async publishFile(input: PublishFileInput): Promise<PublishFileResult> {
    // A second Start work: the file on the branch, read, says the branch exists; no refused POST.
    const onBranch = input.branchExpected ? await this.readFile(input.repo, input.branch, input.path) : null;
    if (onBranch) {
      const commit = onBranch.content === input.content ? null : await this.writeFile('PUT', input, { branch: input.branch, sha: onBranch.sha });
      return { branchCreated: false, commit };
    }
    try {
      const commit = await this.writeFile('POST', input, { branch: input.baseBranch, new_branch: input.branch });
      return { branchCreated: true, commit };
    } catch (error) {
      if (isRejection(error, 'validation', /branch already exists/i)) return { branchCreated: false, commit: await this.writeOnBranch(input) };
      if (isRejection(error, 'validation', /file already exists/i)) return this.branchFromBaseHoldingFile(input, error as ProviderError);
      throw error;
    }
  }

  private async writeOnBranch(input: PublishFileInput): Promise<string | null> {
    const existing = await this.readFile(input.repo, input.branch, input.path);
    if (existing?.content === input.content) return null;
    if (existing) return this.writeFile('PUT', input, { branch: input.branch, sha: existing.sha });
    return this.writeFile('POST', input, { branch: input.branch });
  }

  private async branchFromBaseHoldingFile(input: PublishFileInput, refusal: ProviderError): Promise<PublishFileResult> {
    const existing = await this.readFile(input.repo, input.baseBranch, input.path);
    if (!existing) throw refusal;
    if (existing.content !== input.content) {
      return { branchCreated: true, commit: await this.writeFile('PUT', input, { branch: input.baseBranch, new_branch: input.branch, sha: existing.sha }) };
    }
    const body = { new_branch_name: input.branch, old_ref_name: input.baseBranch };
    await this.client.request(z.unknown(), { method: 'POST', path: `${REPO}/branches`, params: at(input.repo), body });
    return { branchCreated: true, commit: null };
  }

  private async readFile(repo: RepoRef, ref: string, path: string): Promise<{ sha: string; content: string } | null> {
    try {
      const { data } = await this.client.request(contentsSchema, {
        method: 'GET',
        path: `${REPO}/contents/{filepath}`,
        params: { ...at(repo), filepath: path },
        query: { ref },
      });
      return { sha: data.sha, content: Buffer.from(data.content ?? '', 'base64').toString('utf8') };
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') return null;
      throw error;
    }
  }

  private async writeFile(method: 'POST' | 'PUT', input: PublishFileInput, where: Record<string, string>): Promise<string> {
    const body = { content: base64(input.content), message: input.message, ...where };
    const { data } = await this.client.request(fileWriteSchema, {
      method,
      path: `${REPO}/contents/{filepath}`,
      params: { ...at(input.repo), filepath: input.path },
      body,
    });
    return data.commit.sha;
  }

  async openPullRequest(input: OpenPullRequestInput): Promise<{ pullRequest: PullRequest; adopted: boolean }> {
    const title = input.draft ? draftTitle(input.title) : input.title;
    try {
      const body = { head: input.head, base: input.base, title, body: input.body };
      const { data } = await this.client.request(pullSchema, { method: 'POST', path: `${REPO}/pulls`, params: at(input.repo), body });
      return { pullRequest: toPullRequest(data), adopted: false };
    } catch (error) {
      // 409: an open PR from this head into this base exists.
      if (!isRejection(error, 'conflict', /pull request already exists/i)) throw error;
      return { pullRequest: await this.openPullFor(input.repo, input.base, input.head, error as ProviderError), adopted: true };
    }
  }

  /**
   * The open PR from `head` into `base`. `GET /pulls` ignores a head filter (git-pkgs/forge#111);
   * `/pulls/{base}/{head}` answers the first PR for the pair in any state, so when that one is
   * closed the open one is looked for in the open list.
   */
  private async openPullFor(repo: RepoRef, base: string, head: string, conflict: ProviderError): Promise<PullRequest> {
    const { data } = await this.client.request(pullSchema, { method: 'GET', path: `${REPO}/pulls/{base}/{head}`, params: { ...at(repo), base, head } });
    if (data.state === 'open') return toPullRequest(data);
    for (let page = 1; page <= MAX_OPEN_PAGES; page++) {
      const open = await this.client.request(pullListSchema, {
        method: 'GET',
        path: `${REPO}/pulls`,
        params: at(repo),
        query: { state: 'open', page, limit: 50 },
      });
      const match = open.data.find((p) => p.head.ref === head && p.base.ref === base && (!p.head.repo || sameRepo(p.head.repo, repo)));
      if (match) return toPullRequest(match);
      if (!hasNext(open.headers)) break;
    }
    throw conflict;
  }

  /** A title change keeps a draft's "WIP:" prefix: without it the PR would be published. */
  async updatePullRequest(repo: RepoRef, number: number, change: { title?: string; body?: string }): Promise<PullRequest> {
    const current = change.title === undefined ? null : await this.rawPull(repo, number);
    const body = {
      ...(change.title !== undefined && { title: keepWip(current!.title, change.title) }),
      ...(change.body !== undefined && { body: change.body }),
    };
    const { data } = await this.client.request(pullSchema, { method: 'PATCH', path: `${REPO}/pulls/{index}`, params: { ...at(repo), index: number }, body });
    return toPullRequest(data);
  }

  private async rawPull(repo: RepoRef, number: number) {
    return (await this.client.request(pullSchema, { method: 'GET', path: `${REPO}/pulls/{index}`, params: { ...at(repo), index: number } })).data;
  }

  async getPullRequest(repo: RepoRef, number: number): Promise<PullRequest> {
    return toPullRequest(await this.rawPull(repo, number));
  }

  async requestReviewer(repo: RepoRef, pullRequest: PullRequest, reviewer: Reviewer): Promise<'requested' | 'already-requested'> {
    if (pullRequest.requestedReviewers.some((login) => sameLogin(login, reviewer.login))) return 'already-requested';
    await this.client.request(z.array(z.unknown()), {
      method: 'POST',
      path: `${REPO}/pulls/{index}/requested_reviewers`,
      params: { ...at(repo), index: pullRequest.number },
      body: { reviewers: [reviewer.login] },
    });
    return 'requested';
  }

  /** Most recently updated first; Gitea answers no conditional requests, so every page is read. */
  async listPullRequests(repo: RepoRef, query: { page: number; perPage: number }): Promise<ConditionalList> {
    const { data, headers } = await this.client.request(pullListSchema, {
      method: 'GET',
      path: `${REPO}/pulls`,
      params: at(repo),
      query: { state: 'all', sort: 'recentupdate', page: query.page, limit: query.perPage },
    });
    return { notModified: false, page: { items: data.map(toPullRequest), hasMore: hasNext(headers) }, etag: null };
  }
}

function at(repo: RepoRef) {
  return { owner: repo.owner, repo: repo.name };
}

export function createGiteaProvider(connection: ProviderConnection, tuning: HttpTuning = {}): GitProvider {
  return new GiteaProvider(connection, tuning);
}
