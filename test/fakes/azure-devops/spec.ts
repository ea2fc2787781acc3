// Loads the official Azure DevOps 7.1 Swagger files and checks requests against them:
// the path template and method must exist, every query parameter must be declared (and the
// required ones present), and a JSON body must match the body parameter's schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { referencePath } from '../../support/reference.ts';

export const SPEC_DIR = referencePath('azure-devops');
const SPEC_FILES = ['git.json', 'core.json', 'identities.json', 'profile.json', 'serviceHooks.json'];

type Json = Record<string, any>;

interface Param {
  name: string;
  in: 'path' | 'query' | 'body' | 'header';
  required?: boolean;
  description?: string;
  type?: string;
  enum?: string[];
  schema?: Json;
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  /** Query key an `x-ms-paths` entry is selected by (e.g. `items?path={path}`), else null. */
  selector: string | null;
  segments: string[];
  params: Param[];
  /** Accepted OAuth scopes; any one of them suffices. */
  scopes: string[];
  apiVersion: string;
  bodyRequired: boolean;
  bodySchema: Json | null;
  definitions: Json;
}

export type Match = { ok: true; op: Operation; pathParams: Record<string, string> } | { ok: false; error: string };

// The generator flattened the generic `Change<GitItem>` to `item: string`, yet the API (and the
// pushes examples beside the spec) send `item: { path }`. Patch the definition, not the check.
function applyErrata(file: string, spec: Json): void {
  if (file === 'git.json') spec.definitions.Change.properties.item = { $ref: '#/definitions/GitItem' };
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

function newAjv(): Ajv {
  // Swagger 2.0 adds keywords (discriminator, x-ms-*) ajv does not know: not strict.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const f of ['int16', 'T', 'Stream', 'JToken', 'JObject', 'JTokenType', 'array (string)']) ajv.addFormat(f, true);
  return ajv;
}

export class SpecIndex {
  readonly operations: Operation[] = [];
  private readonly ajv = newAjv();
  // Compiled on first use: most of the ~200 operations are never called in a test run.
  private readonly validators = new Map<Operation, ValidateFunction>();

  constructor(dir: string = SPEC_DIR) {
    for (const file of SPEC_FILES) {
      const spec = JSON.parse(readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '')) as Json;
      applyErrata(file, spec);
      for (const key of ['paths', 'x-ms-paths']) {
        for (const [rawPath, ops] of Object.entries((spec[key] ?? {}) as Json)) this.addPath(spec, rawPath, ops);
      }
    }
    this.operations.push(connectionDataOperation);
  }

  private addPath(spec: Json, rawPath: string, ops: Json): void {
    const [template, selectorPart] = rawPath.split('?') as [string, string | undefined];
    const selector = selectorPart ? selectorPart.split('=')[0]! : null;
    for (const [method, op] of Object.entries(ops as Json)) {
      if (method === 'parameters') continue;
      const params: Param[] = (op.parameters ?? []).map((p: Json) => (p.$ref ? spec.parameters[p.$ref.replace('#/parameters/', '')] : p));
      const body = params.find((p) => p.in === 'body');
      const bodySchema = body?.schema ? { ...body.schema, definitions: spec.definitions } : null;
      const version = params.find((p) => p.name === 'api-version');
      this.operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        selector,
        segments: template.split('/').filter(Boolean),
        params,
        scopes: (op.security ?? spec.security ?? []).flatMap((s: Json) => s.oauth2 ?? []),
        apiVersion: /'([^']+)'/.exec(version?.description ?? '')?.[1] ?? '7.1',
        bodyRequired: body?.required === true,
        definitions: spec.definitions,
        bodySchema,
      });
    }
  }

  match(method: string, pathname: string, query: URLSearchParams): Match {
    const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let best: { op: Operation; pathParams: Record<string, string>; score: number }[] = [];
    for (const op of this.operations) {
      if (op.segments.length !== segments.length) continue;
      if (op.selector && !query.has(op.selector)) continue;
      const pathParams: Record<string, string> = {};
      let score = op.selector ? 100 : 0;
      const fits = op.segments.every((seg, i) => {
        const actual = segments[i]!;
        if (seg.startsWith('{')) {
          pathParams[seg.slice(1, -1)] = actual;
          return true;
        }
        score += 1;
        // Azure DevOps routes are case-insensitive (`pullrequests` and `pullRequests` both work).
        return seg.toLowerCase() === actual.toLowerCase();
      });
      if (!fits) continue;
      if (!best.length || score > best[0]!.score) best = [{ op, pathParams, score }];
      else if (score === best[0]!.score) best.push({ op, pathParams, score });
    }
    if (!best.length) return { ok: false, error: `no path in the specs matches ${pathname}` };
    const hit = best.find((b) => b.op.method === method);
    if (!hit) return { ok: false, error: `${method} is not declared for ${best[0]!.op.template}` };
    return { ok: true, op: hit.op, pathParams: hit.pathParams };
  }

  /** Every way the request departs from the operation's description; empty when it conforms. */
  validate(op: Operation, pathParams: Record<string, string>, query: URLSearchParams, body: unknown): string[] {
    const where = `${op.method} ${op.template}`;
    const errors: string[] = [];
    for (const p of op.params.filter((x) => x.in === 'path')) {
      const problem = checkScalar(p, pathParams[p.name]);
      if (problem) errors.push(`${where}: path parameter ${p.name} ${problem}`);
    }
    const declared = new Map(op.params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(query.keys())) {
      const p = declared.get(name);
      if (!p) errors.push(`${where}: undeclared query parameter ${name}`);
      else if (query.getAll(name).length > 1) errors.push(`${where}: query parameter ${name} repeated`);
      else {
        const problem = checkScalar(p, query.get(name)!);
        if (problem) errors.push(`${where}: query parameter ${name} ${problem}`);
      }
    }
    for (const p of declared.values()) {
      if (p.required && !query.has(p.name)) errors.push(`${where}: missing required query parameter ${p.name}`);
    }
    const version = query.get('api-version');
    if (version !== null && version !== op.apiVersion) errors.push(`${where}: api-version ${version}, expected ${op.apiVersion}`);
    if (body === undefined) {
      if (op.bodyRequired) errors.push(`${where}: missing required JSON body`);
    } else if (!op.bodySchema) {
      errors.push(`${where}: sends a body the operation does not declare`);
    } else {
      const validate = this.validators.get(op) ?? this.ajv.compile(op.bodySchema);
      this.validators.set(op, validate);
      if (!validate(body)) {
        for (const e of validate.errors ?? []) errors.push(`${where}: body${e.instancePath} ${e.message}`);
      }
      for (const path of unknownProperties(op.bodySchema, body, op.definitions, '')) {
        errors.push(`${where}: body${path} is not a property of the schema`);
      }
    }
    return errors;
  }
}

