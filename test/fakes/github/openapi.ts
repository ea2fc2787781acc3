// Checks requests against GitHub's published REST description, so a wrong path, method, query
// parameter or body fails a test instead of getting a friendly 200 from the fake.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { githubOpenApiPath } from '../../support/reference.ts';

const SPEC_PATH = githubOpenApiPath();
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
  'x-multi-segment'?: boolean;
}

interface Operation {
  operationId: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
}

interface Template {
  path: string;
  segments: string[];
  literals: number;
  operations: Record<string, Operation>;
  /** Path parameters that may span segments (`x-multi-segment`, e.g. a file path or a ref). */
  multi: Set<string>;
}

export interface RouteMatch {
  /** e.g. "GET /repos/{owner}/{repo}" — the key handlers are registered under. */
  route: string;
  operationId: string;
  params: Record<string, string>;
}

export interface RequestCheck {
  route: RouteMatch | null;
  problems: string[];
}

interface Spec {
  doc: { paths: Record<string, Record<string, Operation>> };
  templates: Template[];
  body: Ajv;
  query: Ajv;
  validators: Map<string, ValidateFunction>;
}

let loaded: Spec | null = null;

// Loaded once per process: 13 MB of JSON takes a few hundred ms to parse and index.
function spec(): Spec {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  const templates: Template[] = Object.entries(doc.paths as Record<string, Record<string, Operation>>).map(([path, item]) => {
    const segments = path.split('/').slice(1);
    const operations = Object.fromEntries(Object.entries(item).filter(([m]) => METHODS.includes(m)));
    const multi = new Set(
      Object.values(operations)
        .flatMap((op) => (op.parameters ?? []).map((p) => resolveIn<Parameter>(doc, p)))
        .filter((p) => p['x-multi-segment'])
        .map((p) => p.name),
    );
    return { path, segments, literals: segments.filter((s) => !s.startsWith('{')).length, operations, multi };
  });
  // Most literal segments first, so /pulls/comments wins over /pulls/{pull_number}.
  templates.sort((a, b) => b.literals - a.literals);
  const make = (coerceTypes: boolean) => {
    // OpenAPI 3.0 keywords (nullable, example, x-*) and unknown formats are not errors here.
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, coerceTypes });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'github');
    return ajv;
  };
  loaded = { doc, templates, body: make(false), query: make(true), validators: new Map() };
  return loaded;
}

function pointer(parts: string[]): string {
  return `github#/${parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

function resolveIn<T>(doc: unknown, node: T | { $ref: string }): T {
  let current: unknown = node;
  while (current && typeof current === 'object' && '$ref' in current) {
    const ref = (current as { $ref: string }).$ref;
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return current as T;
}

const resolve = <T>(node: T | { $ref: string }): T => resolveIn(spec().doc, node);

function validator(ajv: Ajv, key: string, schema: object): ValidateFunction {
  const cached = spec().validators.get(key);
  if (cached) return cached;
  const compiled = ajv.compile(schema);
  spec().validators.set(key, compiled);
  return compiled;
}

function matchSegments(template: Template, raw: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  let i = 0;
  for (const [index, segment] of template.segments.entries()) {
    if (i >= raw.length) return null;
    if (!segment.startsWith('{')) {
      if (segment !== raw[i]) return null;
      i++;
      continue;
    }
    const name = segment.slice(1, -1);
    const last = index === template.segments.length - 1;
    const take = last && template.multi.has(name) ? raw.length - i : 1;
    params[name] = decodeURIComponent(raw.slice(i, i + take).join('/'));
    if (params[name] === '') return null;
    i += take;
  }
  return i === raw.length ? params : null;
}

function findRoute(method: string, path: string): { template: Template; op: Operation; params: Record<string, string> } | 'method' | null {
  const raw = path.split('/').slice(1);
  let methodMismatch = false;
  for (const template of spec().templates) {
    const params = matchSegments(template, raw);
    if (!params) continue;
    const op = template.operations[method];
    if (op) return { template, op, params };
    methodMismatch = true;
  }
  return methodMismatch ? 'method' : null;
}

function describe(errors: ValidateFunction['errors'], where: string): string[] {
  return (errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}`);
}

