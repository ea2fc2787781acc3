// Service-hook subscriptions as Azure DevOps keeps them: Web Hooks subscriptions per event type,
// filtered to a repository, the Basic password never shown back; a test notification posts a
// sample event with the subscription's own inputs, and every attempt lands in its notification
// history with the answer it got.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { referencePath } from '../../support/reference.ts';
import { type Handler, type HandlerContext, orgOf } from './context.ts';
import { adoError, collection } from './shapes.ts';
import type { FakeOrganization } from './state.ts';

export interface FakeNotification {
  id: number;
  eventType: string;
  createdDate: string;
  result: 'pending' | 'succeeded' | 'failed';
  /** The receiver's status line, e.g. "200 OK"; empty when it could not be reached. */
  response: string;
  errorMessage: string | null;
}

export interface FakeSubscription {
  id: string;
  eventType: string;
  publisherInputs: Record<string, string>;
  consumerInputs: Record<string, string>;
  createdBy: string;
  createdDate: string;
  modifiedDate: string;
  notifications: FakeNotification[];
}

const MASK = '********';

/** The service-hooks ACL: editing subscriptions needs "Edit subscriptions", listing them "View subscriptions". */
function permitted(ctx: HandlerContext, org: FakeOrganization, action: 'View' | 'Edit'): void {
  if (!org.hooksDenied.has(ctx.caller.id)) return;
  throw adoError(
    403,
    `Access Denied: ${ctx.caller.displayName} needs the following permission(s) on the resource ServiceHooks to perform this action: ${action} Subscriptions`,
    'UnauthorizedRequestException',
  );
}

function subscriptionJson(ctx: HandlerContext, org: FakeOrganization, s: FakeSubscription) {
  const inputs = { ...s.consumerInputs };
  if (inputs.basicAuthPassword) inputs.basicAuthPassword = MASK;
  return {
    id: s.id,
    url: `${ctx.base}/${org.name}/_apis/hooks/subscriptions/${s.id}`,
    status: 'enabled',
    publisherId: 'tfs',
    eventType: s.eventType,
    resourceVersion: '1.0',
    consumerId: 'webHooks',
    consumerActionId: 'httpRequest',
    publisherInputs: s.publisherInputs,
    consumerInputs: inputs,
    createdBy: { id: s.createdBy },
    createdDate: s.createdDate,
    modifiedDate: s.modifiedDate,
  };
}

function subscriptionOf(ctx: HandlerContext, org: FakeOrganization): FakeSubscription {
  const found = org.subscriptions.find((s) => s.id === ctx.pathParams.subscriptionId);
  if (!found) throw adoError(404, `VS402855: Subscription ${ctx.pathParams.subscriptionId} does not exist.`, 'SubscriptionNotFoundException');
  return found;
}

function write(ctx: HandlerContext, org: FakeOrganization, s: FakeSubscription): void {
  const body = ctx.body as { eventType: string; publisherInputs?: Record<string, string>; consumerInputs?: Record<string, string> };
  const inputs = { ...(body.consumerInputs ?? {}) };
  // Sending the mask back keeps the stored password, as the web UI does.
  if (inputs.basicAuthPassword === MASK) inputs.basicAuthPassword = s.consumerInputs.basicAuthPassword ?? '';
  if (!inputs.url) throw adoError(400, 'VS402870: The consumer input "url" is required.', 'InputValidationException');
  const repository = body.publisherInputs?.repository;
  if (repository && !org.projects.some((p) => p.repositories.some((r) => r.id === repository))) {
    throw adoError(400, `VS402871: Repository ${repository} does not exist.`, 'InputValidationException');
  }
  Object.assign(s, { eventType: body.eventType, publisherInputs: body.publisherInputs ?? {}, consumerInputs: inputs, modifiedDate: new Date().toISOString() });
}

function samplePayload(eventType: string): Record<string, unknown> {
  const file = ['git.pullrequest.created', 'git.pullrequest.updated', 'git.pullrequest.merged'].includes(eventType) ? eventType : 'git.pullrequest.created';
  const sample = JSON.parse(readFileSync(referencePath('webhook-payloads', 'azure-devops', `${file}.json`), 'utf8')) as Record<string, unknown>;
  return { ...sample, id: randomUUID(), eventType };
}

