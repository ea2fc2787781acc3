import type { Migration } from 'kysely';
import * as foundation from './001-foundation.ts';
import * as prSync from './002-pr-sync.ts';
import * as jobKindNames from './003-job-kind-names.ts';
import * as credentialFields from './004-credential-fields.ts';
import * as providerWriteSlots from './005-provider-write-slots.ts';
import * as ticketSearch from './008-ticket-search.ts';
import * as apiTokenExpiry from './009-api-token-expiry.ts';
import * as notifications from './010-notifications.ts';
import * as jobRunAgain from './014-job-run-again.ts';
import * as forkPullRequests from './015-fork-pull-requests.ts';
import * as people from './016-people.ts';
import * as repositoryWebhooks from './017-repository-webhooks.ts';
import * as boardChanges from './018-board-changes.ts';
import * as deliveryRetention from './019-delivery-retention.ts';
import * as ticketFields from './020-ticket-fields.ts';
import * as githubApp from './021-github-app.ts';
import * as deliveryTicket from './022-delivery-ticket.ts';
import * as boardChangesLabels from './023-board-changes-labels.ts';
import * as deliveryRepository from './024-delivery-repository.ts';
import * as releases from './025-releases.ts';
import * as githubAppRepositoryDeliveries from './026-github-app-repository-deliveries.ts';
import * as issueSync from './027-issue-sync.ts';
import * as workflowAutomation from './028-workflow-automation.ts';
import * as ticketActivity from './029-ticket-activity.ts';

// Explicit, ordered list: a migration runs because it is named here, not because a file exists.
export const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-pr-sync': prSync,
  '003-job-kind-names': jobKindNames,
  '004-credential-fields': credentialFields,
  '005-provider-write-slots': providerWriteSlots,
  '008-ticket-search': ticketSearch,
  '009-api-token-expiry': apiTokenExpiry,
  '010-notifications': notifications,
  '014-job-run-again': jobRunAgain,
  '015-fork-pull-requests': forkPullRequests,
  '016-people': people,
  '017-repository-webhooks': repositoryWebhooks,
  '018-board-changes': boardChanges,
  '019-delivery-retention': deliveryRetention,
  '020-ticket-fields': ticketFields,
  '021-github-app': githubApp,
  '022-delivery-ticket': deliveryTicket,
  '023-board-changes-labels': boardChangesLabels,
  '024-delivery-repository': deliveryRepository,
  '025-releases': releases,
  '026-github-app-repository-deliveries': githubAppRepositoryDeliveries,
  '027-issue-sync': issueSync,
  '028-workflow-automation': workflowAutomation,
  '029-ticket-activity': ticketActivity,
};
