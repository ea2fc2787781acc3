// What the fake Bitbucket Cloud holds: accounts, Atlassian API tokens and access tokens,
// workspaces, repositories with branches, commits and files, pull requests with reviewers, and
// webhooks. Tests seed it directly and read it back to assert effects.
import { createHash, randomUUID } from 'node:crypto';

/** API-token scopes, e.g. "read:repository:bitbucket". */
export type Scope = string;

export interface FakeAccount {
  /** With braces, as Bitbucket writes it: "{a54f16da-…}". */
  uuid: string;
  accountId: string;
  nickname: string;
  displayName: string;
  email: string;
  status: 'active' | 'inactive';
}

export type FakeToken =
  /** An Atlassian API token: Basic email:token, acting as the person. */
  | { kind: 'api'; account: FakeAccount; scopes: Scope[] }
  /** A workspace or repository access token: Bearer, acting as a bot of that workspace/repository. */
  | { kind: 'access'; workspace: string; repo: string | null; scopes: Scope[]; bot: FakeAccount };

export interface FakeWorkspace {
  slug: string;
  uuid: string;
  name: string;
  /** Member account uuids. */
  members: Set<string>;
}

export interface FakeCommit {
  hash: string;
  parents: string[];
  message: string;
  author: FakeAccount | null;
  date: string;
  files: Map<string, string>;
}

export type PullState = 'OPEN' | 'MERGED' | 'DECLINED' | 'SUPERSEDED';

export interface FakePull {
  id: number;
  title: string;
  description: string;
  state: PullState;
  draft: boolean;
  author: FakeAccount;
  /** The repository the source branch lives in: this one, or a fork. */
  sourceRepo: FakeRepo;
  sourceBranch: string;
  destinationBranch: string;
  reviewers: FakeAccount[];
  approvedBy: Set<string>;
  closeSourceBranch: boolean;
  mergeCommit: string | null;
  closedBy: FakeAccount | null;
  reason: string;
  createdOn: string;
  updatedOn: string;
}

export interface FakeHook {
  uuid: string;
  url: string;
  /** Empty: Bitbucket sends no signature. */
  secret: string;
  events: Set<string>;
  active: boolean;
  description?: string;
  createdAt?: string;
}

export interface FakeRepo {
  uuid: string;
  workspace: FakeWorkspace;
  slug: string;
  name: string;
  isPrivate: boolean;
  mainBranch: string;
  createdOn: string;
  updatedOn: string;
  /** Branch name → commit hash. */
  branches: Map<string, string>;
  /** Account uuid → permission; workspace members without an entry may write. */
  permissions: Map<string, 'read' | 'write' | 'admin'>;
  parent: FakeRepo | null;
  pulls: FakePull[];
  hooks: FakeHook[];
}

export interface RepoSeed {
  workspace: string;
  slug: string;
  name?: string;
  isPrivate?: boolean;
  mainBranch?: string;
  files?: Record<string, string>;
  /** A fork of this repository (in another or the same workspace). */
  parent?: FakeRepo;
}

export interface PullSeed {
  sourceBranch: string;
  destinationBranch?: string;
  title?: string;
  description?: string;
  author: FakeAccount;
  state?: PullState;
  draft?: boolean;
  reviewers?: FakeAccount[];
  /** Opened from a fork's branch. */
  sourceRepo?: FakeRepo;
}

const braced = () => `{${randomUUID()}}`;
const lower = (s: string) => s.toLowerCase();

export class FakeBitbucketState {
  readonly accounts = new Map<string, FakeAccount>();
  /** "email:token" for API tokens, the bare value for access tokens. */
  readonly tokens = new Map<string, FakeToken>();
  readonly workspaces = new Map<string, FakeWorkspace>();
  readonly repos = new Map<string, FakeRepo>();
  readonly commits = new Map<string, FakeCommit>();
  private nextCommit = 1;
  // Advances one second per change, so `sort=-updated_on` orders and watermarks are deterministic.
  private clock = Date.parse('2025-05-01T09:00:00Z');

  tick(): string {
    this.clock += 1000;
    // Bitbucket writes microseconds and an explicit offset.
    return new Date(this.clock).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
  }

  addAccount(nickname: string, displayName: string, email = `${lower(nickname)}@example.test`): FakeAccount {
    const account: FakeAccount = {
      uuid: braced(),
      accountId: createHash('sha1').update(nickname).digest('hex').slice(0, 24),
      nickname,
      displayName,
      email,
      status: 'active',
    };
    this.accounts.set(account.uuid, account);
    return account;
  }

  account(uuid: string): FakeAccount | undefined {
    return this.accounts.get(uuid);
  }

  addApiToken(account: FakeAccount, token: string, scopes: Scope[]): void {
    this.tokens.set(`${account.email}:${token}`, { kind: 'api', account, scopes });
  }

