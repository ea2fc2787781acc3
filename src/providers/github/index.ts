// Everything Baton knows about GitHub (github.com, Enterprise Cloud, Enterprise Server).
import type { ProviderDescriptor } from '../descriptor.ts';
import { GITHUB_DEFAULT_BASE_URL } from './client.ts';
import { createGitHubProvider, FINE_GRAINED_NEEDS } from './provider.ts';
import { createGitHubWebhookAdapter } from './webhook.ts';

export const github: ProviderDescriptor = {
  kind: 'github',
  label: 'GitHub',
  defaultBaseUrl: GITHUB_DEFAULT_BASE_URL,
  baseUrl: {
    label: 'API base URL',
    hint: 'Leave empty for github.com. For GitHub Enterprise Server use https://HOST/api/v3.',
    placeholder: GITHUB_DEFAULT_BASE_URL,
  },
  settings: [],
  owner: { label: 'Owner', hint: 'The organization or user whose repositories this token may use.', placeholder: 'acme' },
  credential: {
    tokenHelp: `A fine-grained token with ${FINE_GRAINED_NEEDS.join(', ')}, or a classic token with the repo scope.`,
    scopes: [...FINE_GRAINED_NEEDS],
    fields: [],
  },
  webhooks: {
    adapter: createGitHubWebhookAdapter(),
    testable: true,
    keptHeaders: ['x-github-event', 'x-github-delivery', 'x-github-hook-id', 'x-github-hook-installation-target-id', 'x-github-hook-installation-target-type'],
    setup: {
      contentType: 'application/json',
      events: ['Pull requests'],
      steps: [
        'On GitHub, open the repository (or organisation) → Settings → Webhooks → Add webhook.',
        'Payload URL: {url}',
        'Content type: application/json (form-encoded deliveries are refused).',
        'Secret: the secret shown once by Baton.',
        'SSL verification: enable.',
        'Which events: "Let me select individual events", tick "Pull requests" and untick "Pushes".',
        'Active: ticked → Add webhook. GitHub sends a ping, which Baton answers with 200.',
      ],
    },
  },
  create: (connection, tuning) => createGitHubProvider(connection, tuning),
};
