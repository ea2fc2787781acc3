import { z } from 'zod';
import type { ProviderDescriptor, ProviderSettings } from './descriptor.ts';

// What a project stores for its provider: the descriptor's settings fields, checked, and the
// base URL, which is an API root (GitHub Enterprise Server https://HOST/api/v3, Gitea/Forgejo
// https://HOST/api/v1) defaulting to the provider's own.

const baseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500);
const text = z.string().trim().min(1).max(200);

function settingsSchema(d: ProviderDescriptor) {
  const shape: Record<string, z.ZodType> = { baseUrl: d.defaultBaseUrl === null ? baseUrl : baseUrl.optional() };
  for (const field of d.settings) shape[field.name] = field.required ? text : text.optional();
  return z.strictObject(shape);
}

/** Validated settings with the default base URL filled in; throws a ZodError naming the bad field. */
export function parseProviderSettings(d: ProviderDescriptor, input: unknown): ProviderSettings {
  const parsed = settingsSchema(d).parse(input ?? {}) as Record<string, string | undefined>;
  const url = (parsed.baseUrl ?? d.defaultBaseUrl)!.replace(/\/+$/, '');
  return { ...(parsed as Record<string, string>), baseUrl: url };
}
