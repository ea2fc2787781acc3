import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePath } from '../../../test/support/reference.ts';
import { createGiteaWebhookAdapter } from './webhook.ts';

const adapter = createGiteaWebhookAdapter();
const sign = (body: Buffer, secret: string) => createHmac('sha256', secret).update(body).digest('hex');
const PAYLOADS = referencePath('webhook-payloads', 'gitea');
const payload = (file: string) => JSON.parse(readFileSync(`${PAYLOADS}/${file}`, 'utf8')) as Record<string, any>;

describe('Gitea webhook signature', () => {
  const body = Buffer.from(JSON.stringify(payload('pull-request-event.json')));

  it('accepts the hex HMAC of the raw body in X-Gitea-Signature, or in X-Forgejo-Signature', () => {
    expect(adapter.verify(body, { 'X-Gitea-Signature': sign(body, 's3cret') }, ['s3cret'])).toBe(true);
    expect(adapter.verify(body, { 'x-forgejo-signature': sign(body, 's3cret') }, ['s3cret'])).toBe(true);
  });

  it('rejects a tampered body, a wrong secret, and a signature in a header it does not read', () => {
    const signature = sign(body, 's3cret');
    expect(adapter.verify(Buffer.concat([body, Buffer.from(' ')]), { 'x-gitea-signature': signature }, ['s3cret'])).toBe(false);
    expect(adapter.verify(body, { 'x-gitea-signature': signature }, ['other'])).toBe(false);
    expect(adapter.verify(body, { 'x-hub-signature-256': `sha256=${signature}` }, ['s3cret'])).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['prefixed like GitHub', `sha256=${'a'.repeat(64)}`],
    ['too short', 'ab'.repeat(31)],
    ['not hex', 'z'.repeat(64)],
  ])('answers false, never throws, for a %s signature', (_case, signature) => {
    expect(adapter.verify(body, { 'x-gitea-signature': signature }, ['s3cret'])).toBe(false);
  });

  it('accepts the previous secret during rotation, and never an empty one', () => {
    expect(adapter.verify(body, { 'x-gitea-signature': sign(body, 'old') }, ['new', 'old'])).toBe(true);
    expect(adapter.verify(body, { 'x-gitea-signature': sign(body, '') }, [''])).toBe(false);
  });
});

describe('Gitea webhook envelope and events', () => {
  it('reads the delivery id and event from the X-Gitea headers, or the X-Forgejo ones', () => {
    const raw = Buffer.from('{"action":"opened"}');
    expect(adapter.envelope(raw, { 'x-gitea-delivery': 'd-1', 'x-gitea-event': 'pull_request' })).toEqual({
      deliveryId: 'd-1',
      event: 'pull_request',
      action: 'opened',
      ping: false,
    });
    expect(adapter.envelope(raw, { 'x-forgejo-delivery': 'd-2', 'x-forgejo-event': 'pull_request' })?.deliveryId).toBe('d-2');
    expect(adapter.envelope(raw, { 'x-gitea-event': 'pull_request' })).toBeNull();
    expect(adapter.envelope(Buffer.from('payload=%7B%7D'), { 'x-gitea-delivery': 'd', 'x-gitea-event': 'pull_request' })).toBeNull();
  });

  it('every published payload: opened is a pull-request change; assign, label, milestone, comment and review are not', () => {
    const seen = Object.fromEntries(
      readdirSync(PAYLOADS).map((file) => {
        const body = payload(file);
        // The comment payload is an issue_comment delivery; the review one a pull_request_comment.
        const event = file.includes('comment') ? 'issue_comment' : file.includes('review') ? 'pull_request_comment' : 'pull_request';
        return [file, adapter.pullRequestEvent(event, body)?.action ?? null];
      }),
    );
    expect(seen).toEqual({
      'pull-request-assign-event.json': null,
      'pull-request-comment-event.json': null,
      'pull-request-event.json': 'opened',
      'pull-request-label-event.json': null,
      'pull-request-milestone-event.json': null,
      'pull-request-review-event.json': null,
    });
  });

  it('normalises the opened payload: repository, state, branches, update time', () => {
    const event = adapter.pullRequestEvent('pull_request', payload('pull-request-event.json'))!;
    expect(event.repo).toEqual({ owner: 'example', name: 'example', externalId: '1' });
    expect(event.pullRequest).toMatchObject({
      number: 2,
      externalId: '1',
      url: 'http://localhost:3000/example/example/pulls/2',
      title: 'update',
      state: 'open',
      headBranch: 'master',
      baseBranch: 'master',
      updatedAt: '2022-03-09T16:31:06+09:00',
      requestedReviewers: [],
    });
  });

  it.each([
    ['a merge', { state: 'closed', merged: true, merged_at: '2024-05-01T10:00:00+02:00' }, 'closed', 'merged'],
    ['a close', { state: 'closed' }, 'closed', 'closed'],
    ['a "WIP:" title on a server that sends no draft field', { title: 'WIP: PAY-1: x' }, 'edited', 'draft'],
    ['a "[wip]" title the server marks as draft', { title: '[wip] PAY-1: x', draft: true }, 'synchronized', 'draft'],
  ])('reads %s', (_case, change, action, state) => {
    const body = payload('pull-request-event.json');
    body.action = action;
    Object.assign(body.pull_request, change);
    const event = adapter.pullRequestEvent('pull_request', body)!;
    expect(event.pullRequest.state).toBe(state);
    if (state === 'draft') expect(event.pullRequest.title).toBe('PAY-1: x');
  });

  it('refuses a pull_request payload it cannot read, naming the field', () => {
    const body = payload('pull-request-event.json');
    delete body.pull_request.head;
    expect(() => adapter.pullRequestEvent('pull_request', body)).toThrow(/pull_request.head/);
  });
});

describe('Gitea repositoryOf', () => {
  it('names the repository of any event, the test call push included', () => {
    expect(adapter.repositoryOf('issue_comment', payload('pull-request-comment-event.json'))).toEqual({ owner: 'example', name: 'example', externalId: '1' });
    const push = { ref: 'refs/heads/main', repository: { id: 7, name: 'api', owner: { username: 'acme' } } };
    expect(adapter.repositoryOf('push', push)).toEqual({ owner: 'acme', name: 'api', externalId: '7' });
    expect(adapter.repositoryOf('push', { ref: 'refs/heads/main' })).toBeNull();
  });
});
