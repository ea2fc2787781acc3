import { automationFeature } from './automation/index.ts';
import { boardFeature } from './board/index.ts';
import { commentsFeature } from './comments/index.ts';
import type { Feature } from './feature.ts';
import { githubAppFeature } from './github-app/index.ts';
import { issueSyncFeature } from './issue-sync/index.ts';
import { prStatusFeature } from './pr-status/index.ts';
import { releasesFeature } from './releases/index.ts';
import { startWorkFeature } from './start-work/index.ts';
import { webhookSetupFeature } from './webhook-setup/index.ts';

/** Features beyond the core, in the order they register. */
export const features: Feature[] = [
  startWorkFeature(),
  prStatusFeature(),
  boardFeature(),
  webhookSetupFeature(),
  commentsFeature(),
  githubAppFeature(),
  releasesFeature(),
  issueSyncFeature(),
  automationFeature(),
];