function topLevelProperties(schema: Record<string, unknown>): Set<string> | null {
  const s = resolve(schema) as Record<string, unknown>;
  const variants = [s, ...(['oneOf', 'anyOf', 'allOf'] as const).flatMap((k) => (s[k] as Record<string, unknown>[] | undefined) ?? [])];
  const names = new Set<string>();
  for (const v of variants) for (const n of Object.keys((resolve(v) as { properties?: object }).properties ?? {})) names.add(n);
  return names.size > 0 ? names : null;
}

/** Check one request; `path` is the raw (still percent-encoded) path below the API root. */
export function checkRequest(input: {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  rawBody: string;
  contentType: string | undefined;
}): RequestCheck {
  const method = input.method.toLowerCase();
  const found = findRoute(method, input.path);
  if (found === null) return { route: null, problems: [`no path in GitHub's OpenAPI description matches ${input.path}`] };
  if (found === 'method') return { route: null, problems: [`${input.method} is not an operation of ${input.path} in GitHub's OpenAPI description`] };
  const { template, op, params } = found;
  const problems: string[] = [];
  const parameters = (op.parameters ?? []).map((p) => resolve<Parameter>(p));

  for (const p of parameters.filter((p) => p.in === 'path' && p.schema)) {
    const check = validator(spec().query, `${template.path} ${method} path ${p.name}`, { type: 'object', properties: { v: p.schema } });
    if (!check({ v: params[p.name] })) problems.push(...describe(check.errors, `path parameter ${p.name}`));
  }
  const declared = new Map(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  for (const name of new Set(input.query.keys())) {
    const p = declared.get(name);
    if (!p) {
      problems.push(`query parameter "${name}" is not declared for ${op.operationId}`);
      continue;
    }
    const check = validator(spec().query, `${template.path} ${method} query ${name}`, { type: 'object', properties: { v: p.schema ?? {} } });
    if (!check({ v: input.query.get(name) })) problems.push(...describe(check.errors, `query parameter ${name}`));
  }
  for (const p of declared.values()) if (p.required && !input.query.has(p.name)) problems.push(`query parameter "${p.name}" is required`);

  const bodySpec = op.requestBody ? resolve(op.requestBody) : undefined;
  const hasBody = input.rawBody.length > 0;
  if (!bodySpec && hasBody) problems.push(`${op.operationId} takes no request body`);
  if (bodySpec?.required && !hasBody) problems.push(`${op.operationId} requires a JSON body`);
  if (bodySpec && hasBody) {
    const json = bodySpec.content['application/json'];
    if (!json) problems.push(`${op.operationId} takes no JSON body`);
    else if (!input.contentType?.startsWith('application/json')) problems.push(`body sent as ${input.contentType ?? 'no content type'}, not application/json`);
    else if (input.body === undefined) problems.push('body is not valid JSON');
    else {
      const at = ['paths', template.path, method, 'requestBody', 'content', 'application/json', 'schema'];
      const check = validator(spec().body, `${template.path} ${method} body`, { $ref: pointer(at) });
      if (!check(input.body)) problems.push(...describe(check.errors, 'body'));
      // GitHub ignores unknown fields; we flag them because they are always a typo on our side.
      const known = topLevelProperties(json.schema as Record<string, unknown>);
      if (known && input.body && typeof input.body === 'object' && !Array.isArray(input.body)) {
        for (const key of Object.keys(input.body)) if (!known.has(key)) problems.push(`body has unknown property "${key}"`);
      }
    }
  }
  return { route: { route: `${input.method.toUpperCase()} ${template.path}`, operationId: op.operationId, params }, problems };
}
