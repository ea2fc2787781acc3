import type { Answer, Repository, RequestBody } from '../types.ts';
import { api, enc, qs } from './http.ts';

export async function fetchRepositories(projectId: string, signal?: AbortSignal): Promise<Repository[]> {
  const r = await api.get<{ items: Repository[] }>(`/projects/${enc(projectId)}/repositories`, { signal });
  return r.items;
}

/** One page of the repositories a credential can see, for linking. */
export function fetchAvailableRepositories(
  projectId: string,
  query: { credentialId: string; search: string; page: number },
  signal?: AbortSignal,
): Promise<Answer<'/api/projects/{projectId}/repositories/available', 'get'>> {
  return api.get(`/projects/${enc(projectId)}/repositories/available${qs(query)}`, { signal });
}

export async function linkRepository(projectId: string, body: RequestBody<'/api/projects/{projectId}/repositories', 'post'>): Promise<void> {
  await api.post(`/projects/${enc(projectId)}/repositories`, body);
}

export async function unlinkRepository(projectId: string, repositoryId: string): Promise<void> {
  await api.del(`/projects/${enc(projectId)}/repositories/${enc(repositoryId)}`);
}
