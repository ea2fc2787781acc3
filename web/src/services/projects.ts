import type { Project, RequestBody, WithProviderKind } from '../types.ts';
import { api, enc, fetchAll } from './http.ts';

export type NewProject = WithProviderKind<RequestBody<'/api/projects', 'post'>>;
export type ProjectChange = RequestBody<'/api/projects/{projectId}', 'patch'>;

export function fetchProjects(signal?: AbortSignal): Promise<Project[]> {
  return fetchAll<Project>('/projects', signal);
}

/** Routes use the project key; the API uses the id. */
export async function fetchProjectByKey(key: string, signal?: AbortSignal): Promise<Project | null> {
  const projects = await fetchProjects(signal);
  return projects.find((p) => p.key.toUpperCase() === key.toUpperCase()) ?? null;
}

export function createProject(body: NewProject): Promise<Project> {
  return api.post('/projects', body);
}

export function updateProject(projectId: string, body: ProjectChange): Promise<Project> {
  return api.patch(`/projects/${enc(projectId)}`, body);
}

/** Queues a pull request status sync for every repository of the project. */
export async function syncProject(projectId: string): Promise<void> {
  await api.post(`/projects/${enc(projectId)}/sync`);
}
