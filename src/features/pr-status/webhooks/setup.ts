import type { WebhookSetup } from '../../../providers/descriptor.ts';
import { findProvider, providerLabel } from '../../../providers/registry.ts';

// What a project owner enters at the provider to point its webhooks at Baton: the provider's
// steps (from its descriptor) with this project's payload URL filled in.

export type { WebhookSetup };

export function webhookUrl(publicUrl: string, kind: string, projectId: string): string {
  return `${publicUrl}/api/webhooks/${kind}/${projectId}`;
}

export function webhookSetup(kind: string, url: string): WebhookSetup {
  const setup = findProvider(kind)?.webhooks.setup;
  // A project kept from a provider this version does not support: nothing to set up, and why.
  if (!setup) return { contentType: 'application/json', events: [], steps: [`This Baton version cannot receive ${providerLabel(kind)} webhooks.`] };
  return { ...setup, steps: setup.steps.map((step) => step.replaceAll('{url}', url)) };
}
