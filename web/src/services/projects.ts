import type { Project } from '../types.ts';
import { api, enc, fetchAll } from './http.ts';

export function fetchProjects(signal?: AbortSignal): Promise<Project[]> {
  return fetchAll<Project>('/projects', signal);
}

/** Routes use the project key; the API uses the id. */
export async function fetchProjectByKey(key: string, signal?: AbortSignal): Promise<Project | null> {
  const projects = await fetchProjects(signal);
  return projects.find((p) => p.key.toUpperCase() === key.toUpperCase()) ?? null;
}

export function createProject(body: Record<string, unknown>): Promise<Project> {
  return api.post<Project>('/projects', body);
}

export function updateProject(projectId: string, body: Record<string, unknown>): Promise<Project> {
  return api.patch<Project>(`/projects/${enc(projectId)}`, body);
}

/** Queues a pull request status sync for every repository of the project. */
export async function syncProject(projectId: string): Promise<void> {
  await api.post(`/projects/${enc(projectId)}/sync`);
}
