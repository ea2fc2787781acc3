import type { ProviderInfo } from '../types.ts';
import { api } from './http.ts';

/** The git providers this Baton supports, with their forms, token help and webhook steps. */
export async function fetchProviders(signal?: AbortSignal): Promise<ProviderInfo[]> {
  const r = await api.get<{ items: ProviderInfo[] }>('/providers', { signal });
  return r.items;
}
