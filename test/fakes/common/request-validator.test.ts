import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePath } from '../../support/reference.ts';
import { createRequestValidator, type RequestInput } from './request-validator.ts';

const swagger2 = {
  swagger: '2.0',
  info: { title: 't', version: '1' },
  consumes: ['application/json'],
  definitions: {
    pull: { type: 'object', required: ['title'], properties: { title: { type: 'string' }, head: { $ref: '#/definitions/ref' } } },
    ref: { type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false },
  },
  paths: {
    '/repos/{owner}/{repo}/pulls': {
      parameters: [
        { name: 'owner', in: 'path', required: true, type: 'string' },
        { name: 'repo', in: 'path', required: true, type: 'string' },
      ],
      get: {
        operationId: 'listPulls',
        parameters: [
          { name: 'state', in: 'query', type: 'array', collectionFormat: 'multi', items: { type: 'string', enum: ['open', 'closed'] } },
          { name: 'labels', in: 'query', type: 'array', items: { type: 'string' } },
          { name: 'page', in: 'query', type: 'integer', minimum: 1 },
        ],
        responses: { '200': { description: 'ok', schema: { type: 'array', items: { $ref: '#/definitions/pull' } } } },
      },
      post: {
        parameters: [{ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/pull' } }],
        responses: { '201': { description: 'created', schema: { $ref: '#/definitions/pull' } } },
      },
    },
    '/repos/{owner}/{repo}/pulls/{number}': {
      get: {
        parameters: [
          { name: 'owner', in: 'path', required: true, type: 'string' },
          { name: 'repo', in: 'path', required: true, type: 'string' },
          { name: 'number', in: 'path', required: true, type: 'integer' },
          { name: 'verbose', in: 'query', required: true, type: 'boolean' },
        ],
        responses: {},
      },
    },
    '/repos/{owner}/{repo}/pulls/mine': { get: { operationId: 'mine', responses: {} } },
    '/repos/{owner}/{repo}/files': {
      post: {
        consumes: ['application/x-www-form-urlencoded'],
        parameters: [
          { name: 'message', in: 'formData', required: true, type: 'string' },
          { name: 'count', in: 'formData', type: 'integer' },
        ],
        responses: {},
      },
    },
    '/repos/{owner}/{repo}/open-form': {
      post: {
        consumes: ['application/x-www-form-urlencoded'],
        'x-form-additional-properties': { type: 'string' },
        parameters: [{ name: 'message', in: 'formData', type: 'string' }],
        responses: {},
      },
    },
  },
};

const openapi3 = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  components: {
    parameters: { owner: { name: 'owner', in: 'path', required: true, schema: { type: 'string' } } },
    schemas: { sha: { type: 'string', pattern: '^[0-9a-f]{40}$' } },
  },
  paths: {
    '/repos/{owner}/contents/{path}': {
      get: {
        operationId: 'repos/get-content',
        parameters: [
          { $ref: '#/components/parameters/owner' },
          { name: 'path', in: 'path', required: true, 'x-multi-segment': true, schema: { type: 'string' } },
          { name: 'ref', in: 'query', schema: { $ref: '#/components/schemas/sha' } },
        ],
        responses: {},
      },
      put: {
        operationId: 'repos/put-content',
        parameters: [
          { $ref: '#/components/parameters/owner' },
          { name: 'path', in: 'path', required: true, 'x-multi-segment': true, schema: { type: 'string' } },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { type: 'object', required: ['message'], properties: { message: { type: 'string' }, sha: { $ref: '#/components/schemas/sha' } } },
            },
          },
        },
        responses: {},
      },
    },
  },
};

function request(method: string, pathAndQuery: string, body?: { raw: string; type: string }): RequestInput {
  const url = new URL(pathAndQuery, 'http://fake');
  return { method, path: url.pathname, query: url.searchParams, rawBody: body?.raw ?? '', contentType: body?.type };
}
const json = (value: unknown) => ({ raw: JSON.stringify(value), type: 'application/json; charset=utf-8' });
const form = (fields: Record<string, string>) => ({ raw: new URLSearchParams(fields).toString(), type: 'application/x-www-form-urlencoded' });

