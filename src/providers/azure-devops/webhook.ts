// Azure DevOps service hooks. They are not signed: the web hook's "Basic authentication"
// password is Baton's webhook secret, so verification compares that password.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ProviderError } from '../../errors.ts';
import type { PullRequestEvent, RepoMention, WebhookAdapter, WebhookEnvelope, WebhookHeaders } from '../types.ts';
import { headerValue, jsonBody, textAt } from '../webhook-input.ts';
import { toPullRequest } from './provider.ts';
import { PullRequestHook, ServiceHookEnvelope } from './schema.ts';

export interface AzureDevOpsWebhookOptions {
  /** Owner to use when a payload's URLs do not name the organisation. */
  organization?: string;
}

// `git.pullrequest.merged` means "merge commit created" and also fires for the test merges
// ADO runs while a PR is open; a merge is `git.pullrequest.updated` with status `completed`.
const PULL_REQUEST_EVENTS = new Set(['git.pullrequest.created', 'git.pullrequest.updated']);

export function createAzureDevOpsWebhookAdapter(options: AzureDevOpsWebhookOptions = {}): WebhookAdapter {
  return {
    kind: 'ado',

    // The web hook's Basic credentials carry the secret.
    signatureHeaders: ['authorization'],

    verify(_rawBody: Buffer, headers: WebhookHeaders, secrets: string[]): boolean {
      const password = basicPassword(headerValue(headers, 'authorization'));
      if (password === null) return false;
      // Hashing first gives equal-length buffers, so timingSafeEqual never leaks the length.
      const given = sha256(password);
      let matched = false;
      for (const secret of secrets) {
        if (secret && timingSafeEqual(given, sha256(secret))) matched = true;
      }
      return matched;
    },

    envelope(rawBody: Buffer): WebhookEnvelope | null {
      // Parsed before the acknowledgement, unlike the other providers': Azure DevOps sends no
      // headers naming the event or the delivery, only the body does. A body that is not JSON
      // parses as undefined, which the schema refuses.
      const parsed = ServiceHookEnvelope.safeParse(jsonBody(rawBody));
      if (!parsed.success) return null;
      const { id, eventType, resource } = parsed.data;
      return { deliveryId: id, event: eventType, action: resource?.status ?? null, ping: false };
    },

    pullRequestEvent(event: string, body: unknown): PullRequestEvent | null {
      if (!PULL_REQUEST_EVENTS.has(event)) return null;
      const parsed = PullRequestHook.safeParse(body);
      if (!parsed.success) throw new ProviderError('validation', `Azure DevOps ${event} payload is malformed: ${parsed.error.issues[0]?.message}`);
      const { resource, createdDate } = parsed.data;
      const { repository } = resource;
      const owner = organizationFrom(repository.url) ?? organizationFrom(repository.remoteUrl) ?? options.organization;
      if (!owner) throw new ProviderError('validation', `Azure DevOps ${event} payload names no organisation`);
      return {
        repo: { owner, name: repository.name, externalId: repository.id },
        // The event's creation time orders deliveries; the resource has no update time.
        pullRequest: toPullRequest(resource, createdDate ?? resource.closedDate ?? resource.creationDate, null),
        action: event,
      };
    },

    repositoryOf(_event: string, body: unknown): RepoMention | null {
      // Git events (pull requests, pushes) carry `resource.repository`; its id is the repository's.
      const url = textAt(body, 'resource', 'repository', 'url') ?? textAt(body, 'resource', 'repository', 'remoteUrl') ?? undefined;
      const owner = organizationFrom(url) ?? options.organization;
      const name = textAt(body, 'resource', 'repository', 'name');
      const externalId = textAt(body, 'resource', 'repository', 'id');
      if (!name && !externalId) return null;
      return { owner: owner ?? '', name: name ?? '', externalId };
    },
  };
}

export const azureDevOpsWebhooks = createAzureDevOpsWebhookAdapter();

/** The password of an `Authorization: Basic` header (any user name), or null. */
function basicPassword(value: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(value ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || colon === decoded.length - 1) return null;
  return decoded.slice(colon + 1);
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** `https://dev.azure.com/{org}/…` or the older `https://{org}.visualstudio.com/…`. */
function organizationFrom(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { hostname, pathname } = new URL(url);
    const legacy = /^([^.]+)\.visualstudio\.com$/i.exec(hostname);
    if (legacy) return legacy[1]!;
    const first = pathname.split('/').find(Boolean);
    return first && !first.startsWith('_') ? decodeURIComponent(first) : null;
  } catch {
    return null;
  }
}
