// The GitHub App: install and authorise, its tokens, and its one webhook. Everything it knows
// about GitHub lives in src/providers/github/app/; this only registers it.
import { githubAppBroker } from '../../providers/github/app/broker.ts';
import { githubAppRoutes } from '../../providers/github/app/routes.ts';
import { githubAppWebhookCoverage } from '../../providers/github/app/webhook-coverage.ts';
import { describeGitHubAppWebhook, githubAppWebhook } from '../../providers/github/app/webhook-ingress.ts';
import type { Feature } from '../feature.ts';

export function githubAppFeature(): Feature {
  return {
    server: { routes: [githubAppRoutes, describeGitHubAppWebhook], plugins: [githubAppWebhook] },
    tokenBroker: (ctx) => (ctx.config.githubApp ? githubAppBroker : null),
    appWebhook: (ctx) => (ctx.config.githubApp ? githubAppWebhookCoverage : null),
  };
}
