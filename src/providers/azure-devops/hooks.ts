// Service-hook subscriptions on Azure DevOps: Baton's webhook for a repository is three Web Hooks
// subscriptions (pull request created, updated, merge attempted) filtered to that repository,
// posting JSON to one URL with the secret as the Basic password. Their ids, joined by ",", are the
// webhook's id. Each subscription keeps a notification history: the delivery log.
// https://learn.microsoft.com/azure/devops/service-hooks/create-subscription
import { z } from 'zod';
import { ProviderError } from '../../errors.ts';
import { type HookCapability, type HookDelivery, HookPermissionMissing, type HookTarget, type ProviderHook } from '../hooks.ts';
import type { RepoRef } from '../types.ts';
import { type AzureDevOpsClient, PATHS } from './client.ts';

const PERMISSION =
  'the "View subscriptions" and "Edit subscriptions" service-hooks permissions in the project (Project Administrators have them), with a token that may manage service hooks';
const EVENTS = ['git.pullrequest.created', 'git.pullrequest.updated', 'git.pullrequest.merged'];
// The user name is not checked by Baton; the password is the secret.
const BASIC_USER = 'baton';
const WEB_HOOKS = { publisherId: 'tfs', consumerId: 'webHooks', consumerActionId: 'httpRequest' };

const subscriptionSchema = z.object({
  id: z.string(),
  eventType: z.string(),
  status: z.string(),
  publisherInputs: z.record(z.string(), z.string()).nullish(),
  consumerInputs: z.record(z.string(), z.string()).nullish(),
});
type Subscription = z.output<typeof subscriptionSchema>;
const listSchema = z.object({ value: z.array(subscriptionSchema) });
const repositorySchema = z.object({ id: z.string(), project: z.object({ id: z.string() }) });
const notificationSchema = z.object({
  createdDate: z.string(),
  result: z.string(),
  details: z.object({ eventType: z.string().nullish(), errorMessage: z.string().nullish(), response: z.string().nullish() }).nullish(),
});
const notificationsSchema = z.object({ value: z.array(notificationSchema) });

/**
 * A missing permission comes back as 403 (the service-hooks ACL) or as 401 TF400813 (the token's
 * scopes): the token itself was just used to find the repository, so either means "may not".
 */
async function allowed<T>(repo: RepoRef, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderError && (error.kind === 'forbidden' || error.kind === 'auth')) {
      throw new HookPermissionMissing(
        PERMISSION,
        `This credential may not manage service hooks of ${repo.owner}/${repo.name}: it needs ${PERMISSION}`,
        error.status,
      );
    }
    throw error;
  }
}

export function azureDevOpsHooks(client: AzureDevOpsClient, project: string): HookCapability {
  const org = (repo: RepoRef) => ({ organization: repo.owner });

  async function repository(repo: RepoRef) {
    const { data } = await client.request(repositorySchema, {
      method: 'GET',
      path: PATHS.repository,
      params: { ...org(repo), project, repositoryId: repo.name },
    });
    return data;
  }

  /** Baton's subscriptions for this repository and URL, by event type. */
  async function subscriptions(repo: RepoRef, repositoryId: string, url: string): Promise<Map<string, Subscription>> {
    const { data } = await allowed(repo, () => client.request(listSchema, { method: 'GET', path: PATHS.subscriptions, params: org(repo), query: WEB_HOOKS }));
    const mine = data.value.filter((s) => s.consumerInputs?.url === url && s.publisherInputs?.repository === repositoryId && EVENTS.includes(s.eventType));
    return new Map(mine.map((s) => [s.eventType, s]));
  }

  async function put(repo: RepoRef, eventType: string, projectId: string, repositoryId: string, target: HookTarget, old: Subscription | undefined) {
    const body = {
      ...WEB_HOOKS,
      eventType,
      resourceVersion: '1.0',
      publisherInputs: { projectId, repository: repositoryId },
      consumerInputs: {
        url: target.url,
        basicAuthUsername: BASIC_USER,
        basicAuthPassword: target.secret,
        resourceDetailsToSend: 'all',
        messagesToSend: 'none',
        detailedMessagesToSend: 'none',
      },
    };
    const { data } = await allowed(repo, () =>
      old
        ? client.request(subscriptionSchema, { method: 'PUT', path: PATHS.subscription, params: { ...org(repo), subscriptionId: old.id }, body })
        : client.request(subscriptionSchema, { method: 'POST', path: PATHS.subscriptions, params: org(repo), body }),
    );
    return data;
  }

  const toHook = (url: string, subs: Subscription[]): ProviderHook => ({
    id: subs.map((s) => s.id).join(','),
    url,
    events: subs.map((s) => s.eventType),
    active: subs.every((s) => s.status === 'enabled'),
  });

  return {
    events: EVENTS,
    permission: PERMISSION,

    async find(repo, url) {
      const { id } = await repository(repo);
      const found = [...(await subscriptions(repo, id, url)).values()];
      return found.length ? toHook(url, found) : null;
    },

    async register(repo, target: HookTarget) {
      const { id: repositoryId, project: owning } = await repository(repo);
      const existing = await subscriptions(repo, repositoryId, target.url);
      const made: Subscription[] = [];
      try {
        for (const eventType of EVENTS) made.push(await put(repo, eventType, owning.id, repositoryId, target, existing.get(eventType)));
      } catch (error) {
        // Nothing half-made: subscriptions created by this call go again when a later one is refused.
        for (const s of made.filter((m) => !existing.has(m.eventType))) {
          await client
            .request(z.unknown(), { method: 'DELETE', path: PATHS.subscription, params: { ...org(repo), subscriptionId: s.id } })
            .catch(() => undefined);
        }
        throw error;
      }
      return { hook: toHook(target.url, made), created: existing.size === 0 };
    },

    async remove(repo, id) {
      let removed = false;
      for (const subscriptionId of id.split(',').filter(Boolean)) {
        try {
          await allowed(repo, () => client.request(z.unknown(), { method: 'DELETE', path: PATHS.subscription, params: { ...org(repo), subscriptionId } }));
          removed = true;
        } catch (error) {
          if (!(error instanceof ProviderError && error.kind === 'not_found')) throw error;
        }
      }
      return removed;
    },

    async test(repo, id) {
      // A test notification of the "created" subscription, sent with its own inputs.
      const subscriptionId = id.split(',')[0] ?? '';
      await allowed(repo, () =>
        client.request(z.unknown(), {
          method: 'POST',
          path: PATHS.testNotifications,
          params: org(repo),
          body: { subscriptionId, details: { eventType: EVENTS[0] } },
        }),
      );
    },

    async deliveries(repo, id): Promise<HookDelivery[]> {
      const all: HookDelivery[] = [];
      for (const subscriptionId of id.split(',').filter(Boolean)) {
        const { data } = await allowed(repo, () =>
          client.request(notificationsSchema, {
            method: 'GET',
            path: PATHS.notifications,
            params: { ...org(repo), subscriptionId },
            query: { maxResults: 20 },
          }),
        );
        for (const n of data.value) {
          if (n.result === 'pending' || n.result === 'filtered') continue;
          const ok = n.result === 'succeeded';
          const status = Number(/\b(\d{3})\b/.exec(n.details?.response ?? '')?.[1]) || null;
          all.push({ at: n.createdDate, event: n.details?.eventType ?? '', ok, status, error: ok ? null : (n.details?.errorMessage ?? 'delivery failed') });
        }
      }
      return all.sort((a, b) => b.at.localeCompare(a.at));
    },
  };
}
