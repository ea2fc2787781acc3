// Webhook deliveries the way Gitea (services/webhook/deliver.go) and Forgejo send them: the JSON
// payload POSTed with the hex HMAC-SHA256 of the exact body as the signature. Gitea signs in
// X-Gitea-Signature; Forgejo in X-Forgejo-Signature, keeping the X-Gitea-* event headers.
import { createHmac, randomUUID } from 'node:crypto';
import type { Ctx, PullEvent } from './context.ts';
import { pullJson, repoJson, userJson } from './shapes.ts';
import type { FakeAccount, Flavour } from './state.ts';

export interface FakeHook {
  /** "owner/name"; the hook fires for this repository only. */
  repo: string;
  url: string;
  secret: string;
  /** Default: the server's flavour. */
  flavour?: Flavour;
  /** Set for hooks made through the API (routes-hooks.ts); a hook a test adds directly fires for every event. */
  id?: number;
  events?: string[];
  active?: boolean;
  contentType?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface SentDelivery {
  id: string;
  event: string;
  type: string;
  action: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Baton's answer; 0 when the request failed. */
  status: number;
  response: unknown;
}

/** The event header value for an event type (HookEventType.Event in Gitea). */
function eventOf(type: string): string {
  if (type === 'pull_request_comment') return 'issue_comment';
  if (type === 'pull_request_review_comment') return 'pull_request_comment';
  if (!type.startsWith('pull_request')) return type;
  return 'pull_request';
}

export function deliveryHeaders(flavour: Flavour, id: string, type: string, signature: string): Record<string, string> {
  const event = eventOf(type);
  const gitea = { 'x-gitea-delivery': id, 'x-gitea-event': event, 'x-gitea-event-type': type };
  const common = { 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1' };
  if (flavour === 'forgejo') {
    return { ...common, 'x-forgejo-delivery': id, 'x-forgejo-event': event, 'x-forgejo-event-type': type, 'x-forgejo-signature': signature, ...gitea };
  }
  return {
    ...common,
    ...gitea,
    'x-gitea-signature': signature,
    'x-gogs-delivery': id,
    'x-gogs-event': event,
    'x-gogs-event-type': type,
    'x-gogs-signature': signature,
    'x-github-delivery': id,
    'x-github-event': event,
    'x-github-event-type': type,
  };
}

export function signBody(body: string | Buffer, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function pullPayload(ctx: Pick<Ctx, 'state' | 'apiUrl' | 'webUrl'>, e: PullEvent, sender: FakeAccount): Record<string, unknown> {
  const extra = { ...e.extra };
  if (typeof extra.requested_reviewer === 'string') extra.requested_reviewer = userJson(ctx, ctx.state.account(extra.requested_reviewer)!);
  return {
    action: e.action,
    number: e.pull.number,
    pull_request: pullJson(ctx, e.repo, e.pull, null),
    ...extra,
    repository: repoJson(ctx, e.repo, null),
    sender: userJson(ctx, sender),
    commit_id: '',
    review: null,
  };
}

export class HookSender {
  readonly hooks: FakeHook[] = [];
  readonly sent: SentDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly flavour: Flavour) {}

  /** POST the payload to every hook of the event's repository; `settled()` awaits them. */
  send(ctx: Pick<Ctx, 'state' | 'apiUrl' | 'webUrl'>, e: PullEvent, sender: FakeAccount): void {
    const full = `${e.repo.owner}/${e.repo.name}`.toLowerCase();
    for (const hook of this.hooks.filter((h) => h.repo.toLowerCase() === full && h.active !== false)) {
      const body = JSON.stringify(pullPayload(ctx, e, sender), null, 2);
      this.post(hook, e.type, e.action, body);
    }
  }

  /** Deliver a prepared body (e.g. a reference payload) as `type` to every hook of `repo`. */
  post(hook: FakeHook, type: string, action: string, body: string): void {
    const id = randomUUID();
    const headers = deliveryHeaders(hook.flavour ?? this.flavour, id, type, signBody(body, hook.secret));
    const record: SentDelivery = { id, event: eventOf(type), type, action, url: hook.url, headers, body, status: 0, response: null };
    this.sent.push(record);
    const done = fetch(hook.url, { method: 'POST', headers, body })
      .then(async (res) => {
        record.status = res.status;
        const text = await res.text();
        record.response = text ? JSON.parse(text) : null;
      })
      .catch((err: unknown) => {
        record.response = String(err);
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  async settled(): Promise<SentDelivery[]> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    return this.sent;
  }
}
