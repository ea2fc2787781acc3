import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_EVENT_KEYS } from '../../../test/fakes/bitbucket/webhooks.ts';
import { referencePath } from '../../../test/support/reference.ts';
import { bitbucketWebhooks as adapter, verifyBitbucketSignature } from './webhook.ts';

const sign = (body: Buffer, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
const PAYLOADS = referencePath('webhook-payloads', 'bitbucket');
const payload = (file: string) => JSON.parse(readFileSync(`${PAYLOADS}/${file}`, 'utf8')) as Record<string, any>;

const EVENT_OF = REFERENCE_EVENT_KEYS;

describe('Bitbucket webhook signature', () => {
  const body = Buffer.from(JSON.stringify(payload('pull-request-created.json')));

  it('accepts X-Hub-Signature sha256=<HMAC of the raw body>, with the current or previous secret', () => {
    expect(adapter.verify(body, { 'x-hub-signature': sign(body, 'current') }, ['current'])).toBe(true);
    expect(verifyBitbucketSignature(body, { 'x-hub-signature': sign(body, 'old') }, ['new', 'old'])).toBe(true);
  });

  it.each([
    ['missing (a hook without a secret sends none)', undefined],
    ['empty', ''],
    ['of another body', sign(Buffer.from('{}'), 'current')],
    ['made with another secret', sign(body, 'other')],
    ['without the sha256= prefix', sign(body, 'current').slice('sha256='.length)],
    ['truncated', sign(body, 'current').slice(0, -2)],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('answers false, never throws, for a signature %s', (_case, signature) => {
    expect(adapter.verify(body, { 'x-hub-signature': signature }, ['current'])).toBe(false);
  });

  it('never matches an empty secret', () => {
    expect(adapter.verify(body, { 'x-hub-signature': sign(body, '') }, [''])).toBe(false);
  });
});

describe('Bitbucket webhook envelope', () => {
  const body = Buffer.from('{"pullrequest":{}}');

  it('takes X-Request-UUID as the delivery id and X-Event-Key as the event', () => {
    expect(adapter.envelope(body, { 'x-request-uuid': 'f0e1', 'x-event-key': 'pullrequest:fulfilled', 'x-attempt-number': '2' })).toEqual({
      deliveryId: 'f0e1',
      event: 'pullrequest:fulfilled',
      action: 'fulfilled',
      ping: false,
    });
  });

  it('knows no delivery without its headers or a JSON object body', () => {
    expect(adapter.envelope(body, { 'x-event-key': 'pullrequest:created' })).toBeNull();
    expect(adapter.envelope(body, { 'x-request-uuid': 'f0e1' })).toBeNull();
    expect(adapter.envelope(Buffer.from('payload=%7B%7D'), { 'x-request-uuid': 'f0e1', 'x-event-key': 'pullrequest:created' })).toBeNull();
  });
});

describe('Bitbucket pull-request events from every reference payload', () => {
  const files = readdirSync(PAYLOADS).filter((f) => f.endsWith('.json'));

  it('has an event key for every payload in the folder', () => {
    expect(files.filter((f) => !EVENT_OF[f])).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const event = EVENT_OF[file]!;
    const normalised = adapter.pullRequestEvent(event, payload(file));
    if (event.includes('comment')) {
      expect(normalised).toBeNull();
      return;
    }
    // The examples carry the placeholder "OPEN|MERGED|DECLINED": the event key decides.
    const state = { 'pullrequest:fulfilled': 'merged', 'pullrequest:rejected': 'closed' }[event] ?? 'open';
    expect(normalised).toEqual({
      repo: { owner: 'team_name', name: 'repo_name', externalId: '{673a6070-3421-46c9-9d48-90745f7bfe8e}' },
      pullRequest: {
        number: 1,
        externalId: '1',
        // The examples' links are placeholders too.
        url: 'https://api.bitbucket.org/pullrequest_id',
        title: 'Title of pull request',
        body: 'Description of pull request',
        state,
        headBranch: 'branch2',
        baseBranch: 'master',
        updatedAt: '2015-04-06T15:23:38.205705+00:00',
        requestedReviewers: ['{a54f16da-24e9-4d7f-a3a7-b1ba2cd98aa3}'],
        // The head branch is in the repository itself, not a fork.
        fromFork: false,
      },
      action: event.slice('pullrequest:'.length),
    });
  });

  it('takes a real state over the event key, and a draft as draft', () => {
    const body = payload('pull-request-updated.json');
    body.pullrequest.state = 'DECLINED';
    expect(adapter.pullRequestEvent('pullrequest:updated', body)?.pullRequest.state).toBe('closed');
    body.pullrequest.state = 'OPEN';
    body.pullrequest.draft = true;
    expect(adapter.pullRequestEvent('pullrequest:updated', body)?.pullRequest.state).toBe('draft');
  });

  it('reports a pull-request payload that is not one as a validation error', () => {
    expect(() => adapter.pullRequestEvent('pullrequest:created', { pullrequest: { id: 'one' } })).toThrow(/payload is not as expected/);
  });
});

describe('Bitbucket repositoryOf', () => {
  it('names the repository by workspace/slug and uuid, whatever the event', () => {
    expect(adapter.repositoryOf('pullrequest:approved', payload('pull-request-approved.json'))).toEqual({
      owner: 'team_name',
      name: 'repo_name',
      externalId: '{673a6070-3421-46c9-9d48-90745f7bfe8e}',
    });
    expect(adapter.repositoryOf('repo:push', { repository: { name: 'no full name' } })).toBeNull();
  });
});
