// The GitHub App answers and webhook fields Baton reads (only those), beside ../schema.ts.
import { z } from 'zod';
import { repoSchema } from '../schema.ts';

export const appSchema = z.object({
  id: z.number(),
  slug: z.string().optional(),
  name: z.string(),
  owner: z.object({ login: z.string().optional() }).nullish(),
});

export const installationTokenSchema = z.object({ token: z.string().min(1), expires_at: z.string() });

// An installation's account is a user or an organisation (login), or an enterprise (slug).
const accountSchema = z.object({ id: z.number(), login: z.string().optional(), slug: z.string().optional(), type: z.string().optional() });

export const installationSchema = z.object({
  id: z.number(),
  app_id: z.number().optional(),
  account: accountSchema.nullable(),
  repository_selection: z.enum(['all', 'selected']),
  suspended_at: z.string().nullish(),
});

export const userInstallationsSchema = z.object({ total_count: z.number(), installations: z.array(installationSchema) });

export const installationRepositoriesSchema = z.object({ total_count: z.number(), repositories: z.array(repoSchema) });

/** POST /login/oauth/access_token answers 200 either way; a refusal carries `error`. */
export const oauthTokenSchema = z.union([
  z.object({
    access_token: z.string().min(1),
    token_type: z.string(),
    scope: z.string().optional(),
    // Only when the App opts into expiring user tokens (the default for new Apps).
    expires_in: z.coerce.number().optional(),
    refresh_token: z.string().optional(),
    refresh_token_expires_in: z.coerce.number().optional(),
  }),
  z.object({ error: z.string(), error_description: z.string().optional() }),
]);

const webhookRepoSchema = z.object({ id: z.number(), name: z.string(), full_name: z.string() });

/** What the App's webhook routes by: the installation and, for repository events, the repository. */
export const appDeliverySchema = z.object({
  installation: z.object({ id: z.number() }).optional(),
  repository: z.object({ id: z.number(), name: z.string(), owner: z.object({ login: z.string() }) }).optional(),
});

export const installationEventSchema = z.object({
  action: z.string(),
  installation: installationSchema.extend({ account: accountSchema }),
  repositories: z.array(webhookRepoSchema).optional(),
});

export const installationRepositoriesEventSchema = z.object({
  action: z.enum(['added', 'removed']),
  installation: installationSchema,
  repositories_added: z.array(webhookRepoSchema),
  repositories_removed: z.array(webhookRepoSchema),
});

export const authorizationEventSchema = z.object({ action: z.string(), sender: z.object({ id: z.number(), login: z.string() }) });

export type Installation = z.infer<typeof installationSchema>;

/** The account an installation belongs to, as repository owners are written. */
export const accountName = (account: z.infer<typeof accountSchema> | null): string => account?.login ?? account?.slug ?? '';
