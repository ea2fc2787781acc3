// The vendored Bitbucket Cloud 2.0 description (Swagger 2.0, published split in three files),
// assembled into one document, patched where it contradicts its own prose, and loaded once
// per process as the request check of the fake Bitbucket.
import { readFileSync } from 'node:fs';
import { referencePath } from '../../support/reference.ts';
import { createRequestValidator, type RequestValidator } from '../common/request-validator.ts';

type Json = Record<string, any>;

const read = (name: string) => JSON.parse(readFileSync(referencePath('bitbucket', `swagger.${name}.json`), 'utf8')) as Json;

/**
 * Where the generated description disagrees with the documentation it carries, follow the
 * documentation (each patch quotes the operation's own description):
 */
function applyErrata(doc: Json): void {
  const src = doc.paths['/repositories/{workspace}/{repo_slug}/src'].post;
  // "The commit message, as well as other non-file meta data for the request, is sent along as
  // normal form field elements" and "Files are uploaded in file form fields … whose field names
  // point to the remote path": the generator listed the meta data as query parameters.
  for (const p of src.parameters) p.in = 'formData';
  src.consumes = ['application/x-www-form-urlencoded', 'multipart/form-data'];
  src['x-form-additional-properties'] = { type: 'string', description: 'a file, named by its path in the repository' };

  // "To retrieve pull requests that are in one of multiple states, repeat the `state` parameter".
  const state = doc.paths['/repositories/{workspace}/{repo_slug}/pullrequests'].get.parameters.find((p: Json) => p.name === 'state');
  Object.assign(state, { type: 'array', collectionFormat: 'multi', items: { type: 'string', enum: state.enum } });
  delete state.enum;

  // Every object declares `type` as a required discriminator, yet the create-pull-request
  // examples send `{"title", "source": {"branch": {"name"}}, "reviewers": [{"uuid"}]}` without it:
  // requests may leave it out.
  doc.definitions.object.required = [];

  // Draft pull requests came to Bitbucket Cloud after this description was published
  // (https://jira.atlassian.com/browse/BCLOUD-12503, BCLOUD-23659): `draft` on the pull request.
  const pullRequest = doc.definitions.pullrequest.allOf[1].properties;
  pullRequest.draft = { type: 'boolean', description: 'Whether the pull request is a draft.' };
  // The create operation: "Other fields: `description` - a string" (the definition has only the rendered `summary`).
  pullRequest.description = { type: 'string' };

  // Creating and updating a webhook: "-d '{"description", "url", "active", "secret", "events"}'"
  // in the operation's own example, yet no body parameter is declared: the subscription's shape.
  const hooks = '/repositories/{workspace}/{repo_slug}/hooks';
  const subscription = { name: '_body', in: 'body', required: true, schema: { $ref: '#/definitions/webhook_subscription' } };
  doc.paths[hooks].post.parameters = [...(doc.paths[hooks].post.parameters ?? []), subscription];
  doc.paths[`${hooks}/{uid}`].put.parameters = [...(doc.paths[`${hooks}/{uid}`].put.parameters ?? []), subscription];

  // A file path spans segments: /src/{commit}/{path}.
  for (const p of doc.paths['/repositories/{workspace}/{repo_slug}/src/{commit}/{path}'].parameters) {
    if (p.name === 'path') p['x-multi-segment'] = true;
  }
}

/**
 * Paging, filtering/sorting and partial responses are documented once for the whole API
 * (https://developer.atlassian.com/cloud/bitbucket/rest/intro/#pagination, #filtering,
 * #partial-response), not per operation.
 */
const COMMON_QUERY = {
  page: { type: 'integer', minimum: 1 },
  pagelen: { type: 'integer', minimum: 1 },
  q: { type: 'string' },
  sort: { type: 'string' },
  fields: { type: 'string' },
};

let loaded: { validator: RequestValidator; doc: Json } | null = null;

function load() {
  if (loaded) return loaded;
  const doc: Json = {
    swagger: '2.0',
    info: { title: 'Bitbucket Cloud', version: '2.0' },
    host: 'api.bitbucket.org',
    basePath: '/2.0',
    consumes: ['application/json'],
    paths: read('paths'),
    definitions: read('definitions'),
    securityDefinitions: read('securityDefinitions'),
  };
  applyErrata(doc);
  loaded = { doc, validator: createRequestValidator({ name: "Bitbucket's Swagger description", document: doc, commonQuery: COMMON_QUERY }) };
  return loaded;
}

export function bitbucketSpec(): RequestValidator {
  return load().validator;
}

// The description lists API-token scopes per operation in `x-atlassian-oauth2-scopes`; where it
// lists only the older OAuth scope, this is its API-token counterpart.
const LEGACY_SCOPES: Record<string, string[]> = {
  account: ['read:user:bitbucket'],
  team: ['read:workspace:bitbucket'],
  repository: ['read:repository:bitbucket'],
  'repository:write': ['write:repository:bitbucket'],
  pullrequest: ['read:pullrequest:bitbucket'],
  'pullrequest:write': ['read:pullrequest:bitbucket', 'write:pullrequest:bitbucket'],
  webhook: ['read:webhook:bitbucket', 'write:webhook:bitbucket'],
};

/** Every API-token scope the operation needs (write does not imply read). */
export function requiredScopes(route: string): string[] {
  const [method, path] = route.split(' ') as [string, string];
  const op = load().doc.paths[path]?.[method.toLowerCase()] as Json | undefined;
  const current = (op?.['x-atlassian-oauth2-scopes'] as Json[] | undefined)?.find((s) => s.state === 'Current');
  if (current) return current.scopes;
  const legacy = (op?.security as Json[] | undefined)?.find((s) => s.oauth2)?.oauth2 as string[] | undefined;
  return (legacy ?? []).flatMap((s) => LEGACY_SCOPES[s] ?? []);
}
