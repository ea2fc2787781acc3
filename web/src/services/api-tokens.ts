import type { ApiToken } from '../types.ts';
import { api, enc } from './http.ts';

/** Your API tokens, newest first (never their values). */
export async function fetchApiTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  const r = await api.get<{ items: ApiToken[] }>('/me/tokens', { signal });
  return r.items;
}

/** `token` is in this answer only. */
export function createApiToken(body: { name: string; expiresAt: string | null }): Promise<ApiToken & { token: string }> {
  return api.post<ApiToken & { token: string }>('/me/tokens', body);
}

export async function revokeApiToken(tokenId: string): Promise<void> {
  await api.del(`/me/tokens/${enc(tokenId)}`);
}