describe('request validator on a Swagger 2.0 document', () => {
  const v = createRequestValidator({ name: 'the test description', document: swagger2, commonQuery: { pagelen: { type: 'integer', minimum: 1 } } });

  it('matches the template with the most literal segments, names the route and merges path-level parameters', () => {
    expect(v.check(request('GET', '/repos/acme/api/pulls/mine'))).toMatchObject({
      route: { route: 'GET /repos/{owner}/{repo}/pulls/mine', operationId: 'mine' },
      problems: [],
    });
    const listed = v.check(request('GET', '/repos/acme/my%20repo/pulls?state=open&state=closed&labels=a,b&page=2'));
    expect(listed).toMatchObject({ route: { operationId: 'listPulls', params: { owner: 'acme', repo: 'my repo' } }, problems: [] });
    // Without an operationId the route stands in for it.
    expect(v.check(request('POST', '/repos/acme/api/pulls', json({ title: 't' }))).route?.operationId).toBe('POST /repos/{owner}/{repo}/pulls');
  });

  it('names unknown paths, wrong methods and bad path parameters', () => {
    expect(v.check(request('GET', '/repos/acme/api/pullz')).problems).toEqual(['no path in the test description matches /repos/acme/api/pullz']);
    expect(v.check(request('DELETE', '/repos/acme/api/pulls')).problems).toEqual([
      'DELETE is not an operation of /repos/acme/api/pulls in the test description',
    ]);
    expect(v.check(request('GET', '/repos/acme/api/pulls/seven?verbose=true')).problems).toEqual(['path parameter number must be integer']);
  });

  it('checks query parameters: declared or common, typed, required, repeated only where the description allows', () => {
    expect(v.check(request('GET', '/repos/acme/api/pulls?status=open&pagelen=50')).problems).toEqual([
      'query parameter "status" is not declared for listPulls',
    ]);
    expect(v.check(request('GET', '/repos/acme/api/pulls?pagelen=0')).problems).toEqual(['query parameter pagelen must be >= 1']);
    expect(v.check(request('GET', '/repos/acme/api/pulls?state=merged')).problems).toEqual([
      'query parameter state/0 must be equal to one of the allowed values',
    ]);
    expect(v.check(request('GET', '/repos/acme/api/pulls?page=1&page=2')).problems).toEqual(['query parameter "page" is repeated but takes one value']);
    expect(v.check(request('GET', '/repos/acme/api/pulls/7')).problems).toEqual(['query parameter "verbose" is required']);
    expect(v.check(request('GET', '/repos/acme/api/pulls/7?verbose=maybe')).problems).toEqual(['query parameter verbose must be boolean']);
  });

  it('checks a JSON body against its schema, names unknown top-level properties and returns the parsed body', () => {
    const ok = v.check(request('POST', '/repos/acme/api/pulls', json({ title: 't', head: { name: 'x' } })));
    expect(ok).toMatchObject({ problems: [], body: { title: 't', head: { name: 'x' } } });
    expect(v.check(request('POST', '/repos/acme/api/pulls', json({ titel: 't', head: { nam: 'x' } }))).problems).toEqual([
      "body must have required property 'title'",
      'body/head must NOT have additional properties',
      'body has unknown property "titel"',
    ]);
    expect(v.check(request('POST', '/repos/acme/api/pulls')).problems).toEqual(['POST /repos/{owner}/{repo}/pulls requires a request body']);
    expect(v.check(request('POST', '/repos/acme/api/pulls', { raw: '{', type: 'application/json' })).problems).toEqual(['body is not valid JSON']);
    expect(v.check(request('POST', '/repos/acme/api/pulls', form({ title: 't' }))).problems).toEqual([
      'body sent as application/x-www-form-urlencoded, not application/json',
    ]);
    expect(v.check(request('GET', '/repos/acme/api/pulls/mine', json({}))).problems).toEqual(['mine takes no request body']);
  });

  it('reads form fields, closed unless the operation opens them', () => {
    expect(v.check(request('POST', '/repos/acme/api/files', form({ message: 'm', count: '2' })))).toMatchObject({
      problems: [],
      body: { message: 'm', count: 2 },
    });
    expect(v.check(request('POST', '/repos/acme/api/files', form({ count: 'x', '/a.md': 'text' }))).problems).toEqual([
      "form must have required property 'message'",
      'form must NOT have additional properties',
      'form/count must be integer',
    ]);
    expect(v.check(request('POST', '/repos/acme/api/open-form', form({ message: 'm', '/docs/a.md': '# A' })))).toMatchObject({
      problems: [],
      body: { message: 'm', '/docs/a.md': '# A' },
    });
    expect(v.check(request('POST', '/repos/acme/api/files', json({ message: 'm' }))).problems).toEqual([
      'body sent as application/json, not application/x-www-form-urlencoded',
    ]);
  });

  it('checks a response body against the declared response schema', () => {
    expect(v.checkResponse('GET /repos/{owner}/{repo}/pulls', 200, [{ title: 'a' }])).toEqual([]);
    expect(v.checkResponse('GET /repos/{owner}/{repo}/pulls', 200, [{ head: { name: 1 } }])).toEqual([
      "GET /repos/{owner}/{repo}/pulls 200 response/0 must have required property 'title'",
      'GET /repos/{owner}/{repo}/pulls 200 response/0/head/name must be string',
    ]);
    expect(v.checkResponse('GET /repos/{owner}/{repo}/pulls', 404, { anything: true })).toEqual([]);
  });
});

