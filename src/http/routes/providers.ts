import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { publicDescriptor } from '../../providers/descriptor.ts';
import { providerDescriptors } from '../../providers/registry.ts';
import type { Api } from '../api.ts';

const field = z
  .object({
    name: z.string(),
    label: z.string(),
    hint: z.string(),
    placeholder: z.string(),
    required: z.boolean(),
    type: z.enum(['text', 'url', 'email']),
    kept: z.boolean().optional().describe('a credential field saved with the credential and shown back'),
  })
  .meta({ id: 'ProviderField' });

const provider = z
  .object({
    kind: z.string(),
    label: z.string(),
    defaultBaseUrl: z.string().nullable(),
    owner: z.object({ label: z.string(), hint: z.string(), placeholder: z.string() }),
    settings: z.array(field),
    credential: z.object({ tokenHelp: z.string(), scopes: z.array(z.string()), fields: z.array(field) }),
    webhooks: z.object({ contentType: z.string(), events: z.array(z.string()), steps: z.array(z.string()).describe('"{url}" stands for the payload URL') }),
  })
  .meta({ id: 'Provider' });

export function providerRoutes(api: Api, _ctx: AppContext): void {
  api.route(
    {
      method: 'GET',
      url: '/api/providers',
      summary: 'The git providers this Baton supports: their forms (project settings, credentials), token help and webhook setup steps',
      tag: 'providers',
      response: z.object({ items: z.array(provider) }),
    },
    async () => ({ items: providerDescriptors().map(publicDescriptor) }),
  );
}
