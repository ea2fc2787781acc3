// GitHub webhook deliveries: signature check on the raw bytes, envelope, pull_request and release events.
import { ProviderError } from '../../errors.ts';
import { hmacSha256Matches } from '../hmac.ts';
import type { ReleaseEvent } from '../releases.ts';
import type { PullRequestEvent, RepoMention, WebhookAdapter, WebhookEnvelope, WebhookHeaders } from '../types.ts';
import { actionOf, headerValue, leadingAction, looksLikeJsonObject, textAt } from '../webhook-input.ts';
import { gitHubIssueEvent } from './issue-webhook.ts';
import { publishedRelease, pullRequestEventSchema, releaseEventSchema, toPullRequest } from './schema.ts';

/** Actions that change what Baton shows for a PR; labels, assignees and the like do not. */
export const PULL_REQUEST_ACTIONS = new Set(['opened', 'reopened', 'edited', 'synchronize', 'ready_for_review', 'converted_to_draft', 'closed']);

/**
 * `release` actions that publish, change or withdraw a release Baton shows. `created` is sent for
 * drafts too (a draft is left out); `unpublished` turns a release back into a draft.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#release
 */
const RELEASE_UPSERTS = new Set(['published', 'released', 'prereleased', 'created', 'edited']);
const RELEASE_REMOVALS = new Set(['deleted', 'unpublished']);

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`, tried against every secret
 * (current and, during rotation, previous). Anything malformed is simply not verified.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
export function verifyGitHubSignature(rawBody: Buffer, signature: string | undefined, secrets: string[]): boolean {
  return hmacSha256Matches(rawBody, /^sha256=(\S+)$/i.exec(signature?.trim() ?? '')?.[1], secrets);
}

export function createGitHubWebhookAdapter(): WebhookAdapter {
  return {
    kind: 'github',

    signatureHeaders: ['x-hub-signature-256'],

    verify(rawBody: Buffer, headers: WebhookHeaders, secrets: string[]): boolean {
      return verifyGitHubSignature(rawBody, headerValue(headers, 'x-hub-signature-256'), secrets);
    },

    envelope(rawBody: Buffer, headers: WebhookHeaders): WebhookEnvelope | null {
      const deliveryId = headerValue(headers, 'x-github-delivery');
      const event = headerValue(headers, 'x-github-event');
      // Hooks configured as application/x-www-form-urlencoded are not accepted: JSON only.
      if (!deliveryId || !event || !looksLikeJsonObject(rawBody)) return null;
      // Not parsed here: GitHub sends `action` as the first member. Only a pull_request delivery
      // needs it now (it decides whether the delivery is applied), so only there is a payload
      // that puts it elsewhere parsed to find it.
      const action = event === 'pull_request' ? actionOf(rawBody) : (leadingAction(rawBody) ?? null);
      return { deliveryId, event, action, ping: event === 'ping' };
    },

    pullRequestEvent(event: string, body: unknown): PullRequestEvent | null {
      if (event !== 'pull_request') return null;
      const action = (body as { action?: unknown } | null)?.action;
      if (typeof action !== 'string' || !PULL_REQUEST_ACTIONS.has(action)) return null;
      const parsed = pullRequestEventSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ProviderError('validation', `GitHub pull_request payload is not as expected: ${issue?.path.join('.')} ${issue?.message}`);
      }
      const { repository, pull_request } = parsed.data;
      return {
        repo: { owner: repository.owner.login, name: repository.name, externalId: String(repository.id) },
        pullRequest: toPullRequest(pull_request),
        action,
      };
    },

    repositoryOf(_event: string, body: unknown): RepoMention | null {
      return mentionedRepository(body);
    },

    releaseEvent(event: string, body: unknown): ReleaseEvent | null {
      if (event !== 'release') return null;
      const action = (body as { action?: unknown } | null)?.action;
      if (typeof action !== 'string' || !(RELEASE_UPSERTS.has(action) || RELEASE_REMOVALS.has(action))) return null;
      const parsed = releaseEventSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ProviderError('validation', `GitHub release payload is not as expected: ${issue?.path.join('.')} ${issue?.message}`);
      }
      const { repository, release } = parsed.data;
      const published = publishedRelease(release);
      // A draft's id is what a later delete names, so a draft reads as "not (or no longer) published".
      const shown = published ?? publishedRelease({ ...release, draft: false })!;
      return {
        repo: { owner: repository.owner.login, name: repository.name, externalId: String(repository.id) },
        change: published && RELEASE_UPSERTS.has(action) ? 'upsert' : 'delete',
        release: shown,
      };
    },
    issueEvent: gitHubIssueEvent,
  };
}

/** `repository` of any repository event (ping and push included): id, name and owner login. */
function mentionedRepository(body: unknown): RepoMention | null {
  const owner = textAt(body, 'repository', 'owner', 'login');
  const name = textAt(body, 'repository', 'name');
  const externalId = textAt(body, 'repository', 'id');
  return owner && name ? { owner, name, externalId } : null;
}
