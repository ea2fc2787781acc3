// In-memory Azure DevOps organisations: projects, repositories with real-looking commits and
// refs, pull requests with reviewers, identities and PATs with scopes.
import { createHash, randomUUID } from 'node:crypto';
import { type FakeSubscription, ServiceHookSender } from './service-hooks.ts';

export const ZERO_ID = '0000000000000000000000000000000000000000';

export interface FakeIdentity {
  id: string;
  displayName: string;
  uniqueName: string;
}

export interface FakeToken {
  identity: FakeIdentity;
  scopes: string[];
  /** The organisations an organisation-scoped PAT works in; null for "All accessible organizations". */
  organizations: string[] | null;
}

export interface FakeCommit {
  commitId: string;
  parents: string[];
  comment: string;
  files: Map<string, string>;
  author: FakeIdentity;
  date: string;
}

export interface FakePush {
  pushId: number;
  refName: string;
  oldObjectId: string;
  newObjectId: string;
  pushedBy: FakeIdentity;
  date: string;
}

export type FakePullRequestStatus = 'active' | 'completed' | 'abandoned';

export interface FakeReviewer {
  identity: FakeIdentity;
  vote: number;
}

export interface FakePullRequest {
  pullRequestId: number;
  status: FakePullRequestStatus;
  isDraft: boolean;
  sourceRefName: string;
  targetRefName: string;
  title: string;
  description: string;
  createdBy: FakeIdentity;
  creationDate: string;
  closedDate: string | null;
  reviewers: FakeReviewer[];
  /** Set for a pull request from a fork: its branch lives in that repository, not this one. */
  forkSource?: { repositoryId: string; repositoryName: string };
}

export interface FakeRepository {
  id: string;
  name: string;
  project: FakeProject;
  defaultBranch: string;
  refs: Map<string, string>;
  commits: Map<string, FakeCommit>;
  pushes: FakePush[];
  pullRequests: FakePullRequest[];
}

export interface FakeProject {
  id: string;
  name: string;
  visibility: 'private' | 'public';
  organization: FakeOrganization;
  repositories: FakeRepository[];
}

export interface FakeOrganization {
  id: string;
  name: string;
  projects: FakeProject[];
  identities: FakeIdentity[];
  /** Service-hook subscriptions (service-hooks.ts). */
  subscriptions: FakeSubscription[];
  /** Identities denied "View/Edit subscriptions" on the service-hooks ACL. */
  hooksDenied: Set<string>;
}

export class FakeAzureDevOpsState {
  readonly organizations = new Map<string, FakeOrganization>();
  readonly tokens = new Map<string, FakeToken>();
  /** Sends service-hook notifications; `idle()` waits for the answers. */
  readonly serviceHooks = new ServiceHookSender();
  private nextPushId = 1;
  private nextPullRequestId = 1;

  addOrganization(name: string): FakeOrganization {
    const org: FakeOrganization = { id: randomUUID(), name, projects: [], identities: [], subscriptions: [], hooksDenied: new Set() };
    this.organizations.set(name.toLowerCase(), org);
    return org;
  }

  organization(name: string): FakeOrganization | undefined {
    return this.organizations.get(name.toLowerCase());
  }

  addProject(org: FakeOrganization, name: string, visibility: 'private' | 'public' = 'private'): FakeProject {
    const project: FakeProject = { id: randomUUID(), name, visibility, organization: org, repositories: [] };
    org.projects.push(project);
    return project;
  }

  project(org: FakeOrganization, nameOrId: string): FakeProject | undefined {
    const key = nameOrId.toLowerCase();
    return org.projects.find((p) => p.id === key || p.name.toLowerCase() === key);
  }

  /** A repository whose `main` holds `files` in one initial commit (no commit when `files` is null: an empty repository). */
  addRepository(project: FakeProject, name: string, files: Record<string, string> | null = { '/README.md': '# hello\n' }): FakeRepository {
    const repo: FakeRepository = {
      id: randomUUID(),
      name,
      project,
      defaultBranch: 'refs/heads/main',
      refs: new Map(),
      commits: new Map(),
      pushes: [],
      pullRequests: [],
    };
    project.repositories.push(repo);
    if (files) {
      const author = project.organization.identities[0] ?? { id: randomUUID(), displayName: 'Seed', uniqueName: 'seed@example.com' };
      const commit = this.commit(repo, [], new Map(Object.entries(files)), 'Initial commit', author);
      repo.refs.set('refs/heads/main', commit.commitId);
    }
    return repo;
  }

  repository(project: FakeProject, nameOrId: string): FakeRepository | undefined {
    const key = nameOrId.toLowerCase();
    return project.repositories.find((r) => r.id === key || r.name.toLowerCase() === key);
  }

  removeRepository(repo: FakeRepository): void {
    repo.project.repositories = repo.project.repositories.filter((r) => r !== repo);
  }

  addIdentity(org: FakeOrganization, displayName: string, uniqueName: string): FakeIdentity {
    const identity = { id: randomUUID(), displayName, uniqueName };
    org.identities.push(identity);
    return identity;
  }

  identity(org: FakeOrganization, id: string): FakeIdentity | undefined {
    return org.identities.find((i) => i.id === id.toLowerCase());
  }

  /**
   * A PAT for `identity`, e.g. scopes `['vso.code_write']`. `organizations` scopes it to those
   * organisations, as the PAT page's "Organization" choice does; without it the PAT is for all
   * accessible organisations.
   */
  addToken(pat: string, identity: FakeIdentity, scopes: string[], organizations: string[] | null = null): void {
    this.tokens.set(pat, { identity, scopes, organizations: organizations?.map((o) => o.toLowerCase()) ?? null });
  }

  commit(repo: FakeRepository, parents: string[], files: Map<string, string>, comment: string, author: FakeIdentity): FakeCommit {
    const commitId = createHash('sha1').update(`${randomUUID()}${comment}`).digest('hex');
    const commit = { commitId, parents, comment, files, author, date: new Date().toISOString() };
    repo.commits.set(commitId, commit);
    return commit;
  }

  recordPush(repo: FakeRepository, refName: string, oldObjectId: string, newObjectId: string, pushedBy: FakeIdentity): FakePush {
    const push = { pushId: this.nextPushId++, refName, oldObjectId, newObjectId, pushedBy, date: new Date().toISOString() };
    repo.pushes.push(push);
    return push;
  }

  addPullRequest(
    repo: FakeRepository,
    fields: Omit<FakePullRequest, 'pullRequestId' | 'creationDate' | 'closedDate' | 'status' | 'reviewers'> & Partial<FakePullRequest>,
  ): FakePullRequest {
    const pr: FakePullRequest = {
      status: 'active',
      reviewers: [],
      creationDate: new Date().toISOString(),
      closedDate: null,
      ...fields,
      pullRequestId: this.nextPullRequestId++,
    };
    repo.pullRequests.push(pr);
    return pr;
  }

  /** The file at `path` on branch `refName` (e.g. `refs/heads/main`), or undefined. */
  fileAt(repo: FakeRepository, refName: string, path: string): string | undefined {
    const head = repo.refs.get(refName);
    return head ? repo.commits.get(head)?.files.get(path) : undefined;
  }
}
