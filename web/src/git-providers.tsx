import { createContext, type ReactNode, useContext, useState } from 'react';
import { useResource } from './hooks.ts';
import { fetchProviders } from './services/providers.ts';
import type { ProviderField, ProviderInfo } from './types.ts';

// The git providers this Baton supports, as the server describes them (GET /api/providers):
// the web app renders provider choices, settings and credential forms, token help and webhook
// steps from this list and keeps none of its own.

interface Providers {
  /** undefined while loading (or after a failure, then `error` says why). */
  list: ProviderInfo[] | undefined;
  error: string | null;
}

const ProvidersContext = createContext<Providers>({ list: undefined, error: null });

export function ProvidersProvider({ children }: { children: ReactNode }) {
  const loaded = useResource((signal) => fetchProviders(signal), []);
  return <ProvidersContext.Provider value={{ list: loaded.data, error: loaded.error }}>{children}</ProvidersContext.Provider>;
}

export function useProviders(): Providers {
  return useContext(ProvidersContext);
}

/** A form's provider choice: the one picked, else the first offered (undefined while loading). */
export function useProviderChoice() {
  const providers = useProviders();
  const [chosen, choose] = useState<string | null>(null);
  const provider = providers.list?.find((p) => p.kind === chosen) ?? providers.list?.[0];
  return { providers, provider, choose };
}

/** The provider's name; a kind this Baton does not offer (or not loaded yet) reads as itself. */
export function useProviderLabel(): (kind: string) => string {
  const { list } = useProviders();
  return (kind) => list?.find((p) => p.kind === kind)?.label ?? kind;
}

/** Keeps only the provider's own fields, trimmed, dropping empty ones so the API applies its defaults. */
export function cleanValues(fields: ProviderField[], values: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name]?.trim();
    if (v) out[f.name] = v;
  }
  return out;
}
