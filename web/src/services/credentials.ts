import type { Credential, CredentialUsage, RequestBody, WithProviderKind } from '../types.ts';
import { api, enc } from './http.ts';

export type NewCredential = WithProviderKind<RequestBody<'/api/me/credentials', 'post'>>;

/** Your git credentials (never their tokens). */
export async function fetchCredentials(signal?: AbortSignal): Promise<Credential[]> {
  const r = await api.get<{ items: Credential[] }>('/me/credentials', { signal });
  return r.items;
}

export function createCredential(body: NewCredential): Promise<Credential> {
  return api.post('/me/credentials', body);
}

/** What would stop working without it: asked before deleting, to name them. */
export function fetchCredentialUsage(credentialId: string): Promise<CredentialUsage> {
  return api.get(`/me/credentials/${enc(credentialId)}/usage`);
}

export async function deleteCredential(credentialId: string): Promise<void> {
  await api.del(`/me/credentials/${enc(credentialId)}`);
}
