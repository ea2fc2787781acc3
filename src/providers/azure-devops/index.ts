// Everything Baton knows about Azure DevOps Services.
import { fieldRefused } from '../../errors.ts';
import type { ProviderDescriptor } from '../descriptor.ts';
import { AZURE_DEVOPS_BASE_URL, createAzureDevOpsProvider, NEEDED_SCOPES } from './provider.ts';
import { azureDevOpsWebhooks } from './webhook.ts';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export const azureDevOps: ProviderDescriptor = {
  kind: 'ado',
  label: 'Azure DevOps',
  defaultBaseUrl: AZURE_DEVOPS_BASE_URL,
  baseUrl: { label: 'Base URL', hint: 'Leave empty for Azure DevOps Services (https://dev.azure.com).', placeholder: AZURE_DEVOPS_BASE_URL },
  settings: [
    {
      name: 'organization',
      label: 'Organization',
      hint: 'The Azure DevOps organization of the repositories.',
      placeholder: 'contoso',
      required: true,
      type: 'text',
    },
    { name: 'project', label: 'Project', hint: 'The Azure DevOps project inside that organization.', placeholder: 'Payments', required: true, type: 'text' },
  ],
  // A repository's owner is its organisation, and a Baton project lives in one of them.
  owner: { label: 'Organization', hint: 'The Azure DevOps organization this token belongs to.', placeholder: 'contoso', fixedBySetting: 'organization' },
  credential: {
    tokenHelp: `A personal access token with the scope ${NEEDED_SCOPES.code} (nothing else), for this organization or all of yours.`,
    scopes: [NEEDED_SCOPES.code],
    fields: [
      {
        name: 'project',
        label: 'Azure DevOps project',
        hint: 'Baton checks the token inside a project. Leave empty to use the project of your Baton project in this organization.',
        placeholder: '',
        required: false,
        type: 'text',
      },
    ],
    // Repositories are listed per project, so a token is checked inside one: the one named, else
    // that of one of the caller's Baton projects in the organisation.
    checkSettings(owner, input, projects) {
      const project = input.project ?? projects.find((s) => s.organization && same(s.organization, owner))?.project;
      if (project) return { organization: owner, project };
      throw fieldRefused(
        'project',
        `Azure DevOps project is needed: Baton checks a token inside a project, and none of your Baton projects is in organization ${owner}. Name the Azure DevOps project, or join (or create) the Baton project for ${owner} first.`,
      );
    },
  },
  webhooks: {
    adapter: azureDevOpsWebhooks,
    testable: true,
    // Service hooks carry everything in the body; the Authorization header holds the secret.
    keptHeaders: [],
    setup: {
      contentType: 'application/json',
      events: ['Pull request created', 'Pull request updated', 'Pull request merge attempted'],
      // Service hooks are not signed; the secret travels as the Basic password instead.
      steps: [
        'In Azure DevOps, open Project settings → Service hooks → Create subscription → Web Hooks, once for each of the three events.',
        'Trigger: "Pull request created", then "Pull request updated", then "Pull request merge attempted" (stored, never taken for a merge: a completed update is).',
        'Filters: the repositories linked to this Baton project, or any.',
        'Action URL: {url}',
        'Basic authentication username: any name (e.g. baton). Password: the secret shown once by Baton.',
        'Resource details to send: All. Messages to send and Detailed messages to send: None.',
        'Test, then Finish.',
      ],
    },
  },
  create: (connection, tuning) => createAzureDevOpsProvider(connection, tuning),
};
