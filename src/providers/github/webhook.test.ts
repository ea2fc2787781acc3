import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGitHubWebhookAdapter, verifyGitHubSignature } from './webhook.ts';

const adapter = createGitHubWebhookAdapter();

// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
const DOC_SECRET = "It's a Secret to Everybody";
const DOC_PAYLOAD = Buffer.from('Hello, World!');
const DOC_SIGNATURE = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

const sign = (body: Buffer, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface Definition {
  name: string;
  examples: Record<string, unknown>[];
}

// Every example file the package ships: api.github.com and each GHES version.
const examplesRoot = dirname(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/package.json'));
const pullRequestExamples = readdirSync(examplesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    const definitions = JSON.parse(readFileSync(join(examplesRoot, entry.name, 'index.json'), 'utf8')) as Definition[];
    const examples = definitions.find((d) => d.name === 'pull_request')?.examples ?? [];
    return examples.map((body, i) => ({ source: `${entry.name} #${i} ${String(body.action)}`, body }));
  });

describe('GitHub webhook signature', () => {
  it("accepts GitHub's documented test vector", () => {
    expect(adapter.verify(DOC_PAYLOAD, { 'x-hub-signature-256': DOC_SIGNATURE }, [DOC_SECRET])).toBe(true);
  });

  it('rejects a tampered body and a wrong secret', () => {
    expect(adapter.verify(Buffer.from('Hello, World?'), { 'x-hub-signature-256': DOC_SIGNATURE }, [DOC_SECRET])).toBe(false);
    expect(adapter.verify(DOC_PAYLOAD, { 'x-hub-signature-256': DOC_SIGNATURE }, ['another secret'])).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['without the sha256= prefix', DOC_SIGNATURE.slice('sha256='.length)],
    ['sha1', `sha1=${'a'.repeat(40)}`],
    ['too short', DOC_SIGNATURE.slice(0, -2)],
    ['too long', `${DOC_SIGNATURE}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('answers false, never throws, for a %s signature', (_case, signature) => {
    expect(adapter.verify(DOC_PAYLOAD, { 'x-hub-signature-256': signature }, [DOC_SECRET])).toBe(false);
  });

  it('accepts the previous secret during rotation, and never an empty one', () => {
    const body = Buffer.from('{"zen":"Keep it logically awesome."}');
    expect(adapter.verify(body, { 'X-Hub-Signature-256': sign(body, 'old') }, ['new', 'old'])).toBe(true);
    expect(adapter.verify(body, { 'x-hub-signature-256': sign(body, '') }, [''])).toBe(false);
    expect(verifyGitHubSignature(body, sign(body, 'new'), [])).toBe(false);
  });
});

describe('GitHub webhook envelope', () => {
  const headers = { 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958', 'x-github-event': 'pull_request' };

  it('reads delivery id, event and action', () => {
    expect(adapter.envelope(Buffer.from('{"action":"opened"}'), headers)).toEqual({
      deliveryId: headers['x-github-delivery'],
      event: 'pull_request',
      action: 'opened',
      ping: false,
    });
  });

  it('marks ping', () => {
    expect(adapter.envelope(Buffer.from('{"zen":"Design for failure.","hook_id":1}'), { ...headers, 'x-github-event': 'ping' })).toMatchObject({
      ping: true,
      action: null,
    });
  });

  it('answers null for deliveries GitHub would not send', () => {
    expect(adapter.envelope(Buffer.from('{}'), { 'x-github-event': 'push' })).toBeNull();
    expect(adapter.envelope(Buffer.from('payload=%7B%7D'), headers)).toBeNull();
  });
});

describe('GitHub pull_request events', () => {
  it.each(pullRequestExamples)('normalises $source', ({ body }) => {
    const event = adapter.pullRequestEvent('pull_request', body);
    const pr = body.pull_request as { number: number; head: { ref: string }; updated_at: string };
    if (!['opened', 'reopened', 'edited', 'synchronize', 'ready_for_review', 'converted_to_draft', 'closed'].includes(String(body.action))) {
      expect(event).toBeNull();
      return;
    }
    expect(event).toMatchObject({ action: body.action, pullRequest: { number: pr.number, headBranch: pr.head.ref, updatedAt: pr.updated_at } });
  });

  it('has examples for every action Baton applies', () => {
    const actions = new Set(pullRequestExamples.map((e) => e.body.action));
    for (const action of ['opened', 'reopened', 'synchronize', 'ready_for_review', 'converted_to_draft', 'closed']) expect(actions).toContain(action);
  });

  it('maps opened, draft, closed and merged states', () => {
    const closed = pullRequestExamples.find((e) => e.source.startsWith('api.github.com') && e.body.action === 'closed')!.body as {
      pull_request: Record<string, unknown>;
      repository: { id: number; name: string; owner: { login: string } };
    };
    const merged = { ...closed, pull_request: { ...closed.pull_request, merged: true, merged_at: '2019-05-15T15:20:40Z', updated_at: '2019-05-15T15:20:40Z' } };
    expect(adapter.pullRequestEvent('pull_request', closed)?.pullRequest.state).toBe('closed');
    expect(adapter.pullRequestEvent('pull_request', merged)).toEqual({
      action: 'closed',
      repo: { owner: closed.repository.owner.login, name: closed.repository.name, externalId: String(closed.repository.id) },
      pullRequest: expect.objectContaining({ state: 'merged', updatedAt: '2019-05-15T15:20:40Z' }),
    });
    const draft = { ...closed, action: 'converted_to_draft', pull_request: { ...closed.pull_request, state: 'open', draft: true } };
    expect(adapter.pullRequestEvent('pull_request', draft)?.pullRequest.state).toBe('draft');
  });

  it('reads users among the requested reviewers and skips teams, which have no login', () => {
    const edited = structuredClone(pullRequestExamples.find((e) => e.source.startsWith('api.github.com') && e.body.action === 'opened')!.body) as {
      action: string;
      pull_request: { user: { login: string }; requested_reviewers: unknown[] };
    };
    edited.action = 'edited';
    edited.pull_request.requested_reviewers = [edited.pull_request.user, { name: 'Justice League', id: 1, slug: 'justice-league', parent: null }];
    expect(adapter.pullRequestEvent('pull_request', edited)?.pullRequest.requestedReviewers).toEqual([edited.pull_request.user.login]);
  });

  it('ignores other events and rejects a malformed pull_request payload', () => {
    expect(adapter.pullRequestEvent('push', { action: 'opened' })).toBeNull();
    expect(() => adapter.pullRequestEvent('pull_request', { action: 'opened', pull_request: {} })).toThrow(/pull_request payload/);
  });
});

describe('GitHub repositoryOf', () => {
  const examplesOf = (name: string) =>
    (JSON.parse(readFileSync(join(examplesRoot, 'api.github.com', 'index.json'), 'utf8')) as Definition[]).find((d) => d.name === name)!.examples;

  it('names the repository of a push as well as a pull_request, by id and owner/name; none when the body names none', () => {
    for (const [event, body] of [
      ['push', examplesOf('push')[0]],
      ['pull_request', pullRequestExamples[0]!.body],
    ] as const) {
      const repository = body.repository as { id: number; name: string; owner: { login: string } };
      expect(adapter.repositoryOf(event, body)).toEqual({ owner: repository.owner.login, name: repository.name, externalId: String(repository.id) });
    }
    expect(adapter.repositoryOf('ping', { zen: 'z', hook_id: 1 })).toBeNull();
  });
});
