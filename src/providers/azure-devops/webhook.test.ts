import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePath } from '../../../test/support/reference.ts';
import { azureDevOpsWebhooks, createAzureDevOpsWebhookAdapter } from './webhook.ts';

const raw = (event: string) => readFileSync(referencePath('webhook-payloads', 'azure-devops', `${event}.json`));
const json = (event: string) => JSON.parse(raw(event).toString('utf8')) as Record<string, any>;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const SECRET = 'current-webhook-secret';
const PREVIOUS = 'previous-webhook-secret';

describe('verify', () => {
  const body = raw('git.pullrequest.updated');
  const verify = (authorization: string | undefined, secrets = [SECRET]) =>
    azureDevOpsWebhooks.verify(body, authorization === undefined ? {} : { authorization }, secrets);

  it('accepts the secret as the Basic password, whatever the user name', () => {
    expect(verify(basic('baton', SECRET))).toBe(true);
    expect(verify(basic('', SECRET))).toBe(true);
  });

  it('accepts the previous secret during rotation', () => {
    expect(verify(basic('baton', PREVIOUS), [SECRET, PREVIOUS])).toBe(true);
  });

  it('finds the header whatever its case', () => {
    expect(azureDevOpsWebhooks.verify(body, { Authorization: basic('baton', SECRET) }, [SECRET])).toBe(true);
  });

  it.each([
    ['a wrong password', basic('baton', 'guess')],
    ['a password that is a prefix of the secret', basic('baton', SECRET.slice(0, 10))],
    ['the secret as user name', basic(SECRET, '')],
    ['no colon', `Basic ${Buffer.from(SECRET).toString('base64')}`],
    ['another scheme', `Bearer ${SECRET}`],
    ['garbage', 'Basic ***'],
    ['nothing', undefined],
  ])('rejects %s', (_name, authorization) => {
    expect(verify(authorization)).toBe(false);
  });

  it('rejects everything when no secret is configured', () => {
    expect(verify(basic('baton', ''), [])).toBe(false);
    expect(verify(basic('baton', ''), [''])).toBe(false);
  });
});

describe('envelope', () => {
  it('reads the event id, type and resource status', () => {
    expect(azureDevOpsWebhooks.envelope(raw('git.pullrequest.updated'), {})).toEqual({
      deliveryId: 'af07be1b-f3ad-44c8-a7f1-c4835f2df06b',
      event: 'git.pullrequest.updated',
      action: 'completed',
      ping: false,
    });
  });

  it('is null for bodies that are not service hooks', () => {
    expect(azureDevOpsWebhooks.envelope(Buffer.from('not json'), {})).toBeNull();
    expect(azureDevOpsWebhooks.envelope(Buffer.from('{"zen":"hi"}'), {})).toBeNull();
  });
});

describe('pullRequestEvent', () => {
  it('normalises git.pullrequest.created', () => {
    expect(azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.created', json('git.pullrequest.created'))).toEqual({
      repo: { owner: 'fabrikam', name: 'Fabrikam', externalId: '4bc14d40-c903-45e2-872e-0462c7748079' },
      pullRequest: {
        number: 1,
        externalId: '1',
        url: 'https://dev.azure.com/fabrikam/DefaultCollection/_git/Fabrikam/pullrequest/1',
        title: 'my first pull request',
        body: ' - test2\r\n',
        state: 'open',
        headBranch: 'mytopic',
        baseBranch: 'master',
        updatedAt: '2016-09-19T13:03:27.287Z',
        requestedReviewers: ['2ea2d095-48f9-4cd6-9966-62f6f574096c'],
        // The head branch is in the repository itself, not a fork.
        fromFork: false,
      },
      action: 'git.pullrequest.created',
    });
  });

  it('takes git.pullrequest.updated with status completed as the merge', () => {
    const event = azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.updated', json('git.pullrequest.updated'));
    expect(event?.pullRequest).toMatchObject({ state: 'merged', updatedAt: '2016-09-19T13:03:27.281Z' });
  });

  it('ignores git.pullrequest.merged, which also fires for test merges of open PRs', () => {
    const payload = json('git.pullrequest.merged');
    expect(payload.resource.status).toBe('completed');
    expect(azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.merged', payload)).toBeNull();
  });

  it('follows abandoned then reactivated as closed then open', () => {
    const updated = json('git.pullrequest.updated');
    const abandoned = { ...updated, createdDate: '2024-05-01T10:00:00Z', resource: { ...updated.resource, status: 'abandoned' } };
    const { closedDate: _closed, ...reopenedResource } = updated.resource;
    const reactivated = { ...updated, createdDate: '2024-05-01T11:00:00Z', resource: { ...reopenedResource, status: 'active' } };

    const first = azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.updated', abandoned);
    const second = azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.updated', reactivated);
    expect(first?.pullRequest.state).toBe('closed');
    expect(second?.pullRequest.state).toBe('open');
    expect(second!.pullRequest.updatedAt > first!.pullRequest.updatedAt).toBe(true);
  });

  it('reads drafts', () => {
    const created = json('git.pullrequest.created');
    const event = azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.created', { ...created, resource: { ...created.resource, isDraft: true } });
    expect(event?.pullRequest.state).toBe('draft');
  });

  it('takes the organisation from older visualstudio.com URLs, else from the connection', () => {
    const created = json('git.pullrequest.created');
    const repository = { ...created.resource.repository, url: 'https://contoso.visualstudio.com/_apis/git/repositories/x', remoteUrl: undefined };
    const legacy = { ...created, resource: { ...created.resource, repository } };
    expect(azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.created', legacy)?.repo.owner).toBe('contoso');

    const bare = { ...created, resource: { ...created.resource, repository: { ...repository, url: undefined } } };
    const adapter = createAzureDevOpsWebhookAdapter({ organization: 'fabrikam' });
    expect(adapter.pullRequestEvent('git.pullrequest.created', bare)?.repo.owner).toBe('fabrikam');
  });

  it('ignores other events and rejects malformed pull request payloads', () => {
    expect(azureDevOpsWebhooks.pullRequestEvent('git.push', { resource: {} })).toBeNull();
    expect(() => azureDevOpsWebhooks.pullRequestEvent('git.pullrequest.updated', { resource: {} })).toThrow(/malformed/);
  });
});

describe('repositoryOf', () => {
  it('names the repository by id, with the organisation from its URL', () => {
    expect(azureDevOpsWebhooks.repositoryOf('git.pullrequest.created', json('git.pullrequest.created'))).toEqual({
      owner: 'fabrikam',
      name: 'Fabrikam',
      externalId: '4bc14d40-c903-45e2-872e-0462c7748079',
    });
    expect(azureDevOpsWebhooks.repositoryOf('workitem.updated', { resource: { id: 5 } })).toBeNull();
  });
});