  addAccessToken(token: string, workspace: string, repo: string | null, scopes: Scope[]): FakeAccount {
    const bot = this.addAccount(`${workspace}-bot`, `${repo ?? workspace} access token`, `${randomUUID()}@bots.example.test`);
    this.tokens.set(token, { kind: 'access', workspace, repo, scopes, bot });
    return bot;
  }

  addWorkspace(slug: string, members: FakeAccount[], name = slug): FakeWorkspace {
    const workspace: FakeWorkspace = { slug, uuid: braced(), name, members: new Set(members.map((m) => m.uuid)) };
    this.workspaces.set(lower(slug), workspace);
    return workspace;
  }

  workspace(slug: string): FakeWorkspace | undefined {
    return this.workspaces.get(lower(slug));
  }

  commit(parents: string[], files: Map<string, string>, message: string, author: FakeAccount | null): FakeCommit {
    const hash = createHash('sha1')
      .update(`commit ${this.nextCommit++} ${parents.join(' ')} ${message}`)
      .digest('hex');
    const commit: FakeCommit = { hash, parents, message, author, date: this.tick(), files };
    this.commits.set(hash, commit);
    return commit;
  }

  addRepo(seed: RepoSeed): FakeRepo {
    const workspace = this.workspace(seed.workspace);
    if (!workspace) throw new Error(`fake Bitbucket: no workspace ${seed.workspace}`);
    const mainBranch = seed.mainBranch ?? 'main';
    const root = seed.parent
      ? this.commits.get(seed.parent.branches.get(seed.parent.mainBranch)!)!
      : this.commit([], new Map(Object.entries(seed.files ?? { 'README.md': `# ${seed.slug}\n` })), 'Initial commit', null);
    const now = this.tick();
    const repo: FakeRepo = {
      uuid: braced(),
      workspace,
      slug: seed.slug,
      name: seed.name ?? seed.slug,
      isPrivate: seed.isPrivate ?? true,
      mainBranch,
      createdOn: now,
      updatedOn: now,
      branches: new Map([[mainBranch, root.hash]]),
      permissions: new Map(),
      parent: seed.parent ?? null,
      pulls: [],
      hooks: [],
    };
    this.repos.set(lower(`${workspace.slug}/${repo.slug}`), repo);
    return repo;
  }

  repo(workspace: string, slug: string): FakeRepo | undefined {
    return this.repos.get(lower(`${workspace}/${slug}`));
  }

  /** The file at a branch or commit, or undefined. */
  file(repo: FakeRepo, refOrHash: string, path: string): string | undefined {
    const hash = repo.branches.get(refOrHash) ?? refOrHash;
    return this.commits.get(hash)?.files.get(path.replace(/^\/+/, ''));
  }

  /** Commit file changes on top of a branch (created from `parent` when missing); returns the commit. */
  writeFiles(repo: FakeRepo, branch: string, files: Record<string, string>, message: string, author: FakeAccount | null, parent?: string): FakeCommit {
    const base = this.commits.get(parent ?? repo.branches.get(branch) ?? repo.branches.get(repo.mainBranch)!)!;
    const next = new Map(base.files);
    for (const [path, content] of Object.entries(files)) next.set(path.replace(/^\/+/, ''), content);
    const commit = this.commit([base.hash], next, message, author);
    repo.branches.set(branch, commit.hash);
    repo.updatedOn = commit.date;
    return commit;
  }

  addPull(repo: FakeRepo, seed: PullSeed): FakePull {
    const now = this.tick();
    const pull: FakePull = {
      id: repo.pulls.length + 1,
      title: seed.title ?? seed.sourceBranch,
      description: seed.description ?? '',
      state: seed.state ?? 'OPEN',
      draft: seed.draft ?? false,
      author: seed.author,
      sourceRepo: seed.sourceRepo ?? repo,
      sourceBranch: seed.sourceBranch,
      destinationBranch: seed.destinationBranch ?? repo.mainBranch,
      reviewers: seed.reviewers ?? [],
      approvedBy: new Set(),
      closeSourceBranch: false,
      mergeCommit: null,
      closedBy: null,
      reason: '',
      createdOn: now,
      updatedOn: now,
    };
    repo.pulls.push(pull);
    return pull;
  }

  /** What the account may do in the repository, or null when it cannot see it. */
  permission(account: FakeAccount, repo: FakeRepo): 'read' | 'write' | 'admin' | null {
    const explicit = repo.permissions.get(account.uuid);
    if (explicit) return explicit;
    if (repo.workspace.members.has(account.uuid)) return 'write';
    return repo.isPrivate ? null : 'read';
  }

  addHook(repo: FakeRepo, hook: { url: string; secret?: string; events?: string[] }): FakeHook {
    const created: FakeHook = {
      uuid: braced(),
      url: hook.url,
      secret: hook.secret ?? '',
      events: new Set(
        hook.events ?? [
          'pullrequest:created',
          'pullrequest:updated',
          'pullrequest:fulfilled',
          'pullrequest:rejected',
          'pullrequest:approved',
          'pullrequest:unapproved',
        ],
      ),
      active: true,
    };
    repo.hooks.push(created);
    return created;
  }
}
