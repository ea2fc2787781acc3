// What the fake GitHub holds: accounts, tokens, repositories with branches, commits and files,
// pull requests. Tests seed it directly and read it back to assert effects.
import { blobSha, type FakeCommit, FakeCommits } from '../common/commits.ts';
import { FakeApp, type FakeAppSeed } from './app.ts';
import type { FakeHook } from './hooks.ts';

export { blobSha, type FakeCommit };

export type Level = 'read' | 'write';
export type FinePermission = 'contents' | 'pull_requests' | 'metadata' | 'repository_hooks' | 'issues';

export interface FakeAccount {
  login: string;
  id: number;
  type: 'User' | 'Organization' | 'Bot';
  name: string | null;
  /** Organisation members (logins); empty for users. */
  members: Set<string>;
}

export type FakeToken =
  | { kind: 'classic'; login: string; scopes: string[]; expiresAt?: Date }
  | {
      kind: 'fine-grained';
      login: string;
      permissions: Partial<Record<FinePermission, Level>>;
      /** The token's resource owner; it sees other owners' public repositories only. */
      owner?: string;
      expiresAt?: Date;
    }
  /** A GitHub App's JWT, checked afresh on every request (never stored). */
  | { kind: 'app'; login: string; appId: number; expiresAt?: undefined }
  /** Acts as the App's bot on the installation's repositories, with the App's permissions. */
  | { kind: 'installation'; login: string; appId: number; installationId: number; expiresAt: Date }
  /** Acts as the person, on repositories they can reach where the App is installed, with the App's permissions. */
  | { kind: 'user-to-server'; login: string; appId: number; expiresAt?: Date };

export interface FakePull {
  number: number;
  id: number;
  author: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  mergedAt: string | null;
  head: string;
  base: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  requestedReviewers: string[];
  /** What merging put on the base branch (`mergePull`); null before. */
  mergeCommitSha: string | null;
}

export interface FakeRelease {
  id: number;
  tag: string;
  name: string | null;
  draft: boolean;
  prerelease: boolean;
  /** The branch the tag was cut from, as GitHub reports `target_commitish`. */
  targetCommitish: string;
  author: string;
  createdAt: string;
  publishedAt: string | null;
}

export interface ReleaseSeed {
  tag: string;
  name?: string | null;
  prerelease?: boolean;
  draft?: boolean;
  /** The branch whose head the tag points at; the default branch unless given. */
  from?: string;
}

export interface FakeRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  createdAt: string;
  /** Branch name → commit sha. */
  branches: Map<string, string>;
  collaborators: Set<string>;
  pulls: FakePull[];
  /** Repository webhooks (hooks.ts). */
  hooks: FakeHook[];
  /** Tag name → commit sha. */
  tags: Map<string, string>;
  /** Newest last. */
  releases: FakeRelease[];
  /** Issues (issues.ts); numbered with the pull requests, as on GitHub. */
  issues: FakeIssue[];
  labels: FakeLabel[];
  milestones: FakeMilestone[];
}

export interface FakeIssue {
  number: number;
  id: number;
  author: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  milestone: number | null;
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface FakeLabel {
  id: number;
  name: string;
  /** rrggbb, as GitHub keeps it (no #). */
  color: string;
}

export interface FakeMilestone {
  id: number;
  number: number;
  title: string;
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
}

export interface IssueSeed {
  title?: string;
  body?: string | null;
  author?: string;
  state?: 'open' | 'closed';
  labels?: string[];
  milestone?: number | null;
  assignees?: string[];
}

export interface RepoSeed {
  owner: string;
  name: string;
  private?: boolean;
  defaultBranch?: string;
  /** Files on the default branch's first commit. */
  files?: Record<string, string>;
  collaborators?: string[];
}

export interface PullSeed {
  head: string;
  base?: string;
  title?: string;
  body?: string | null;
  author?: string;
  draft?: boolean;
  state?: 'open' | 'closed';
  merged?: boolean;
  requestedReviewers?: string[];
}

const lower = (s: string) => s.toLowerCase();

export class FakeGitHubState {
  readonly accounts = new Map<string, FakeAccount>();
  readonly tokens = new Map<string, FakeToken>();
  readonly repos = new Map<string, FakeRepo>();
  readonly commits = new FakeCommits();
  private nextId = 1000;
  // A clock that advances one second per change, so "sort=updated" orders are deterministic.
  private clock = Date.parse('2024-05-01T09:00:00Z');
  /** How far the fake's wall clock (token and code expiry) runs ahead of the real one. */
  private skewMs = 0;
  app: FakeApp | null = null;

