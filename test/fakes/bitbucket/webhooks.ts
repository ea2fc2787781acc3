// The fake's webhook sender: for each pull-request change, a POST to every repository hook that
// subscribed to the event, shaped and signed like Bitbucket Cloud's. A 5xx answer is resent up
// to two more times with the same X-Request-UUID and a growing X-Attempt-Number.
// https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/ (Secure webhooks),
// https://support.atlassian.com/bitbucket-cloud/docs/troubleshoot-webhooks/ (retries)
import { createHmac, randomUUID } from 'node:crypto';
import { accountJson, pullJson, repoJson, type Urls } from './shapes.ts';
import type { FakeAccount, FakeHook, FakePull, FakeRepo } from './state.ts';

export interface Delivery {
  requestUuid: string;
  event: string;
  hook: FakeHook;
  body: string;
  headers: Record<string, string>;
  /** Status of each attempt; 0 for a network error. */
  attempts: number[];
}

export interface WebhookSender {
  readonly deliveries: Delivery[];
  /** Send `event` for the pull request to every hook of `repo` that wants it. */
  emit(event: string, repo: FakeRepo, pull: FakePull, actor: FakeAccount): void;
  /** Send a stored delivery again, as the "Resend request" button does (same X-Request-UUID). */
  resend(delivery: Delivery): Promise<number>;
  /** Resolves once every delivery in flight has been answered. */
  idle(): Promise<void>;
}

const ATTEMPTS = 3;

export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function createWebhookSender(urls: () => Urls, hashOf: (r: FakeRepo, branch: string) => string | undefined): WebhookSender {
  const deliveries: Delivery[] = [];
  const inFlight = new Set<Promise<unknown>>();

  async function attempt(delivery: Delivery): Promise<number> {
    const number = delivery.attempts.length + 1;
    let status = 0;
    try {
      const res = await fetch(delivery.hook.url, {
        method: 'POST',
        headers: { ...delivery.headers, 'x-attempt-number': String(number) },
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      status = 0;
    }
    delivery.attempts.push(status);
    return status;
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  }

  return {
    deliveries,
    emit(event, repo, pull, actor) {
      const u = urls();
      for (const hook of repo.hooks.filter((h) => h.active && h.events.has(event))) {
        const body = JSON.stringify({
          actor: accountJson(u, actor),
          pullrequest: pullJson(u, repo, pull, hashOf),
          repository: repoJson(u, repo),
        });
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'user-agent': 'Bitbucket-Webhooks/2.0',
          'x-event-key': event,
          'x-hook-uuid': hook.uuid.slice(1, -1),
          'x-request-uuid': randomUUID(),
          'x-event-time': new Date().toUTCString(),
          // Signed only when the hook has a secret.
          ...(hook.secret && { 'x-hub-signature': signature(hook.secret, body) }),
        };
        const delivery: Delivery = { requestUuid: headers['x-request-uuid']!, event, hook, body, headers, attempts: [] };
        deliveries.push(delivery);
        track(
          (async () => {
            while (delivery.attempts.length < ATTEMPTS) {
              const status = await attempt(delivery);
              if (status < 500 && status !== 0) return;
            }
          })(),
        );
      }
    },
    resend: (delivery) => track(attempt(delivery)),
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** The vendored example bodies hold no headers: the X-Event-Key Bitbucket sends each with. */
export const REFERENCE_EVENT_KEYS: Record<string, string> = {
  'pull-request-created.json': 'pullrequest:created',
  'pull-request-updated.json': 'pullrequest:updated',
  'pull-request-approved.json': 'pullrequest:approved',
  'pull-request-approval-removed.json': 'pullrequest:unapproved',
  'pull-request-merged.json': 'pullrequest:fulfilled',
  'pull-request-declined.json': 'pullrequest:rejected',
  'pull-request-comment-created.json': 'pullrequest:comment_created',
  'pull-request-comment-updated.json': 'pullrequest:comment_updated',
  'pull-request-comment-deleted.json': 'pullrequest:comment_deleted',
};
