// GitProvider for Azure DevOps Services. A repository's owner is its organisation; the project
// comes from the Baton project's settings.

import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { HookCapability } from '../hooks.ts';
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
import { type AzureDevOpsClient, assertRefsUpdated, type ClientTuning, createAzureDevOpsClient, PATHS, ZERO_ID } from './client.ts';
import { azureDevOpsHooks } from './hooks.ts';
import * as S from './schema.ts';

export const azureDevOpsSettings = z.object({
  organization: z.string().min(1),
  project: z.string().min(1),
});
export type AzureDevOpsSettings = z.infer<typeof azureDevOpsSettings>;

export const AZURE_DEVOPS_BASE_URL = 'https://dev.azure.com';

export const azureDevOpsCapabilities: Capabilities = {
  branchWithFileInOneCall: true,
  reviewerIdentity: 'id',
  draftPullRequests: true,
  // Newest created first: an old PR updated today is not on the first page.
  listsByUpdate: false,
  conditionalListing: false,
  updatedSinceListing: false,
};

// Azure DevOps refuses longer pull request descriptions.
const MAX_DESCRIPTION = 4000;
const heads = (branch: string) => `refs/heads/${branch}`;

export class AzureDevOpsProvider implements GitProvider {
  readonly kind = 'ado' as const;
  readonly capabilities = azureDevOpsCapabilities;
  readonly hooks: HookCapability;
  private readonly client: AzureDevOpsClient;
  private readonly project: string;
  private readonly baseUrl: string;

  constructor(connection: ProviderConnection, tuning: ClientTuning = {}) {
    const settings = azureDevOpsSettings.safeParse(connection.settings);
    if (!settings.success) throw new ProviderError('validation', 'Azure DevOps settings need an organization and a project');
    this.project = settings.data.project;
    this.baseUrl = (connection.baseUrl || AZURE_DEVOPS_BASE_URL).replace(/\/+$/, '');
    this.client = createAzureDevOpsClient({ ...connection, baseUrl: this.baseUrl }, tuning);
    this.hooks = azureDevOpsHooks(this.client, this.project);
  }

  private orgUrl(owner: string): string {
    return `${this.baseUrl}/${encodeURIComponent(owner)}`;
  }

  private at(repo: RepoRef, extra: Record<string, string | number> = {}) {
    return { organization: repo.owner, project: this.project, repositoryId: repo.name, ...extra };
  }