  /** The fake's wall clock: what tokens, codes and App JWTs are checked against. */
  now(): number {
    return Date.now() + this.skewMs;
  }

  /** Moves the fake's wall clock on, e.g. past a token's expiry. */
  advanceTime(ms: number): void {
    this.skewMs += ms;
  }

  /** Registers the GitHub App this fake serves (one per fake), with its bot account. */
  registerApp(seed: FakeAppSeed = {}): FakeApp {
    const app = new FakeApp(
      seed,
      (value, token) => this.tokens.set(value, token),
      (predicate) => {
        for (const [value, token] of this.tokens) if (predicate(token)) this.tokens.delete(value);
      },
      () => this.now(),
      () => this.id(),
    );
    this.accounts.set(lower(app.botLogin), { login: app.botLogin, id: this.id(), type: 'Bot', name: null, members: new Set() });
    if (!this.account(app.owner)) this.addOrg(app.owner);
    this.app = app;
    return app;
  }

  tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  id(): number {
    return this.nextId++;
  }

  addUser(login: string, name: string | null = null): FakeAccount {
    const account: FakeAccount = { login, id: this.id(), type: 'User', name, members: new Set() };
    this.accounts.set(lower(login), account);
    return account;
  }

  addOrg(login: string, members: string[] = []): FakeAccount {
    const account: FakeAccount = { login, id: this.id(), type: 'Organization', name: null, members: new Set(members.map(lower)) };
    this.accounts.set(lower(login), account);
    return account;
  }

  account(login: string): FakeAccount | undefined {
    return this.accounts.get(lower(login));
  }

  addToken(value: string, token: FakeToken): void {
    if (!this.account(token.login)) throw new Error(`fake GitHub: no user ${token.login}`);
    this.tokens.set(value, token);
  }

  addRepo(seed: RepoSeed): FakeRepo {
    if (!this.account(seed.owner)) throw new Error(`fake GitHub: no account ${seed.owner}`);
    const defaultBranch = seed.defaultBranch ?? 'main';
    const root = this.commits.create(null, new Map(Object.entries(seed.files ?? { 'README.md': `# ${seed.name}\n` })), 'Initial commit');
    const repo: FakeRepo = {
      id: this.id(),
      owner: this.account(seed.owner)!.login,
      name: seed.name,
      private: seed.private ?? true,
      defaultBranch,
      createdAt: this.tick(),
      branches: new Map([[defaultBranch, root.sha]]),
      collaborators: new Set((seed.collaborators ?? []).map(lower)),
      pulls: [],
      hooks: [],
      tags: new Map(),
      releases: [],
      issues: [],
      labels: [],
      milestones: [],
    };
    this.repos.set(lower(`${repo.owner}/${repo.name}`), repo);
    return repo;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(lower(`${owner}/${name}`));
  }

  /** Create a branch pointing at another branch's head. */
  addBranch(repo: FakeRepo, name: string, from = repo.defaultBranch): void {
    repo.branches.set(name, repo.branches.get(from)!);
  }

  /** The file at a branch or commit, or undefined. */
  file(repo: FakeRepo, refOrSha: string, path: string): string | undefined {
    return this.commits.file(repo.branches, refOrSha, path);
  }

  /** Commit one file change onto a branch; returns the new commit. */
  writeFile(repo: FakeRepo, branch: string, path: string, content: string, message = `Update ${path}`): FakeCommit {
    return this.commits.write(repo.branches, branch, path, content, message);
  }

  addPull(repo: FakeRepo, seed: PullSeed): FakePull {
    const now = this.tick();
    const pull: FakePull = {
      number: this.nextNumber(repo),
      id: this.id(),
      author: seed.author ?? repo.owner,
      title: seed.title ?? seed.head,
      body: seed.body ?? null,
      state: seed.merged ? 'closed' : (seed.state ?? 'open'),
      draft: seed.draft ?? false,
      mergedAt: seed.merged ? now : null,
      head: seed.head,
      base: seed.base ?? repo.defaultBranch,
      createdAt: now,
      updatedAt: now,
      closedAt: seed.merged || seed.state === 'closed' ? now : null,
      requestedReviewers: seed.requestedReviewers ?? [],
      mergeCommitSha: null,
    };
    repo.pulls.push(pull);
    return pull;
  }

