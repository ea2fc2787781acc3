// What the fake Gitea (or Forgejo) holds: accounts, scoped tokens, repositories with branches,
// commits and files, pull requests with their review requests. Tests seed it directly and read
// it back to assert effects.
import { blobSha, type FakeCommit, FakeCommits } from '../common/commits.ts';

export { blobSha, type FakeCommit };

export type Flavour = 'gitea' | 'forgejo';
export type Access = 'read' | 'write' | 'admin';

export interface FakeAccount {
  login: string;
  id: number;
  fullName: string;
  email: string;
  isOrg: boolean;
  /** Organisation members (lower-case logins), who may write to its repositories. */
  members: Set<string>;
}

export interface FakeToken {
  login: string;
  /** e.g. "read:user", "write:repository", "all"; write implies read of its category. */
  scopes: string[];
  /** Forgejo only: the repositories ("owner/name") a token is limited to; it sees no others. */
  repositories?: string[];
}

export interface FakePull {
  /** Gitea's `number` (the issue index, shared with issues). */
  number: number;
  id: number;
  poster: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
  mergedAt: string | null;
  head: string;
  /** The repository the head branch lives in: the base repository, or a fork of it. */
  headRepo: FakeRepo;
  base: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  requestedReviewers: string[];
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
  /** Lower-case login → access, besides the owner (admin) and organisation members (write). */
  collaborators: Map<string, Access>;
  pulls: FakePull[];
  /** The repository this one was forked from. */
  parent: FakeRepo | null;
  nextIndex: number;
}

export interface RepoSeed {
  owner: string;
  name: string;
  private?: boolean;
  defaultBranch?: string;
  /** Files on the default branch's first commit. */
  files?: Record<string, string>;
  collaborators?: Record<string, Access>;
  forkOf?: FakeRepo;
}

export interface PullSeed {
  head: string;
  headRepo?: FakeRepo;
  base?: string;
  title?: string;
  body?: string;
  poster?: string;
  state?: 'open' | 'closed';
  merged?: boolean;
  requestedReviewers?: string[];
}

const lower = (s: string) => s.toLowerCase();

// The server's WORK_IN_PROGRESS_PREFIXES default; a title starting with one makes a draft.
export const WIP_PREFIXES = ['WIP:', '[WIP]'];
export const isDraftTitle = (title: string) => WIP_PREFIXES.some((p) => title.toUpperCase().startsWith(p.toUpperCase()));

export class FakeGiteaState {
  readonly accounts = new Map<string, FakeAccount>();
  readonly tokens = new Map<string, FakeToken>();
  readonly repos = new Map<string, FakeRepo>();
  readonly commits = new FakeCommits();
  private nextId = 1;
  // A clock that advances one second per change, so "recentupdate" orders are deterministic.
  private clock = Date.parse('2024-05-01T09:00:00Z');

  constructor(readonly flavour: Flavour = 'gitea') {}

  /** The next change's time; Gitea keeps seconds and writes the server's offset (here +02:00). */
  tick(): string {
    this.clock += 1000;
    return formatTime(this.clock);
  }

  /** Let the next `tick` land in the same second as the last one, as busy servers do. */
  holdClock(): void {
    this.clock -= 1000;
  }

  id(): number {
    return this.nextId++;
  }

  addUser(login: string, fullName = ''): FakeAccount {
    const account: FakeAccount = { login, id: this.id(), fullName, email: `${lower(login)}@example.test`, isOrg: false, members: new Set() };
    this.accounts.set(lower(login), account);
    return account;
  }

  addOrg(login: string, members: string[] = []): FakeAccount {
    const account: FakeAccount = {
      login,
      id: this.id(),
      fullName: '',
      email: `${lower(login)}@example.test`,
      isOrg: true,
      members: new Set(members.map(lower)),
    };
    this.accounts.set(lower(login), account);
    return account;
  }

  account(login: string): FakeAccount | undefined {
    return this.accounts.get(lower(login));
  }

  addToken(value: string, token: FakeToken): void {
    if (!this.account(token.login)) throw new Error(`fake Gitea: no user ${token.login}`);
    if (token.repositories && this.flavour !== 'forgejo') throw new Error('fake Gitea: only Forgejo limits tokens to repositories');
    // Forgejo: "Access tokens with specified repositories can only be used with the read:issue,
    // write:issue, read:repository, and write:repository scopes."
    if (token.repositories && token.scopes.some((s) => !/^(read|write):(issue|repository)$/.test(s))) {
      throw new Error('fake Forgejo: a repository-limited token carries only issue and repository scopes');
    }
    this.tokens.set(value, { ...token, repositories: token.repositories?.map(lower) });
  }

  addRepo(seed: RepoSeed): FakeRepo {
    if (!this.account(seed.owner)) throw new Error(`fake Gitea: no account ${seed.owner}`);
    const defaultBranch = seed.defaultBranch ?? 'main';
    const from = seed.forkOf ? this.commits.get(seed.forkOf.branches.get(seed.forkOf.defaultBranch)!)! : null;
    const root = from ?? this.commits.create(null, new Map(Object.entries(seed.files ?? { 'README.md': `# ${seed.name}\n` })), 'Initial commit');
    const repo: FakeRepo = {
      id: this.id(),
      owner: this.account(seed.owner)!.login,
      name: seed.name,
      private: seed.private ?? true,
      defaultBranch,
      createdAt: this.tick(),
      branches: new Map([[defaultBranch, root.sha]]),
      collaborators: new Map(Object.entries(seed.collaborators ?? {}).map(([login, access]) => [lower(login), access])),
      pulls: [],
      parent: seed.forkOf ?? null,
      nextIndex: 1,
    };
    this.repos.set(lower(`${repo.owner}/${repo.name}`), repo);
    return repo;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(lower(`${owner}/${name}`));
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
    const closed = seed.merged || seed.state === 'closed';
    const pull: FakePull = {
      number: repo.nextIndex++,
      id: this.id(),
      poster: seed.poster ?? repo.owner,
      title: seed.title ?? seed.head,
      body: seed.body ?? '',
      state: closed ? 'closed' : 'open',
      merged: seed.merged ?? false,
      mergedAt: seed.merged ? now : null,
      head: seed.head,
      headRepo: seed.headRepo ?? repo,
      base: seed.base ?? repo.defaultBranch,
      createdAt: now,
      updatedAt: now,
      closedAt: closed ? now : null,
      requestedReviewers: seed.requestedReviewers ?? [],
    };
    repo.pulls.push(pull);
    return pull;
  }

  /** What an account may do in a repository, or null for nothing beyond reading a public one. */
  access(login: string, repo: FakeRepo): Access | null {
    const who = lower(login);
    if (lower(repo.owner) === who) return 'admin';
    if (this.account(repo.owner)!.members.has(who)) return 'write';
    return repo.collaborators.get(who) ?? null;
  }

  canRead(login: string, repo: FakeRepo): boolean {
    return !repo.private || this.access(login, repo) !== null;
  }
}

export function formatTime(ms: number): string {
  return new Date(ms + 2 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
}
