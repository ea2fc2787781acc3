// GitHub's published REST description, loaded once per process (13 MB of JSON takes a few
// hundred ms to parse and index), as the request check of the fake GitHub.
import { readFileSync } from 'node:fs';
import { githubOpenApiPath } from '../../support/reference.ts';
import { createRequestValidator, type RequestCheck, type RequestInput, type RequestValidator } from '../shared/request-validator.ts';

export type { RequestCheck, RouteMatch } from '../shared/request-validator.ts';

let loaded: RequestValidator | null = null;

export function checkRequest(input: RequestInput): RequestCheck {
  loaded ??= createRequestValidator({ name: "GitHub's OpenAPI description", document: JSON.parse(readFileSync(githubOpenApiPath(), 'utf8')) });
  return loaded.check(input);
}