/** Posts events to subscriptions and records each attempt; `idle()` waits for those in flight. */
export class ServiceHookSender {
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1;

  send(s: FakeSubscription, payload: Record<string, unknown>): void {
    const notification: FakeNotification = {
      id: this.nextId++,
      eventType: s.eventType,
      createdDate: new Date().toISOString(),
      result: 'pending',
      response: '',
      errorMessage: null,
    };
    s.notifications.push(notification);
    const user = s.consumerInputs.basicAuthUsername ?? '';
    const password = s.consumerInputs.basicAuthPassword ?? '';
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (user || password) headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const done = fetch(s.consumerInputs.url ?? '', { method: 'POST', headers, body: JSON.stringify(payload) })
      .then(async (res) => {
        await res.body?.cancel();
        notification.response = `${res.status} ${res.statusText}`;
        notification.result = res.ok ? 'succeeded' : 'failed';
        if (!res.ok) notification.errorMessage = `The remote server returned an error: (${res.status}) ${res.statusText}.`;
      })
      .catch((err: unknown) => {
        notification.result = 'failed';
        notification.errorMessage = `Unable to connect to the remote server: ${String(err)}`;
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Deliver `eventType` for a repository to every subscription that wants it. */
  emit(org: FakeOrganization, repositoryId: string, eventType: string, payload: Record<string, unknown>): void {
    for (const s of org.subscriptions) if (s.eventType === eventType && (s.publisherInputs.repository ?? repositoryId) === repositoryId) this.send(s, payload);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}

export const serviceHookHandlers: Record<string, Handler> = {
  Subscriptions_List(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'View');
    const q = ctx.query;
    const list = org.subscriptions.filter(
      (s) => (!q.get('eventType') || s.eventType === q.get('eventType')) && (!q.get('consumerId') || q.get('consumerId') === 'webHooks'),
    );
    return { status: 200, body: collection(list.map((s) => subscriptionJson(ctx, org, s))) };
  },
  Subscriptions_Create(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'Edit');
    const now = new Date().toISOString();
    const s: FakeSubscription = {
      id: randomUUID(),
      eventType: '',
      publisherInputs: {},
      consumerInputs: {},
      createdBy: ctx.caller.id,
      createdDate: now,
      modifiedDate: now,
      notifications: [],
    };
    write(ctx, org, s);
    org.subscriptions.push(s);
    return { status: 200, body: subscriptionJson(ctx, org, s) };
  },
  Subscriptions_Get(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'View');
    return { status: 200, body: subscriptionJson(ctx, org, subscriptionOf(ctx, org)) };
  },
  'Subscriptions_Replace Subscription'(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'Edit');
    const s = subscriptionOf(ctx, org);
    write(ctx, org, s);
    return { status: 200, body: subscriptionJson(ctx, org, s) };
  },
  Subscriptions_Delete(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'Edit');
    const s = subscriptionOf(ctx, org);
    org.subscriptions.splice(org.subscriptions.indexOf(s), 1);
    return { status: 204 };
  },
  Notifications_List(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'View');
    const s = subscriptionOf(ctx, org);
    const value = [...s.notifications].reverse().map((n) => ({
      id: n.id,
      subscriptionId: s.id,
      eventId: randomUUID(),
      createdDate: n.createdDate,
      modifiedDate: n.createdDate,
      result: n.result,
      status: n.result === 'pending' ? 'processing' : 'completed',
      details: { eventType: n.eventType, response: n.response, errorMessage: n.errorMessage ?? undefined },
    }));
    return { status: 200, body: collection(value.slice(0, Number(ctx.query.get('maxResults') ?? 100))) };
  },
  Notifications_Create(ctx) {
    const org = orgOf(ctx);
    permitted(ctx, org, 'Edit');
    const body = ctx.body as { subscriptionId?: string; details?: { eventType?: string } };
    const s = org.subscriptions.find((x) => x.id === body.subscriptionId);
    if (!s) throw adoError(400, 'VS402872: A test notification needs a subscription or its consumer inputs.', 'InputValidationException');
    ctx.state.serviceHooks.send(s, samplePayload(body.details?.eventType ?? s.eventType));
    const n = s.notifications.at(-1)!;
    return { status: 200, body: { id: n.id, subscriptionId: s.id, createdDate: n.createdDate, result: 'pending', status: 'queued' } };
  },
};
