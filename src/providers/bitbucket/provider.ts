// Bitbucket Cloud through the provider contract. Start work takes three calls: the base
// branch's tip, one form post that creates the branch and commits the spec on it, and the pull
// request with its reviewer. Reruns repair instead of duplicating: a branch that moved answers
// 409, and the spec is then committed on its tip only if it differs.

import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import type { HttpTuning } from '../http.ts';
import type {
  Capabilities,
  ConditionalList,
  CredentialCheck,
  GitProvider,
  ListPullRequestsQuery,
  OpenPullRequestInput,
  ProviderConnection,
  PublishFileInput,
  PublishFileResult,
  PullRequest,
  Repo,
  RepoRef,
  Reviewer,
} from '../types.ts';
import { type BitbucketClient, BitbucketFieldError, createBitbucketClient, MissingScopes } from './client.ts';
import { bitbucketHooks } from './hooks.ts';
import { accountSchema, branchSchema, pageOf, pullSchema, repoSchema, toPullRequest, toRepo } from './schema.ts';

/** What Baton's calls need; write does not imply read. */
export const NEEDED_SCOPES = [
  'read:user:bitbucket',
  'read:workspace:bitbucket',
  'read:repository:bitbucket',
  'write:repository:bitbucket',
  'read:pullrequest:bitbucket',
  'write:pullrequest:bitbucket',
];

const REPO = '/repositories/{workspace}/{repo_slug}';
const PATHS = {
  user: '/user',
  repositories: '/repositories/{workspace}',
  repository: REPO,
  branch: `${REPO}/refs/branches/{name}`,
  src: `${REPO}/src`,
  file: `${REPO}/src/{commit}/{path}`,
  pullRequests: `${REPO}/pullrequests`,
  pullRequest: `${REPO}/pullrequests/{pull_request_id}`,
};

// Bitbucket refuses a pull-request page longer than 50.
const MAX_PAGELEN = 50;
const ALL_STATES: [string, string][] = ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'].map((s) => ['state', s]);

/** A BBQL string literal. */
const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export interface BitbucketConnection extends ProviderConnection {
  /** The Atlassian account email the API token belongs to: the Basic user name. */
  username: string;
}

