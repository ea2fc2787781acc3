// Bitbucket Cloud webhook deliveries: the signature on the raw bytes, the envelope from the
// headers, and pull-request events.
// https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/ (Secure webhooks),
// https://support.atlassian.com/bitbucket-cloud/docs/event-payloads/#Pull-request-events
import { ProviderError } from '../../errors.ts';
import { hmacSha256Matches } from '../hmac.ts';
import type { PullRequestEvent, PullRequestState, RepoMention, WebhookAdapter, WebhookEnvelope, WebhookHeaders } from '../types.ts';
import { headerValue, looksLikeJsonObject, textAt } from '../webhook-input.ts';
import { splitFullName, toPullRequest, webhookSchema } from './schema.ts';

/**
 * The events Baton applies, and the state each implies when the payload's `state` is not a real
 * value (the documented examples carry the placeholder "OPEN|MERGED|DECLINED").
 */
export const PULL_REQUEST_EVENTS: Record<string, PullRequestState> = {
  'pullrequest:created': 'open',
  'pullrequest:updated': 'open',
  'pullrequest:approved': 'open',
  'pullrequest:unapproved': 'open',
  'pullrequest:fulfilled': 'merged',
  'pullrequest:rejected': 'closed',
};

/** `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, sent only when the hook has a secret: none is no match. */
export function verifyBitbucketSignature(rawBody: Buffer, headers: WebhookHeaders, secrets: string[]): boolean {
  return hmacSha256Matches(rawBody, /^sha256=(\S+)$/i.exec(headerValue(headers, 'x-hub-signature')?.trim() ?? '')?.[1], secrets);
}

export const bitbucketWebhooks: WebhookAdapter = {
  kind: 'bitbucket',

  signatureHeaders: ['x-hub-signature'],

  verify: verifyBitbucketSignature,

  envelope(rawBody: Buffer, headers: WebhookHeaders): WebhookEnvelope | null {
    // X-Request-UUID stays the same when Bitbucket resends a delivery (X-Attempt-Number grows),
    // so it is the delivery id duplicates are recognised by.
    const deliveryId = headerValue(headers, 'x-request-uuid');
    const event = headerValue(headers, 'x-event-key');
    // Everything is in the headers; the body is parsed by the job that applies it.
    if (!deliveryId || !event || !looksLikeJsonObject(rawBody)) return null;
    return { deliveryId, event, action: event.slice(event.indexOf(':') + 1) || null, ping: event === 'diagnostics:ping' };
  },

  pullRequestEvent(event: string, body: unknown): PullRequestEvent | null {
    const fallback = PULL_REQUEST_EVENTS[event];
    if (!fallback) return null;
    const parsed = webhookSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError('validation', `Bitbucket ${event} payload is not as expected: ${issue?.path.join('.')} ${issue?.message}`);
    }
    const { repository, pullrequest } = parsed.data;
    return {
      repo: { ...splitFullName(repository.full_name), externalId: repository.uuid },
      pullRequest: toPullRequest(pullrequest, fallback),
      action: event.slice('pullrequest:'.length),
    };
  },

  repositoryOf(_event: string, body: unknown): RepoMention | null {
    // `full_name` is "workspace/repo_slug", the way Baton links a Bitbucket repository.
    const fullName = textAt(body, 'repository', 'full_name');
    if (!fullName?.includes('/')) return null;
    return { ...splitFullName(fullName), externalId: textAt(body, 'repository', 'uuid') };
  },
};
