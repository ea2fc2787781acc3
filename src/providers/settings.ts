import { z } from 'zod';
import { fieldRefused, ValidationFailed } from '../errors.ts';
import { describeProblem, explainIssues } from '../validation-messages.ts';
import { baseUrlField, type ProviderDescriptor, type ProviderSettings } from './descriptor.ts';
import { checkBaseUrl, checkSavedBaseUrl } from './outbound.ts';

// What a project stores for its provider: the descriptor's settings fields, checked, and the
// base URL, an API root (each provider's README says which), defaulting to the provider's own.

const baseUrl = z.url({ protocol: /^https?$/ }).max(500);
const text = z.string().trim().min(1).max(200);

function settingsSchema(d: ProviderDescriptor) {
  const shape: Record<string, z.ZodType> = { baseUrl: d.defaultBaseUrl === null ? baseUrl : baseUrl.optional() };
  for (const field of d.settings) shape[field.name] = field.required ? text : text.optional();
  return z.strictObject(shape);
}

/** Validated settings with the default base URL filled in; throws a 422 naming each bad field as the form labels it. */
export function parseProviderSettings(d: ProviderDescriptor, input: unknown): ProviderSettings {
  const result = settingsSchema(d).safeParse(input ?? {}, { error: describeProblem });
  if (!result.success) throw settingsRefused(d, result.error.issues);
  const parsed = result.data as Record<string, string | undefined>;
  const url = (parsed.baseUrl ?? d.defaultBaseUrl)!.replace(/\/+$/, '');
  return { ...(parsed as Record<string, string>), baseUrl: url };
}

function settingsRefused(d: ProviderDescriptor, issues: z.core.$ZodIssue[]): ValidationFailed {
  const labels = Object.fromEntries([...d.settings, baseUrlField(d)].map((f) => [f.name, f.label]));
  const { message, fields } = explainIssues(issues, {
    labels,
    prefix: 'settings.',
    whole: `The ${d.label} settings`,
    unknownField: `is not a setting of ${d.label} projects; leave it out`,
  });
  return new ValidationFailed(message, { fields });
}

/**
 * The API base URL a project or credential uses: the provider's default when none is typed,
 * checked against the outbound-host policy — a typed host also by what it resolves to — and
 * completed to the provider's API root. Throws a 422 naming `field` and saying what the URL
 * should look like.
 */
export async function resolveBaseUrl(d: ProviderDescriptor, typed: string | undefined, allowlist: string[], key = 'baseUrl'): Promise<string> {
  const label = d.baseUrl.label;
  if (!typed && !d.defaultBaseUrl) throw fieldRefused(key, `${label} is required for ${d.label}: ${d.baseUrl.hint}`);
  const url = typed || d.defaultBaseUrl!;
  // The provider's own default host is public; any other host is looked up.
  const own = url.replace(/\/+$/, '') === d.defaultBaseUrl;
  const checked = own ? checkBaseUrl(url, allowlist, key, label) : await checkSavedBaseUrl(url, allowlist, key, undefined, label);
  const root = d.apiRoot ? d.apiRoot(checked) : checked;
  if (root === null) throw fieldRefused(key, `${label} ${checked} is not a ${d.label} API root: ${d.baseUrl.hint}`);
  return root;
}
