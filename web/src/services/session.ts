import type { Me, RequestBody } from '../types.ts';
import { api } from './http.ts';

// Signing in and out never count as an expired session: a 401 here is the answer itself.

/** The signed-in user; rejects with a 401 ApiError when nobody is. */
export function fetchMe(signal?: AbortSignal): Promise<Me> {
  return api.get('/me', { quiet401: true, signal });
}

export async function signIn(email: string, password: string): Promise<void> {
  await api.post('/session', { email, password } satisfies RequestBody<'/api/session', 'post'>, { quiet401: true });
}

export async function signOut(): Promise<void> {
  await api.del('/session', { quiet401: true });
}

/** Whether the first admin still has to be created. */
export async function fetchSetupNeeded(): Promise<boolean> {
  const r = await api.get<{ needed: boolean }>('/setup', { quiet401: true });
  return r.needed;
}

/** Creates the first admin with the one-time setup token. */
export async function createFirstAdmin(body: RequestBody<'/api/setup', 'post'>): Promise<void> {
  await api.post('/setup', body, { quiet401: true });
}