describe('request validator on an OpenAPI 3 document', () => {
  const v = createRequestValidator({ name: 'the test description', document: openapi3 });

  it('follows $ref parameters and schemas, and lets a multi-segment parameter take the rest of the path', () => {
    const hit = v.check(request('GET', '/repos/acme/contents/docs/a%20b/c.md'));
    expect(hit).toMatchObject({ route: { operationId: 'repos/get-content', params: { owner: 'acme', path: 'docs/a b/c.md' } }, problems: [] });
    expect(v.check(request('GET', '/repos/acme/contents/a.md?ref=main')).problems).toEqual(['query parameter ref must match pattern "^[0-9a-f]{40}$"']);
  });

  it('checks a requestBody by its media type', () => {
    expect(v.check(request('PUT', '/repos/acme/contents/a.md', json({ message: 'm', sha: 'abc' }))).problems).toEqual([
      'body/sha must match pattern "^[0-9a-f]{40}$"',
    ]);
    expect(v.check(request('PUT', '/repos/acme/contents/a.md', { raw: 'message=m', type: 'text/plain' })).problems).toEqual([
      'body sent as text/plain, not application/json',
    ]);
  });
});

describe('request validator on the vendored Gitea description', () => {
  const v = createRequestValidator({
    name: "Gitea's Swagger description",
    document: JSON.parse(readFileSync(referencePath('gitea', 'swagger.v1.22.json'), 'utf8')),
  });

  it('accepts a well-formed pull request and names what a bad one gets wrong', () => {
    const good = v.check(request('POST', '/repos/acme/api/pulls', json({ title: 'PAY-1', head: 'feature/x', base: 'main', body: 'spec' })));
    expect(good).toMatchObject({ route: { route: 'POST /repos/{owner}/{repo}/pulls', operationId: 'repoCreatePullRequest' }, problems: [] });
    expect(v.check(request('POST', '/repos/acme/api/pulls', json({ title: 1, draft: true }))).problems).toEqual([
      'body/title must be string',
      'body has unknown property "draft"',
    ]);
    expect(v.check(request('GET', '/repos/acme/api/pulls?state=merged')).problems).toEqual([
      'query parameter state must be equal to one of the allowed values',
    ]);
  });
});
