// Gitea and Forgejo webhook deliveries: signature check on the raw bytes, envelope, pull_request
// events. https://docs.gitea.com/usage/webhooks, https://forgejo.org/docs/latest/user/webhooks/
import { ProviderError } from '../../errors.ts';
import { hmacSha256Matches } from '../hmac.ts';
import type { PullRequestEvent, RepoMention, WebhookAdapter, WebhookEnvelope, WebhookHeaders } from '../types.ts';
import { actionOf, headerValue, leadingAction, looksLikeJsonObject, textAt } from '../webhook-input.ts';
import { pullRequestEventSchema, toPullRequest } from './schema.ts';

/**
 * Actions that change what Baton shows for a PR. Gitea says `synchronized` where GitHub says
 * `synchronize`; labels, milestones, assignees, comments and reviews are not applied.
 */
export const PULL_REQUEST_ACTIONS = new Set(['opened', 'reopened', 'edited', 'closed', 'synchronized', 'review_requested', 'review_request_removed']);

/**
 * The bare hex HMAC-SHA256 of the raw body: Gitea sends it as `X-Gitea-Signature`, Forgejo as
 * `X-Forgejo-Signature`. Either verifying is enough; anything malformed simply does not verify.
 */
export function verifyGiteaSignature(rawBody: Buffer, headers: WebhookHeaders, secrets: string[]): boolean {
  return ['x-gitea-signature', 'x-forgejo-signature'].some((name) => hmacSha256Matches(rawBody, headerValue(headers, name)?.trim(), secrets));
}

export function createGiteaWebhookAdapter(): WebhookAdapter {
  return {
    kind: 'gitea',

    signatureHeaders: ['x-gitea-signature', 'x-forgejo-signature'],

    verify: verifyGiteaSignature,

    envelope(rawBody: Buffer, headers: WebhookHeaders): WebhookEnvelope | null {
      // Forgejo sends both families; older Gitea servers only the X-Gitea ones.
      const deliveryId = headerValue(headers, 'x-gitea-delivery') ?? headerValue(headers, 'x-forgejo-delivery');
      const event = headerValue(headers, 'x-gitea-event') ?? headerValue(headers, 'x-forgejo-event');
      // Hooks with the form content type sign the JSON, not the body sent: JSON only.
      if (!deliveryId || !event || !looksLikeJsonObject(rawBody)) return null;
      // Not parsed here: Gitea and Forgejo send `action` first; only a pull_request delivery needs
      // it now (whether it is applied), so only there is one that puts it elsewhere parsed.
      const action = event === 'pull_request' ? actionOf(rawBody) : (leadingAction(rawBody) ?? null);
      return { deliveryId, event, action, ping: false };
    },

    pullRequestEvent(event: string, body: unknown): PullRequestEvent | null {
      if (event !== 'pull_request') return null;
      const action = (body as { action?: unknown } | null)?.action;
      if (typeof action !== 'string' || !PULL_REQUEST_ACTIONS.has(action)) return null;
      const parsed = pullRequestEventSchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ProviderError('validation', `Gitea pull_request payload is not as expected: ${issue?.path.join('.')} ${issue?.message}`);
      }
      const { repository, pull_request } = parsed.data;
      return {
        repo: { owner: repository.owner.login, name: repository.name, externalId: String(repository.id) },
        pullRequest: toPullRequest(pull_request),
        action,
      };
    },

    repositoryOf(_event: string, body: unknown): RepoMention | null {
      // Every repository event (the test call's push included) carries `repository`; Forgejo and
      // older Gitea name its owner `login`, some versions `username` as well.
      const owner = textAt(body, 'repository', 'owner', 'login') ?? textAt(body, 'repository', 'owner', 'username');
      const name = textAt(body, 'repository', 'name');
      return owner && name ? { owner, name, externalId: textAt(body, 'repository', 'id') } : null;
    },
  };
}
