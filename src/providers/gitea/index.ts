// Everything Baton knows about Gitea and Forgejo (Codeberg is Forgejo): every server is the
// customer's own, so the base URL is required.
import type { ProviderDescriptor } from '../descriptor.ts';
import { createGiteaProvider, NEEDED_SCOPES } from './provider.ts';
import { createGiteaWebhookAdapter } from './webhook.ts';

/**
 * The API root of a server: `https://HOST[/subpath]/api/v1`. A server's address without it is
 * completed; any other `/api` path (GitHub's /api/v3, a bare /api) is not a Gitea API root.
 */
export function giteaApiRoot(url: string): string | null {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  if (/\/api\/v1$/.test(path)) return `${parsed.origin}${path}`;
  if (/(^|\/)api(\/|$)/.test(path) || parsed.search || parsed.hash) return null;
  return `${parsed.origin}${path}/api/v1`;
}

export const gitea: ProviderDescriptor = {
  kind: 'gitea',
  label: 'Gitea / Forgejo',
  defaultBaseUrl: null,
  baseUrl: {
    label: 'API base URL',
    hint: "Your server's API root, ending in /api/v1 (e.g. https://codeberg.org/api/v1); the server's address alone is completed.",
    placeholder: 'https://codeberg.org/api/v1',
  },
  apiRoot: giteaApiRoot,
  settings: [],
  owner: { label: 'Owner', hint: 'The organization or user whose repositories this token may use.', placeholder: 'acme' },
  credential: {
    tokenHelp: `An access token (Settings → Applications) with the scopes ${NEEDED_SCOPES.join(' and ')}, for all repositories: a Forgejo token limited to specific repositories cannot carry read:user.`,
    scopes: [...NEEDED_SCOPES],
    fields: [],
  },
  webhooks: {
    adapter: createGiteaWebhookAdapter(),
    testable: true,
    // Forgejo sends its own family of headers besides the Gitea ones.
    keptHeaders: ['x-gitea-event', 'x-gitea-event-type', 'x-gitea-delivery', 'x-forgejo-event', 'x-forgejo-event-type', 'x-forgejo-delivery'],
    setup: {
      contentType: 'application/json',
      events: ['Pull Request'],
      steps: [
        'In Gitea, open the repository (or organisation) → Settings → Webhooks → Add webhook → Gitea. In Forgejo (Codeberg): Settings → Webhooks → Add webhook → Forgejo.',
        'Target URL: {url}',
        'HTTP method: POST. POST content type: application/json (form-encoded deliveries are refused).',
        'Secret: the secret shown once by Baton.',
        'Trigger on: Custom events → under pull request events tick "Pull Request" (opened, closed, reopened, edited); the others are not needed.',
        'Active: ticked → Add webhook. "Test Delivery" sends a push event, which Baton stores and ignores.',
      ],
    },
  },
  create: (connection, tuning) => createGiteaProvider(connection, tuning),
};
