// Response bodies shaped like the recorded exchanges in reference/azure-devops/httpExamples.
import type { FakeIdentity, FakeProject, FakePullRequest, FakeRepository, FakeReviewer } from './state.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers to answer early, e.g. with a 404. */
export class ReplyError extends Error {
  constructor(readonly reply: Reply) {
    super(`fake reply ${reply.status}`);
  }
}

/** Azure DevOps error body: `message` carries the TF code the clients match on. */
export function adoError(status: number, message: string, typeKey: string): ReplyError {
  return new ReplyError({
    status,
    body: {
      $id: '1',
      innerException: null,
      message,
      typeName: `Microsoft.TeamFoundation.Git.Server.${typeKey}, Microsoft.TeamFoundation.Git.Server`,
      typeKey,
      errorCode: 0,
      eventId: 3000,
    },
  });
}

export const collection = <T>(value: T[]) => ({ value, count: value.length });

/** An identity as the identities and connectionData routes answer it. */
export function identityJson(i: FakeIdentity) {
  return {
    id: i.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${i.uniqueName}`,
    subjectDescriptor: `aad.${Buffer.from(i.id).toString('base64url')}`,
    providerDisplayName: i.displayName,
    isActive: true,
    isContainer: false,
    properties: { Account: { $type: 'System.String', $value: i.uniqueName }, Mail: { $type: 'System.String', $value: i.uniqueName } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

export function identityRef(base: string, org: string, identity: FakeIdentity) {
  return {
    displayName: identity.displayName,
    url: `${base}/${org}/_apis/Identities/${identity.id}`,
    _links: { avatar: { href: `${base}/${org}/_apis/GraphProfile/MemberAvatars/aad.${identity.id}` } },
    id: identity.id,
    uniqueName: identity.uniqueName,
    imageUrl: `${base}/${org}/_api/_common/identityImage?id=${identity.id}`,
    descriptor: `aad.${Buffer.from(identity.id).toString('base64url')}`,
  };
}

export function projectJson(base: string, project: FakeProject) {
  return {
    id: project.id,
    name: project.name,
    url: `${base}/${project.organization.name}/_apis/projects/${project.id}`,
    state: 'wellFormed',
    revision: 11,
    visibility: project.visibility,
    lastUpdateTime: '2024-01-01T00:00:00Z',
  };
}

export function repositoryJson(base: string, repo: FakeRepository) {
  const org = repo.project.organization.name;
  const web = `${base}/${org}/${encodeURIComponent(repo.project.name)}/_git/${encodeURIComponent(repo.name)}`;
  return {
    id: repo.id,
    name: repo.name,
    url: `${base}/${org}/${repo.project.id}/_apis/git/repositories/${repo.id}`,
    project: projectJson(base, repo.project),
    // An empty repository has no default branch yet.
    ...(repo.refs.size ? { defaultBranch: repo.defaultBranch } : {}),
    size: 1024,
    remoteUrl: web.replace('://', `://${org}@`),
    sshUrl: `git@ssh.dev.azure.com:v3/${org}/${repo.project.name}/${repo.name}`,
    webUrl: web,
    isDisabled: false,
    isInMaintenance: false,
  };
}

export function reviewerJson(base: string, repo: FakeRepository, pr: FakePullRequest, r: FakeReviewer) {
  const org = repo.project.organization.name;
  return {
    reviewerUrl: `${base}/${org}/_apis/git/repositories/${repo.id}/pullRequests/${pr.pullRequestId}/reviewers/${r.identity.id}`,
    vote: r.vote,
    hasDeclined: false,
    isFlagged: false,
    ...identityRef(base, org, r.identity),
  };
}

export function pullRequestJson(base: string, repo: FakeRepository, pr: FakePullRequest) {
  const org = repo.project.organization.name;
  const api = `${base}/${org}/_apis/git/repositories/${repo.id}`;
  const { webUrl: _web, ...repository } = repositoryJson(base, repo);
  return {
    // Pull requests carry the repository without `webUrl` (see the POST pullRequests example).
    repository,
    pullRequestId: pr.pullRequestId,
    codeReviewId: pr.pullRequestId,
    status: pr.status,
    createdBy: identityRef(base, org, pr.createdBy),
    creationDate: pr.creationDate,
    ...(pr.closedDate ? { closedDate: pr.closedDate } : {}),
    title: pr.title,
    description: pr.description,
    sourceRefName: pr.sourceRefName,
    targetRefName: pr.targetRefName,
    ...(pr.forkSource ? { forkSource: { name: pr.sourceRefName, repository: { id: pr.forkSource.repositoryId, name: pr.forkSource.repositoryName } } } : {}),
    mergeStatus: pr.status === 'completed' ? 'succeeded' : 'queued',
    isDraft: pr.isDraft,
    mergeId: '00000000-0000-0000-0000-000000000000',
    reviewers: pr.reviewers.map((r) => reviewerJson(base, repo, pr, r)),
    url: `${api}/pullRequests/${pr.pullRequestId}`,
    supportsIterations: true,
    artifactId: `vstfs:///Git/PullRequestId/${repo.project.id}%2f${repo.id}%2f${pr.pullRequestId}`,
  };
}
