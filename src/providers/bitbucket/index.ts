// Everything Baton knows about Bitbucket Cloud.
import type { ProviderDescriptor } from '../descriptor.ts';
import { BITBUCKET_BASE_URL } from './client.ts';
import { createBitbucketProvider, NEEDED_SCOPES } from './provider.ts';
import { bitbucketWebhooks } from './webhook.ts';

export const bitbucket: ProviderDescriptor = {
  kind: 'bitbucket',
  label: 'Bitbucket Cloud',
  defaultBaseUrl: BITBUCKET_BASE_URL,
  baseUrl: { label: 'API base URL', hint: `Leave empty for Bitbucket Cloud (${BITBUCKET_BASE_URL}).`, placeholder: BITBUCKET_BASE_URL },
  settings: [],
  owner: { label: 'Workspace', hint: 'The workspace slug, as in bitbucket.org/<workspace>/<repository>.', placeholder: 'acme' },
  credential: {
    tokenHelp: `An Atlassian API token with scopes (Atlassian account settings → Security → API tokens → Create API token with scopes → Bitbucket) granting ${NEEDED_SCOPES.join(', ')}. App passwords and workspace or repository access tokens are not accepted.`,
    scopes: NEEDED_SCOPES,
    fields: [
      {
        name: 'email',
        label: 'Atlassian account email',
        hint: 'The email of the Atlassian account the API token belongs to: Bitbucket takes the token only together with it.',
        placeholder: 'you@example.com',
        required: true,
        type: 'email',
        kept: true,
      },
    ],
  },
  webhooks: {
    adapter: bitbucketWebhooks,
    // The REST API offers list, create, read, update and delete on repository hooks and nothing
    // to send a test or read deliveries ("View requests" is web-only):
    // https://developer.atlassian.com/cloud/bitbucket/rest/api-group-repositories/#api-repositories-workspace-repo-slug-hooks-get
    testable: false,
    withoutTest:
      'Bitbucket Cloud has no test delivery Baton can ask for. The webhook shows healthy with its next delivery: open, update or approve a pull request in this repository. Bitbucket lists what it sent under Repository settings → Webhooks → View requests.',
    keptHeaders: ['x-event-key', 'x-request-uuid', 'x-attempt-number', 'x-hook-uuid'],
    setup: {
      contentType: 'application/json',
      events: ['Pull Request: Created', 'Updated', 'Approved', 'Approval removed', 'Merged', 'Declined'],
      steps: [
        'In Bitbucket, open the repository → Repository settings → Webhooks → Add webhook (once per linked repository).',
        'Title: Baton. URL: {url}',
        'Secret: the secret shown once by Baton. Bitbucket then signs every delivery (X-Hub-Signature); Baton refuses unsigned ones.',
        'Status: Active. Triggers: "Choose from a full list of triggers", then under Pull Request tick Created, Updated, Approved, Approval removed, Merged and Declined.',
        'Save. Deliveries appear under View requests; Bitbucket resends one that Baton answers with 5xx up to twice.',
      ],
    },
  },
  create: (connection, tuning) => createBitbucketProvider({ ...connection, username: connection.credentialFields?.email ?? '' }, tuning),
};
