// Deliveries of the GitHub App's one webhook: GitHub's published example payloads
// (@octokit/webhooks-examples) carrying this fake's installation, accounts and repositories,
// signed with the App's webhook secret and sent with the headers GitHub sends for an App.
// https://docs.github.com/en/webhooks/webhook-events-and-payloads#delivery-headers
import { createHmac, randomUUID } from 'node:crypto';
import { githubWebhookExamples } from '../../support/reference.ts';
import type { FakeApp, FakeInstallation } from './app.ts';
import { installationJson } from './routes-app.ts';
import { accountJson, pullJson, repoJson, type World } from './shapes.ts';
import type { FakePull, FakeRepo } from './state.ts';

export interface AppDelivery {
  event: string;
  deliveryId: string;
  headers: Record<string, string>;
  body: string;
}

const example = (event: string, action: string) => structuredClone(githubWebhookExamples(event).find((e) => e.action === action)!);
const smallRepo = (r: FakeRepo) => ({ id: r.id, node_id: `R_${r.id}`, name: r.name, full_name: `${r.owner}/${r.name}`, private: r.private });

export function signedAppDelivery(app: FakeApp, event: string, payload: unknown, deliveryId = randomUUID()): AppDelivery {
  const body = JSON.stringify(payload);
  return {
    event,
    deliveryId,
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-github-hook-id': String(app.id + 1),
      'x-github-hook-installation-target-type': 'integration',
      'x-github-hook-installation-target-id': String(app.id),
      'x-hub-signature-256': `sha256=${createHmac('sha256', app.webhookSecret).update(body).digest('hex')}`,
    },
  };
}

/** installation created / deleted / suspend / unsuspend, for an installation of the fake. */
export function installationPayload(w: World, installation: FakeInstallation, action: 'created' | 'deleted' | 'suspend' | 'unsuspend') {
  const app = w.state.app!;
  const payload = example('installation', action);
  payload.installation = installationJson(w, app, installation);
  payload.repositories = [...w.state.repos.values()].filter((r) => app.covers({ ...installation, deleted: false, suspended: false }, r)).map(smallRepo);
  payload.sender = accountJson(w, w.state.account(installation.account)!);
  delete payload.requester;
  return payload;
}

/** installation_repositories added / removed. */
export function installationRepositoriesPayload(w: World, installation: FakeInstallation, change: { added?: FakeRepo[]; removed?: FakeRepo[] }) {
  const action = change.removed?.length ? 'removed' : 'added';
  const payload = example('installation_repositories', action);
  payload.installation = installationJson(w, w.state.app!, installation);
  payload.repository_selection = installation.selection;
  payload.repositories_added = (change.added ?? []).map(smallRepo);
  payload.repositories_removed = (change.removed ?? []).map(smallRepo);
  payload.sender = accountJson(w, w.state.account(installation.account)!);
  return payload;
}

/** A pull_request event as an App receives it: with the installation it came through. */
export function appPullRequestPayload(w: World, installation: FakeInstallation, repo: FakeRepo, pull: FakePull, action: string) {
  const payload = example('pull_request', action === 'closed' ? 'closed' : 'opened');
  payload.action = action;
  payload.number = pull.number;
  payload.pull_request = { ...payload.pull_request, ...pullJson(w, repo, pull, true) };
  payload.repository = { ...payload.repository, ...repoJson(w, repo) };
  payload.installation = { id: installation.id, node_id: `I_${installation.id}` };
  return payload;
}

/** github_app_authorization revoked: the person took back the App's authorisation. */
export function authorizationRevokedPayload(w: World, login: string) {
  const payload = example('github_app_authorization', 'revoked');
  payload.sender = accountJson(w, w.state.account(login)!);
  return payload;
}

/** POSTs a delivery to Baton and returns its answer. */
export async function deliver(url: string, delivery: AppDelivery): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}
