import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { baseUrlField } from '../../providers/descriptor.ts';
import { findProvider, providerDescriptors, providerKind } from '../../providers/registry.ts';
import { addCredential, credentialUsage, deleteCredential, listCredentials } from '../../services/credentials.ts';
import type { Api } from '../api.ts';

// Each provider's own credential inputs (e.g. the project a token is checked in, the account
// email a token is sent with), all optional here: the provider's descriptor says which it needs.
const fieldsOf = (keptOnly: boolean) =>
  Object.fromEntries(
    providerDescriptors().flatMap((d) =>
      d.credential.fields
        .filter((f) => !keptOnly || f.kept)
        .map((f) => [f.name, (f.type === 'email' ? z.email().trim().max(200) : z.string().trim().min(1).max(200)).optional().meta({ title: f.label })]),
    ),
  );
const providerFields = fieldsOf(false);

const credential = z
  .object({
    id: z.uuid(),
    // A string, not the enum: credentials saved for a provider this version no longer offers still list.
    provider: z.string(),
    owner: z.string(),
    baseUrl: z.string(),
    login: z.string(),
    scopes: z.array(z.string()),
    missing: z.array(z.string()),
    last4: z.string(),
    expiresAt: z.string().nullable(),
    validatedAt: z.string(),
    // The provider's kept fields, shown back (e.g. the account email a token is sent with).
    ...fieldsOf(true),
  })
  .meta({ id: 'Credential' });

/** The chosen provider's own words for its credential form's fields ("Workspace", "Atlassian account email"). */
function credentialLabels(body: unknown): Record<string, string> {
  const d = findProvider(String((body as { provider?: unknown } | null)?.provider));
  if (!d) return {};
  return { owner: d.owner.label, ...Object.fromEntries([...d.credential.fields, baseUrlField(d)].map((f) => [f.name, f.label])) };
}

export function credentialRoutes(api: Api, ctx: AppContext): void {
  api.route(
    {
      method: 'POST',
      url: '/api/me/credentials',
      tag: 'credentials',
      status: 201,
      response: credential,
      summary: 'Add (or rotate) your token for a provider account; it is checked with the provider before it is saved',
      body: z.strictObject({
        provider: providerKind.meta({ title: 'Provider' }),
        owner: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .regex(/^[^/\s]+$/, 'must be an account or organisation name, without "/" or spaces')
          .meta({ title: 'Owner' }),
        token: z.string().trim().min(8).max(1000).meta({ title: 'Token' }),
        baseUrl: z.string().max(500).optional().meta({ title: 'API base URL' }),
        ...providerFields,
      }),
      fieldLabels: credentialLabels,
    },
    async ({ user, body }) => addCredential(ctx, user, body),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/me/credentials',
      summary: 'Your git credentials (never the token)',
      tag: 'credentials',
      response: z.object({ items: z.array(credential) }),
    },
    async ({ user }) => ({ items: await listCredentials(ctx.db.kysely, user) }),
  );

  api.route(
    {
      method: 'GET',
      url: '/api/me/credentials/:credentialId/usage',
      summary: 'What uses one of your credentials: repositories linked with it, Start work running with it now (ask before deleting)',
      tag: 'credentials',
      params: z.strictObject({ credentialId: z.uuid('must be a credential id') }),
      response: z
        .object({
          repositories: z.array(z.object({ projectKey: z.string(), projectName: z.string(), owner: z.string(), name: z.string() })),
          startWork: z.array(z.object({ ticketKey: z.string(), title: z.string() })),
        })
        .meta({ id: 'CredentialUsage' }),
    },
    async ({ user, params }) => credentialUsage(ctx.db.kysely, user, params.credentialId),
  );

  api.route(
    {
      method: 'DELETE',
      url: '/api/me/credentials/:credentialId',
      summary: 'Delete one of your git credentials',
      tag: 'credentials',
      status: 204,
      params: z.strictObject({ credentialId: z.uuid('must be a credential id') }),
    },
    async ({ user, params }) => deleteCredential(ctx.db.kysely, user, params.credentialId),
  );
}
