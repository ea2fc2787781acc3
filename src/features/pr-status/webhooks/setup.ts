import type { ProviderKind } from '../../../providers/types.ts';

// What a project owner enters at the provider to point its webhooks at Baton.

export interface WebhookSetup {
  contentType: string;
  events: string[];
  steps: string[];
}

export function webhookUrl(publicUrl: string, kind: ProviderKind, projectId: string): string {
  return `${publicUrl}/api/webhooks/${kind}/${projectId}`;
}

export function webhookSetup(kind: ProviderKind, url: string): WebhookSetup {
  switch (kind) {
    case 'github':
      return {
        contentType: 'application/json',
        events: ['Pull requests'],
        steps: [
          'On GitHub, open the repository (or organisation) → Settings → Webhooks → Add webhook.',
          `Payload URL: ${url}`,
          'Content type: application/json (form-encoded deliveries are refused).',
          'Secret: the secret shown once by Baton.',
          'SSL verification: enable.',
          'Which events: "Let me select individual events", tick "Pull requests" and untick "Pushes".',
          'Active: ticked → Add webhook. GitHub sends a ping, which Baton answers with 200.',
        ],
      };
    case 'ado':
      // Service hooks are not signed; the secret travels as the Basic password instead.
      return {
        contentType: 'application/json',
        events: ['Pull request created', 'Pull request updated', 'Pull request merge attempted'],
        steps: [
          'In Azure DevOps, open Project settings → Service hooks → Create subscription → Web Hooks, once for each of the three events.',
          'Trigger: "Pull request created", then "Pull request updated", then "Pull request merge attempted" (stored, never taken for a merge: a completed update is).',
          'Filters: the repositories linked to this Baton project, or any.',
          `Action URL: ${url}`,
          'Basic authentication username: any name (e.g. baton). Password: the secret shown once by Baton.',
          'Resource details to send: All. Messages to send and Detailed messages to send: None.',
          'Test, then Finish.',
        ],
      };
    case 'bitbucket':
      return {
        contentType: 'application/json',
        events: ['Pull request: Created', 'Pull request: Updated', 'Pull request: Merged', 'Pull request: Declined'],
        steps: [
          'In Bitbucket, open Repository settings → Webhooks → Add webhook.',
          `URL: ${url}`,
          'Secret: the secret shown once by Baton.',
          'Triggers: choose from a full list → the four pull request events above.',
        ],
      };
    case 'gitea':
      return {
        contentType: 'application/json',
        events: ['Pull Request'],
        steps: [
          'In Gitea or Forgejo, open the repository → Settings → Webhooks → Add webhook → Gitea (or Forgejo).',
          `Target URL: ${url}`,
          'HTTP method: POST; POST content type: application/json.',
          'Secret: the secret shown once by Baton.',
          'Trigger on: custom events → Pull Request.',
        ],
      };
  }
}
