import type { Credential } from '../types.ts';
import { api, enc } from './http.ts';

/** Your git credentials (never their tokens). */
export async function fetchCredentials(signal?: AbortSignal): Promise<Credential[]> {
  const r = await api.get<{ items: Credential[] }>('/me/credentials', { signal });
  return r.items;
}

export function createCredential(body: Record<string, string>): Promise<Credential> {
  return api.post<Credential>('/me/credentials', body);
}

export async function deleteCredential(credentialId: string): Promise<void> {
  await api.del(`/me/credentials/${enc(credentialId)}`);
}