  /**
   * Merges the way "Squash and merge" does: one new commit on the base branch (never the head
   * commit) carrying the PR's change; the PR is closed and merged with that commit.
   */
  mergePull(repo: FakeRepo, pull: FakePull): FakeCommit {
    const commit = this.writeFile(repo, pull.base, `changes/${pull.number}.txt`, pull.title, `${pull.title} (#${pull.number})`);
    pull.updatedAt = this.tick();
    pull.state = 'closed';
    pull.mergedAt = pull.updatedAt;
    pull.closedAt = pull.updatedAt;
    pull.mergeCommitSha = commit.sha;
    return commit;
  }

  /** Tags the head of a branch and publishes a release for the tag (a draft when asked). */
  addRelease(repo: FakeRepo, seed: ReleaseSeed): FakeRelease {
    const from = seed.from ?? repo.defaultBranch;
    repo.tags.set(seed.tag, repo.branches.get(from)!);
    const now = this.tick();
    const release: FakeRelease = {
      id: this.id(),
      tag: seed.tag,
      name: seed.name === undefined ? seed.tag : seed.name,
      draft: seed.draft ?? false,
      prerelease: seed.prerelease ?? false,
      targetCommitish: from,
      author: repo.owner,
      createdAt: now,
      publishedAt: seed.draft ? null : now,
    };
    repo.releases.push(release);
    return release;
  }

  /** Deletes a release (its tag stays, as on GitHub). */
  deleteRelease(repo: FakeRepo, release: FakeRelease): void {
    repo.releases = repo.releases.filter((r) => r !== release);
  }

  /** A tag, branch or commit sha of the repository as a commit sha; undefined when none. */
  resolve(repo: FakeRepo, ref: string): string | undefined {
    return repo.tags.get(ref) ?? repo.branches.get(ref) ?? (this.commits.has(ref) ? ref : undefined);
  }

  /** Issues and pull requests share one sequence of numbers per repository. */
  nextNumber(repo: FakeRepo): number {
    return Math.max(0, ...repo.pulls.map((p) => p.number), ...repo.issues.map((i) => i.number)) + 1;
  }

  addIssue(repo: FakeRepo, seed: IssueSeed = {}): FakeIssue {
    const now = this.tick();
    for (const name of seed.labels ?? []) if (!repo.labels.some((l) => l.name === name)) this.addLabel(repo, name);
    const issue: FakeIssue = {
      number: this.nextNumber(repo),
      id: this.id(),
      author: seed.author ?? repo.owner,
      title: seed.title ?? `Issue ${repo.issues.length + 1}`,
      body: seed.body ?? null,
      state: seed.state ?? 'open',
      stateReason: seed.state === 'closed' ? 'completed' : null,
      labels: seed.labels ?? [],
      milestone: seed.milestone ?? null,
      assignees: seed.assignees ?? [],
      createdAt: now,
      updatedAt: now,
      closedAt: seed.state === 'closed' ? now : null,
    };
    repo.issues.push(issue);
    return issue;
  }

  addLabel(repo: FakeRepo, name: string, color = 'ededed'): FakeLabel {
    const label = { id: this.id(), name, color };
    repo.labels.push(label);
    return label;
  }

  addMilestone(repo: FakeRepo, title: string): FakeMilestone {
    const now = this.tick();
    const milestone: FakeMilestone = { id: this.id(), number: repo.milestones.length + 1, title, state: 'open', createdAt: now, updatedAt: now };
    repo.milestones.push(milestone);
    return milestone;
  }

  /** Whether the account may act in the repository at all (owner, org member, collaborator). */
  hasAccess(login: string, repo: FakeRepo): boolean {
    const owner = this.account(repo.owner)!;
    return lower(repo.owner) === lower(login) || owner.members.has(lower(login)) || repo.collaborators.has(lower(login));
  }
}
