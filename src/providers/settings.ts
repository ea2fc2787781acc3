import { z } from 'zod';
import type { ProviderKind } from './types.ts';

// What a project stores per provider. Base URLs are API roots: GitHub Enterprise Server is
// https://HOST/api/v3, Gitea/Forgejo https://HOST/api/v1.

export const DEFAULT_BASE_URLS: Record<ProviderKind, string | null> = {
  github: 'https://api.github.com',
  ado: 'https://dev.azure.com',
  bitbucket: 'https://api.bitbucket.org/2.0',
  gitea: null,
};

const baseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500);
const name = z.string().trim().min(1).max(200);

export const providerSettingsSchemas = {
  github: z.strictObject({ baseUrl: baseUrl.optional() }),
  ado: z.strictObject({ baseUrl: baseUrl.optional(), organization: name, project: name }),
  bitbucket: z.strictObject({ baseUrl: baseUrl.optional(), workspace: name.optional() }),
  gitea: z.strictObject({ baseUrl }),
} satisfies Record<ProviderKind, z.ZodType>;

export type ProviderSettings = { baseUrl: string } & Record<string, string>;

/** Validated settings with the default base URL filled in; throws a ZodError naming the bad field. */
export function parseProviderSettings(kind: ProviderKind, input: unknown): ProviderSettings {
  const parsed = providerSettingsSchemas[kind].parse(input ?? {}) as Record<string, string | undefined>;
  const url = (parsed.baseUrl ?? DEFAULT_BASE_URLS[kind])!.replace(/\/+$/, '');
  return { ...(parsed as Record<string, string>), baseUrl: url };
}