  private toRepo(owner: string, r: S.Repository): Repo {
    return {
      owner,
      name: r.name,
      externalId: r.id,
      // An empty repository has no default branch yet; `main` is what its first push will make.
      defaultBranch: r.defaultBranch?.replace(/^refs\/heads\//, '') ?? 'main',
      webUrl: r.webUrl ?? `${this.orgUrl(owner)}/${encodeURIComponent(r.project.name)}/_git/${encodeURIComponent(r.name)}`,
      private: r.project.visibility !== 'public',
    };
  }

  validateCredential(owner: string): Promise<CredentialCheck> {
    return validateCredential(this.client, owner, this.project);
  }

  async listRepositories(owner: string, query: { search?: string; page: number; perPage: number }): Promise<{ items: Repo[]; hasMore: boolean }> {
    // The repositories route has no paging or search: filter and page here.
    const { data } = await this.client.request(S.Repositories, {
      method: 'GET',
      path: PATHS.repositories,
      params: { organization: owner, project: this.project },
    });
    const needle = query.search?.toLowerCase();
    const all = data.value.filter((r) => !r.isDisabled && (!needle || r.name.toLowerCase().includes(needle))).sort((a, b) => a.name.localeCompare(b.name));
    const start = (query.page - 1) * query.perPage;
    return { items: all.slice(start, start + query.perPage).map((r) => this.toRepo(owner, r)), hasMore: all.length > start + query.perPage };
  }

  async getRepository(ref: RepoRef): Promise<Repo> {
    const { data } = await this.client.request(S.Repository, { method: 'GET', path: PATHS.repository, params: this.at(ref) });
    return this.toRepo(ref.owner, data);
  }

  async publishFile(input: PublishFileInput): Promise<PublishFileResult> {
    const path = `/${input.path.replace(/^\/+/, '')}`;
    const base = await this.headOf(input.repo, input.baseBranch);
    if (!base) throw new ProviderError('not_found', `Branch ${input.baseBranch} not found in ${input.repo.name}`);
    // Optimistic: create the branch and add the file in one push, in the documented form for a
    // new branch (the pushes example "saving in a new branch"): the new ref's `oldObjectId` is the
    // base tip it starts from. A branch that exists already and has moved on is refused with 409.
    try {
      return { branchCreated: true, commit: await this.push(input, path, base, 'add') };
    } catch (err) {
      if (isProviderError(err, 'conflict')) return this.writeToExistingBranch(input, path);
      if (isProviderError(err, 'validation')) return this.branchFromBaseHoldingFile(input, path, base, err);
      throw err;
    }
  }

  /** The commit a branch points at, or null. `filter` is a prefix match, so pick the exact name. */
  private async headOf(repo: RepoRef, branch: string): Promise<string | null> {
    const { data } = await this.client.request(S.Refs, { method: 'GET', path: PATHS.refs, params: this.at(repo), query: { filter: `heads/${branch}` } });
    return data.value.find((r) => r.name === heads(branch))?.objectId ?? null;
  }

  private async readFile(repo: RepoRef, path: string, commit: string): Promise<string | null> {
    try {
      const { data } = await this.client.request(S.Item, {
        method: 'GET',
        path: PATHS.item,
        params: this.at(repo),
        query: { path, 'versionDescriptor.version': commit, 'versionDescriptor.versionType': 'commit', includeContent: true, $format: 'json' },
      });
      return data.content ?? '';
    } catch (err) {
      if (isProviderError(err, 'not_found')) return null;
      throw err;
    }
  }

  /** One push: one commit with one change on top of `oldObjectId`, moving `branch` (or creating it) from there. */
  private async push(input: PublishFileInput, path: string, oldObjectId: string, changeType: 'add' | 'edit'): Promise<string> {
    const { data } = await this.client.request(S.Push, {
      method: 'POST',
      path: PATHS.pushes,
      params: this.at(input.repo),
      body: {
        refUpdates: [{ name: heads(input.branch), oldObjectId }],
        commits: [
          {
            comment: input.message,
            changes: [{ changeType, item: { path }, newContent: { content: input.content, contentType: 'rawText' } }],
          },
        ],
      },
    });
    assertRefsUpdated(data.refUpdates);
    const commit = data.commits.at(-1)?.commitId ?? data.refUpdates[0]?.newObjectId;
    if (!commit) throw new ProviderError('validation', `Azure DevOps accepted the push to ${input.branch} but reported no commit`);
    return commit;
  }

  private async writeToExistingBranch(input: PublishFileInput, path: string): Promise<PublishFileResult> {
    const head = await this.headOf(input.repo, input.branch);
    if (!head) throw new ProviderError('conflict', `Branch ${input.branch} changed while Baton was writing to it; try again`);
    const current = await this.readFile(input.repo, path, head);
    if (current === input.content) return { branchCreated: false, commit: null };
    return { branchCreated: false, commit: await this.push(input, path, head, current === null ? 'add' : 'edit') };
  }

  /** The add was refused (400) because the base already has the file, e.g. a ticket started again after its merge. */
  private async branchFromBaseHoldingFile(input: PublishFileInput, path: string, base: string, refusal: ProviderError): Promise<PublishFileResult> {
    const current = await this.readFile(input.repo, path, base);
    if (current === null) throw refusal;
    if (current !== input.content) return { branchCreated: true, commit: await this.push(input, path, base, 'edit') };
    const { data } = await this.client.request(S.RefUpdateResults, {
      method: 'POST',
      path: PATHS.refs,
      params: this.at(input.repo),
      body: [{ name: heads(input.branch), oldObjectId: ZERO_ID, newObjectId: base }],
    });
    assertRefsUpdated(data.value);
    return { branchCreated: true, commit: null };
  }

  async openPullRequest(input: OpenPullRequestInput): Promise<{ pullRequest: PullRequest; adopted: boolean }> {
    try {
      const { data, observedAt } = await this.client.request(S.PullRequest, {
        method: 'POST',
        path: PATHS.pullRequests,
        params: this.at(input.repo),
        body: {
          sourceRefName: heads(input.head),
          targetRefName: heads(input.base),
          title: input.title,
          description: truncate(input.body, MAX_DESCRIPTION),
          isDraft: input.draft,
        },
      });
      return { pullRequest: toPullRequest(data, observedAt, this.orgUrl(input.repo.owner)), adopted: false };
    } catch (err) {
      // TF401179: an active pull request for this source and target already exists.
      if (!(isProviderError(err, 'conflict') && err.message.includes('TF401179'))) throw err;
    }
    const existing = await this.activePullRequestFor(input.repo, input.head, input.base);
    if (!existing) throw new ProviderError('conflict', `Azure DevOps reports an open pull request for ${input.head} but lists none`);
    return { pullRequest: existing, adopted: true };
  }

  private async activePullRequestFor(repo: RepoRef, head: string, base: string): Promise<PullRequest | null> {
    const { data, observedAt } = await this.client.request(S.PullRequests, {
      method: 'GET',
      path: PATHS.pullRequests,
      params: this.at(repo),
      query: { 'searchCriteria.sourceRefName': heads(head), 'searchCriteria.status': 'active' },
    });
    // The source branch name alone also matches forks' pull requests: a fork's branch of the same
    // name is somebody else's work, so Start work never adopts it.
    const ours = data.value.filter((p) => !p.forkSource);
    const match = ours.find((p) => p.targetRefName === heads(base)) ?? ours[0];
    return match ? toPullRequest(match, observedAt, this.orgUrl(repo.owner)) : null;
  }

  async updatePullRequest(repo: RepoRef, number: number, change: { title?: string; body?: string }): Promise<PullRequest> {
    const body = {
      ...(change.title === undefined ? {} : { title: change.title }),
      ...(change.body === undefined ? {} : { description: truncate(change.body, MAX_DESCRIPTION) }),
    };
    const { data, observedAt } = await this.client.request(S.PullRequest, {
      method: 'PATCH',
      path: PATHS.pullRequest,
      params: this.at(repo, { pullRequestId: number }),
      body,
    });
    return toPullRequest(data, observedAt, this.orgUrl(repo.owner));
  }

  async getPullRequest(repo: RepoRef, number: number): Promise<PullRequest> {
    const { data, observedAt } = await this.client.request(S.PullRequest, {
      method: 'GET',
      path: PATHS.pullRequest,
      params: this.at(repo, { pullRequestId: number }),
    });
    return toPullRequest(data, observedAt, this.orgUrl(repo.owner));
  }

  async requestReviewer(repo: RepoRef, pullRequest: PullRequest, reviewer: Reviewer): Promise<'requested' | 'already-requested'> {
    // Reviewers are added by identity id: a sign-in address in the URL is never sent.
    const id = reviewer.externalUserId;
    if (!id) {
      throw new ProviderError(
        'validation',
        `Azure DevOps adds reviewers by identity id, and none is on record for ${reviewer.login}: they can add their Azure DevOps credential again`,
      );
    }
    if (pullRequest.requestedReviewers.some((r) => r.toLowerCase() === id.toLowerCase())) return 'already-requested';
    // PUT resets an existing reviewer's vote to 0, so it must only ever add a new one.
    await this.client.request(S.Reviewer, {
      method: 'PUT',
      path: PATHS.reviewer,
      params: this.at(repo, { pullRequestId: pullRequest.number, reviewerId: id }),
      body: { id, vote: 0 },
    });
    return 'requested';
  }

  async listPullRequests(repo: RepoRef, query: { page: number; perPage: number; etag?: string | null }): Promise<ConditionalList> {
    // Newest first (by id) as the service lists them; one extra item tells whether more exist.
    const { data, observedAt } = await this.client.request(S.PullRequests, {
      method: 'GET',
      path: PATHS.pullRequests,
      params: this.at(repo),
      query: { 'searchCriteria.status': 'all', $top: query.perPage + 1, $skip: (query.page - 1) * query.perPage },
    });
    const items = data.value.slice(0, query.perPage).map((p) => toPullRequest(p, observedAt, this.orgUrl(repo.owner)));
    return { notModified: false, page: { items, hasMore: data.value.length > query.perPage }, etag: null };
  }
}

export function createAzureDevOpsProvider(connection: ProviderConnection, tuning: ClientTuning = {}): GitProvider {
  return new AzureDevOpsProvider(connection, tuning);
}

/**
 * Normalise an Azure DevOps pull request. `observedAt` orders it against other sightings: ADO
 * keeps no "last updated" time on a pull request, so the time the service answered (or a
 * service hook's `createdDate`) stands in for it — see README, "Ordering".
 */
export function toPullRequest(pr: S.PullRequest, observedAt: string, orgUrl: string | null): PullRequest {
  const { repository } = pr;
  const repoWeb =
    repository.webUrl ??
    (orgUrl
      ? `${orgUrl}/${encodeURIComponent(repository.project.name)}/_git/${encodeURIComponent(repository.name)}`
      : // remoteUrl is the web address with the organisation as user name: https://org@dev.azure.com/org/project/_git/repo
        withoutUserInfo(repository.remoteUrl ?? ''));
  return {
    number: pr.pullRequestId,
    externalId: String(pr.pullRequestId),
    url: `${repoWeb}/pullrequest/${pr.pullRequestId}`,
    title: pr.title,
    body: pr.description ?? '',
    state: pr.status === 'completed' ? 'merged' : pr.status === 'abandoned' ? 'closed' : pr.isDraft ? 'draft' : 'open',
    headBranch: pr.sourceRefName.replace(/^refs\/heads\//, ''),
    baseBranch: pr.targetRefName.replace(/^refs\/heads\//, ''),
    updatedAt: latest([observedAt, pr.creationDate, pr.closedDate]),
    requestedReviewers: (pr.reviewers ?? []).map((r) => r.id),
    fromFork: !!pr.forkSource,
  };
}

function latest(dates: (string | null | undefined)[]): string {
  const times = dates.map((d) => Date.parse(d ?? '')).filter((t) => !Number.isNaN(t));
  return new Date(times.length ? Math.max(...times) : 0).toISOString();
}

function withoutUserInfo(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}

function isProviderError(err: unknown, kind: ProviderError['kind']): err is ProviderError {
  return err instanceof ProviderError && err.kind === kind;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const PROBE_SCOPES = { code: 'vso.code', codeWrite: 'vso.code_write' } as const;

/** The one scope a token needs, as the PAT page names it; reported in these words when missing. */
export const NEEDED_SCOPES = { code: 'Code: Read & write' } as const;

/**
 * Who the token belongs to comes from the organisation's connectionData, which any token valid
 * there may read — an organisation-scoped PAT included, which may not call the global
 * `profiles/me`. Its identity id is what reviewers are added by. A PAT's scopes cannot be read
 * back, so Code is probed with a read and an empty (harmless) ref update.
 */
async function validateCredential(client: AzureDevOpsClient, owner: string, project: string): Promise<CredentialCheck> {
  // A bad token, or one scoped to other organisations, is refused here: ProviderError('auth').
  const { data } = await client.request(S.ConnectionData, { method: 'GET', path: PATHS.connectionData, params: { organization: owner } });
  const user = data.authenticatedUser;
  const login = user.properties?.Account?.$value;
  // An anonymous caller gets connectionData too, as a public-access identity without an account.
  if (!login) throw new ProviderError('auth', `Azure DevOps did not recognise the token as a user of ${owner}`);

  const granted: string[] = [];
  const missing = new Set<string>();
  const probe = async <T>(scope: string, call: () => Promise<T>): Promise<T | null> => {
    try {
      const result = await call();
      granted.push(scope);
      return result;
    } catch (err) {
      if (!isProviderError(err, 'auth') && !isProviderError(err, 'forbidden')) throw err;
      missing.add(NEEDED_SCOPES.code);
      return null;
    }
  };
  const repos = await probe(PROBE_SCOPES.code, () =>
    client.request(S.Repositories, { method: 'GET', path: PATHS.repositories, params: { organization: owner, project } }),
  );
  const first = repos?.data.value[0];
  if (first) {
    // An empty ref update list writes nothing but still needs the write scope.
    await probe(PROBE_SCOPES.codeWrite, () =>
      client.request(S.RefUpdateResults, { method: 'POST', path: PATHS.refs, params: { organization: owner, project, repositoryId: first.id }, body: [] }),
    );
  }
  return { login, externalUserId: user.id, displayName: user.providerDisplayName ?? null, scopes: granted, missing: [...missing], expiresAt: null };
}
