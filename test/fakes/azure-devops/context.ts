// What a handler gets, and the lookups every git route starts with.

import { adoError, type Reply } from './shapes.ts';
import type { FakeAzureDevOpsState, FakeIdentity, FakeOrganization, FakeProject, FakeRepository } from './state.ts';

export interface HandlerContext {
  state: FakeAzureDevOpsState;
  /** The fake's origin, used to build `url`/`webUrl` fields. */
  base: string;
  caller: FakeIdentity;
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: any;
}

export type Handler = (ctx: HandlerContext) => Reply;

export function orgOf(ctx: HandlerContext): FakeOrganization {
  const org = ctx.state.organization(ctx.pathParams.organization ?? '');
  if (!org) throw adoError(404, `VS800075: The organization ${ctx.pathParams.organization} does not exist.`, 'OrganizationNotFoundException');
  return org;
}

export function projectOf(ctx: HandlerContext): FakeProject {
  const name = ctx.pathParams.project ?? '';
  const project = ctx.state.project(orgOf(ctx), name);
  if (!project) {
    throw adoError(
      404,
      `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
      'ProjectDoesNotExistWithNameException',
    );
  }
  return project;
}

export function repoOf(ctx: HandlerContext): FakeRepository {
  const id = ctx.pathParams.repositoryId ?? '';
  const repo = ctx.state.repository(projectOf(ctx), id);
  if (!repo) {
    throw adoError(
      404,
      `TF401019: The Git repository with name or identifier ${id} does not exist or you do not have permissions for the operation you are attempting.`,
      'GitRepositoryNotFoundException',
    );
  }
  return repo;
}
