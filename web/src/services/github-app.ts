import type { Answer } from '../types.ts';
import { api, enc } from './http.ts';

export type GitHubAppConnection = Answer<'/api/me/github-app', 'get'>;
export type GitHubAppInstallations = Answer<'/api/projects/{projectId}/github-app', 'get'>;

export const fetchGitHubAppConnection = (signal?: AbortSignal): Promise<GitHubAppConnection> => api.get('/me/github-app', { signal });

export const fetchGitHubAppInstallations = (projectId: string, refresh: boolean, signal?: AbortSignal): Promise<GitHubAppInstallations> =>
  api.get(`/projects/${enc(projectId)}/github-app${refresh ? '?refresh=true' : ''}`, { signal });

/** Sends the browser to GitHub to install the App (a state that works once, for this session, 10 minutes). */
export async function installGitHubApp(projectId: string): Promise<void> {
  const { url } = await api.post<{ url: string }>('/github-app/install', { projectId });
  window.location.assign(url);
}

/** Sends the browser to GitHub to authorise the App to act as the signed-in person; back to the project's settings when given, else the profile. */
export async function connectGitHubAccount(projectId?: string): Promise<void> {
  const { url } = await api.post<{ url: string }>('/github-app/connect', projectId ? { projectId } : {});
  window.location.assign(url);
}

export async function linkThroughGitHubApp(projectId: string, repo: { owner: string; name: string }): Promise<void> {
  await api.post(`/projects/${enc(projectId)}/github-app/repositories`, repo);
}