function checkScalar(p: Param, value: string | undefined): string | null {
  if (value === undefined) return p.required ? 'is missing' : null;
  if (p.type === 'integer' && !/^-?\d+$/.test(value)) return `must be an integer, got ${value}`;
  if (p.type === 'boolean' && value !== 'true' && value !== 'false') return `must be true or false, got ${value}`;
  if (p.enum && !p.enum.includes(value)) return `must be one of ${p.enum.join(', ')}, got ${value}`;
  return null;
}

/** The declared properties of a schema, following `$ref` and `allOf` (Swagger inheritance). */
function propertiesOf(schema: Json, defs: Json): Json | null {
  if (schema.$ref) return propertiesOf(defs[schema.$ref.replace('#/definitions/', '')], defs);
  if (!schema.properties && !schema.allOf) return null;
  const props: Json = { ...(schema.properties ?? {}) };
  for (const part of schema.allOf ?? []) Object.assign(props, propertiesOf(part, defs) ?? {});
  return props;
}

/**
 * JSON Schema lets unknown properties through; Azure DevOps silently ignores them, which
 * hides typos such as `isdraft`. Report them, walking the schema alongside the value.
 */
function unknownProperties(schema: Json, value: unknown, defs: Json, at: string): string[] {
  if (schema.$ref) return unknownProperties(defs[schema.$ref.replace('#/definitions/', '')], value, defs, at);
  if (Array.isArray(value)) {
    return schema.items ? value.flatMap((v, i) => unknownProperties(schema.items, v, defs, `${at}/${i}`)) : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const props = propertiesOf(schema, defs);
  if (!props) return [];
  return Object.entries(value).flatMap(([key, v]) => (key in props ? unknownProperties(props[key], v, defs, `${at}/${key}`) : [`${at}/${key}`]));
}

/**
 * `GET {organization}/_apis/connectionData` (area Location, resource ConnectionData, location id
 * 00d9565f-ed9c-4a06-9a50-00e7896ccab4) is not in the published descriptions, though every
 * Microsoft client library calls it to learn who a token belongs to. Declared here as those
 * libraries call it: route `_apis/{resource}`, preview versions only (max 7.1), three optional
 * query parameters, and no scope of its own (any token valid in the organisation may ask).
 */
export const CONNECTION_DATA = 'Location_GetConnectionData';
const connectionDataOperation: Operation = {
  operationId: CONNECTION_DATA,
  method: 'GET',
  template: '/{organization}/_apis/connectionData',
  selector: null,
  segments: ['{organization}', '_apis', 'connectionData'],
  params: [
    { name: 'organization', in: 'path', required: true, type: 'string' },
    {
      name: 'connectOptions',
      in: 'query',
      type: 'string',
      enum: ['none', 'includeServices', 'includeLastUserAccess', 'includeInheritedDefinitionsOnly', 'includeNonInheritedDefinitionsOnly'],
    },
    { name: 'lastChangeId', in: 'query', type: 'integer' },
    { name: 'lastChangeId64', in: 'query', type: 'integer' },
    { name: 'api-version', in: 'query', required: true, type: 'string' },
  ],
  scopes: [],
  apiVersion: '7.1-preview.1',
  bodyRequired: false,
  bodySchema: null,
  definitions: {},
};

let shared: SpecIndex | null = null;
/** Parsing 700 kB of Swagger once per test file is plenty. */
export function specIndex(): SpecIndex {
  return (shared ??= new SpecIndex());
}