export function createBitbucketProvider(connection: BitbucketConnection, tuning: HttpTuning = {}): GitProvider {
  const client: BitbucketClient = createBitbucketClient(connection, tuning);
  const params = (repo: RepoRef, extra: Record<string, string | number> = {}) => ({ workspace: repo.owner, repo_slug: repo.name, ...extra });
  const where = (repo: RepoRef) => `${repo.owner}/${repo.name}`;
  // `next` links of listings in progress, so page n+1 is read exactly as Bitbucket linked it.
  const nextLinks = new Map<string, string>();

  const capabilities: Capabilities = {
    branchWithFileInOneCall: true,
    reviewerIdentity: 'id',
    draftPullRequests: true,
    // Sorted by -updated_on and filtered by the watermark on Bitbucket's side; no ETags.
    listsByUpdate: true,
    conditionalListing: false,
    updatedSinceListing: true,
  };

  async function tip(repo: RepoRef, branch: string): Promise<string> {
    const { data } = await client.request({
      method: 'GET',
      path: PATHS.branch,
      params: params(repo, { name: branch }),
      schema: branchSchema,
      subject: where(repo),
    });
    return data.target.hash;
  }

  /** One form post: the commit (and the branch, when new) on top of `parent`; returns the new commit's hash. */
  async function commit(input: PublishFileInput, parent: string): Promise<string> {
    const { headers } = await client.request({
      method: 'POST',
      path: PATHS.src,
      params: params(input.repo),
      form: { branch: input.branch, parents: parent, message: input.message, [`/${input.path}`]: input.content },
      schema: z.unknown(),
      subject: where(input.repo),
    });
    // 201 with the new commit in Location: …/commit/<hash>.
    const hash = /\/commit\/([0-9a-f]{7,40})$/.exec(headers.location ?? '')?.[1];
    return hash ?? tip(input.repo, input.branch);
  }

  async function fileAt(repo: RepoRef, hash: string, path: string): Promise<string | undefined> {
    try {
      return (
        await client.request({
          method: 'GET',
          path: PATHS.file,
          params: params(repo, { commit: hash, path }),
          text: true,
          schema: z.string(),
          subject: where(repo),
        })
      ).data;
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return undefined;
      throw err;
    }
  }

  async function publishFile(input: PublishFileInput): Promise<PublishFileResult> {
    // A second Start work: read the branch's tip rather than be refused a create (409).
    let head = input.branchExpected ? await tipIfAny(input.repo, input.branch) : undefined;
    if (head === undefined) {
      const base = await tip(input.repo, input.baseBranch);
      try {
        return { branchCreated: true, commit: await commit(input, base) };
      } catch (err) {
        // The branch exists with another tip (an earlier run, or someone's commits): commit on
        // top of that tip, unless the spec there is already this one.
        if (!(err instanceof ProviderError) || err.kind !== 'conflict') throw err;
      }
    }
    for (let attempt = 0; ; attempt++) {
      head ??= await tip(input.repo, input.branch);
      if ((await fileAt(input.repo, head, input.path)) === input.content) return { branchCreated: false, commit: null };
      try {
        return { branchCreated: false, commit: await commit(input, head) };
      } catch (err) {
        // Moved again between the two calls: read the new tip once more.
        if (!(err instanceof ProviderError) || err.kind !== 'conflict' || attempt >= 2) throw err;
        head = undefined;
      }
    }
  }

  async function tipIfAny(repo: RepoRef, branch: string): Promise<string | undefined> {
    try {
      return await tip(repo, branch);
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'not_found') return undefined;
      throw err;
    }
  }

  async function findOpen(repo: RepoRef, head: string): Promise<PullRequest | null> {
    // Only from this repository: a fork's branch of the same name is somebody else's work.
    const q = `source.branch.name = ${quoted(head)} AND source.repository.full_name = ${quoted(where(repo))} AND state = "OPEN"`;
    const { data } = await client.request({
      method: 'GET',
      path: PATHS.pullRequests,
      params: params(repo),
      query: [
        ['q', q],
        ['pagelen', 1],
      ],
      schema: pageOf(pullSchema),
      subject: where(repo),
    });
    return data.values[0] ? toPullRequest(data.values[0]) : null;
  }

  async function create(input: OpenPullRequestInput, reviewers: Reviewer[]) {
    const { status, data } = await client.request({
      method: 'POST',
      path: PATHS.pullRequests,
      params: params(input.repo),
      json: {
        title: input.title,
        description: input.body,
        source: { branch: { name: input.head } },
        destination: { branch: { name: input.base } },
        draft: input.draft,
        close_source_branch: false,
        ...(reviewers.length > 0 && { reviewers: reviewers.map((r) => ({ uuid: r.externalUserId })) }),
      },
      schema: pullSchema,
      subject: where(input.repo),
    });
    return { pullRequest: toPullRequest(data), adopted: status !== 201 };
  }

  async function openPullRequest(input: OpenPullRequestInput): Promise<{ pullRequest: PullRequest; adopted: boolean }> {
    // A branch this run just created can have no pull request yet: skip the look.
    if (!input.headCreated) {
      const open = await findOpen(input.repo, input.head);
      if (open) return { pullRequest: open, adopted: true };
    }
    const reviewers = (input.reviewers ?? []).filter((r) => r.externalUserId);
    try {
      return await create(input, reviewers);
    } catch (err) {
      if (!(err instanceof BitbucketFieldError)) throw err;
      // Reviewers refused ("is the author", "not a member of this workspace", "Malformed
      // reviewers list"): open the pull request without them; the review request then reports
      // why (as Renovate does, renovate#10700, renovate#14716).
      if (err.fields.reviewers && reviewers.length > 0) return create(input, []);
      // Opened meanwhile by someone (or a lost answer): adopt it.
      const open = await findOpen(input.repo, input.head);
      if (open) return { pullRequest: open, adopted: true };
      throw err;
    }
  }

  async function getPullRequest(repo: RepoRef, number: number): Promise<PullRequest> {
    const { data } = await client.request({
      method: 'GET',
      path: PATHS.pullRequest,
      params: params(repo, { pull_request_id: number }),
      schema: pullSchema,
      subject: where(repo),
    });
    return toPullRequest(data);
  }

  /**
   * PUT replaces the reviewer list with the one sent (none sent: none kept), so the current list
   * always goes along, with the title, as Renovate's updatePr/addReviewers do.
   */
  async function put(repo: RepoRef, number: number, change: { title: string; description?: string }, reviewers: string[]): Promise<PullRequest> {
    const { data } = await client.request({
      method: 'PUT',
      path: PATHS.pullRequest,
      params: params(repo, { pull_request_id: number }),
      json: { ...change, reviewers: reviewers.map((uuid) => ({ uuid })) },
      schema: pullSchema,
      subject: where(repo),
    });
    return toPullRequest(data);
  }

  async function validateCredential(owner: string): Promise<CredentialCheck> {
    let granted: string[] | null = null;
    const scopesOf = async <T>(call: () => Promise<T>): Promise<T | null> => {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof MissingScopes)) throw err;
        granted = err.granted;
        return null;
      }
    };
    const user = await scopesOf(() => client.request({ method: 'GET', path: PATHS.user, schema: accountSchema }));
    const listed =
      granted === null
        ? await scopesOf(() =>
            client.request({
              method: 'GET',
              path: PATHS.repositories,
              params: { workspace: owner },
              query: [
                ['role', 'member'],
                ['pagelen', 1],
              ],
              schema: pageOf(repoSchema),
              subject: owner,
            }),
          )
        : null;
    const sample = listed?.data.values[0];
    if (granted === null && sample) {
      // An empty pull request is refused for its missing title only once the scopes passed, so
      // it shows whether the token may read and write pull requests without creating anything.
      await scopesOf(async () => {
        try {
          await client.request({ method: 'POST', path: PATHS.pullRequests, params: params(toRepo(sample)), json: {}, schema: z.unknown(), subject: owner });
        } catch (err) {
          if (!(err instanceof BitbucketFieldError)) throw err;
        }
      });
    }
    const has: string[] = granted ?? NEEDED_SCOPES;
    return {
      login: user?.data.nickname ?? user?.data.display_name ?? '',
      externalUserId: user?.data.uuid ?? null,
      displayName: user?.data.display_name ?? null,
      scopes: NEEDED_SCOPES.filter((s) => has.includes(s)),
      missing: NEEDED_SCOPES.filter((s) => !has.includes(s)),
      expiresAt: null,
    };
  }

  async function listRepositories(owner: string, query: { search?: string; page: number; perPage: number }): Promise<{ items: Repo[]; hasMore: boolean }> {
    const q: [string, string | number][] = [
      ['role', 'member'],
      ['sort', 'slug'],
      ['pagelen', query.perPage],
      ['page', query.page],
    ];
    if (query.search?.trim()) q.push(['q', `name ~ ${quoted(query.search.trim())}`]);
    const { data } = await client.request({
      method: 'GET',
      path: PATHS.repositories,
      params: { workspace: owner },
      query: q,
      schema: pageOf(repoSchema),
      subject: owner,
    });
    return { items: data.values.map(toRepo), hasMore: Boolean(data.next) };
  }

  async function listPullRequests(repo: RepoRef, query: ListPullRequestsQuery): Promise<ConditionalList> {
    const key = `${where(repo)} ${query.perPage} ${query.updatedSince ?? ''}`;
    const next = query.page > 1 ? nextLinks.get(`${key} ${query.page}`) : undefined;
    const schema = pageOf(pullSchema);
    let response: { data: z.infer<typeof schema> };
    if (next) response = await client.follow(next, PATHS.pullRequests, schema, where(repo));
    else {
      const q: [string, string | number][] = [...ALL_STATES, ['sort', '-updated_on'], ['pagelen', Math.min(query.perPage, MAX_PAGELEN)]];
      // Bitbucket has no ETag on listings: the watermark query is what keeps an idle repository cheap.
      if (query.updatedSince) q.push(['q', `updated_on >= ${quoted(new Date(query.updatedSince).toISOString())}`]);
      if (query.page > 1) q.push(['page', query.page]);
      response = await client.request({ method: 'GET', path: PATHS.pullRequests, params: params(repo), query: q, schema, subject: where(repo) });
    }
    if (response.data.next) nextLinks.set(`${key} ${query.page + 1}`, response.data.next);
    return { notModified: false, etag: null, page: { items: response.data.values.map((pr) => toPullRequest(pr)), hasMore: Boolean(response.data.next) } };
  }

  return {
    kind: 'bitbucket',
    capabilities,
    hooks: bitbucketHooks(client),
    validateCredential,
    listRepositories,
    getRepository: async (ref) =>
      toRepo((await client.request({ method: 'GET', path: PATHS.repository, params: params(ref), schema: repoSchema, subject: where(ref) })).data),
    publishFile,
    openPullRequest,
    async updatePullRequest(repo, number, change) {
      const current = await getPullRequest(repo, number);
      const description = change.body === undefined ? {} : { description: change.body };
      return put(repo, number, { title: change.title ?? current.title, ...description }, current.requestedReviewers);
    },
    getPullRequest,
    async requestReviewer(repo, pullRequest, reviewer) {
      const uuid = reviewer.externalUserId;
      if (!uuid)
        throw new ProviderError(
          'validation',
          `Bitbucket names reviewers by account UUID; ${reviewer.login} has none on record: they can add their Bitbucket credential again`,
        );
      if (pullRequest.requestedReviewers.includes(uuid)) return 'already-requested';
      await put(repo, pullRequest.number, { title: pullRequest.title }, [...pullRequest.requestedReviewers, uuid]);
      return 'requested';
    },
    listPullRequests,
  };
}
