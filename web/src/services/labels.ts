import type { Label } from '../types.ts';
import { api, enc, fetchAll } from './http.ts';

export function fetchLabels(projectId: string, signal?: AbortSignal): Promise<Label[]> {
  return fetchAll<Label>(`/projects/${enc(projectId)}/labels`, signal);
}

export function createLabel(projectId: string, label: { name: string; color: string }): Promise<Label> {
  return api.post(`/projects/${enc(projectId)}/labels`, label);
}
