// GitHub's published REST description, loaded once per process (13 MB of JSON takes a few
// hundred ms to parse and index), as the request check of the fake GitHub.
import { readFileSync } from 'node:fs';
import { githubOpenApiPath } from '../../support/reference.ts';
import { createRequestValidator, type RequestCheck, type RequestInput, type RequestValidator } from '../common/request-validator.ts';

export type { RequestCheck, RouteMatch } from '../common/request-validator.ts';

let loaded: RequestValidator | null = null;

/**
 * OpenAPI 3.0 lets `nullable` stand beside `anyOf`/`oneOf`/`allOf` without a `type`, which JSON
 * Schema (ajv) cannot read; such a schema becomes "one of those, or null", meaning the same.
 */
function nullableWithoutType(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) nullableWithoutType(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) nullableWithoutType(value);
  if (schema.nullable !== true || 'type' in schema) return;
  const combined = (['anyOf', 'oneOf', 'allOf'] as const).find((k) => Array.isArray(schema[k]));
  if (!combined) return;
  const alternatives = schema[combined] as unknown[];
  delete schema.nullable;
  delete schema[combined];
  schema.anyOf = [combined === 'allOf' ? { allOf: alternatives } : { [combined]: alternatives }, { type: 'null' }];
}

function loadDescription(): Record<string, unknown> {
  const document = JSON.parse(readFileSync(githubOpenApiPath(), 'utf8'));
  nullableWithoutType(document);
  return document;
}

const validator = () => (loaded ??= createRequestValidator({ name: "GitHub's OpenAPI description", document: loadDescription() }));

export function checkRequest(input: RequestInput): RequestCheck {
  return validator().check(input);
}

/** Problems of a body the fake answered, against the operation's documented response (the fake's own tests). */
export function checkResponse(route: string, status: number, body: unknown): string[] {
  return validator().checkResponse(route, status, body);
}
