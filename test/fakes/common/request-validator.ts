// Checks requests (and, for a fake's own tests, responses) against a provider's published API
// description, so a wrong path, method, query parameter or body fails a test instead of getting
// a friendly 200 from a fake. Reads OpenAPI 3 and Swagger 2.0 documents as they are: both are
// normalised to one operation shape, and every schema is compiled by JSON pointer into the
// document, so its own `$ref`s resolve wherever they point.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];
const FORM = 'application/x-www-form-urlencoded';
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

export interface RouteMatch {
  /** e.g. "GET /repos/{owner}/{repo}" — the key handlers are registered under. */
  route: string;
  /** The description's operationId, or the route where it has none. */
  operationId: string;
  params: Record<string, string>;
}

export interface RequestCheck {
  route: RouteMatch | null;
  problems: string[];
  /** The body as the operation reads it: parsed JSON, or an object of form fields; undefined when absent or unreadable. */
  body: unknown;
}

export interface RequestInput {
  method: string;
  /** The raw (still percent-encoded) path below the API root. */
  path: string;
  query: URLSearchParams;
  rawBody: string;
  contentType: string | undefined;
}

export interface RequestValidatorOptions {
  /** How messages name the description, e.g. "GitHub's OpenAPI description". */
  name: string;
  /** A parsed OpenAPI 3.x or Swagger 2.0 document (patched for known errata by the caller). */
  document: Json;
  /**
   * Query parameters every operation accepts although no operation declares them, because the
   * provider documents them once for the whole API (paging, filtering): name → JSON schema.
   */
  commonQuery?: Record<string, Json>;
}

export interface RequestValidator {
  check(input: RequestInput): RequestCheck;
  /** Problems of a response body against the operation's declared response for that status; empty when none is declared. */
  checkResponse(route: string, status: number, body: unknown): string[];
}

interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie' | 'body' | 'formData';
  required: boolean;
  /** The value's JSON schema: a `$ref` into the document, or Swagger 2.0's inline keywords. */
  schema: Json;
  /** Where a body parameter's schema sits in the document (Swagger 2.0 `in: body`). */
  bodySchema: string[];
  array: boolean;
  /** Array values arrive as repeated keys ("multi") or one comma-separated value ("csv"). */
  collection: 'multi' | 'csv';
  multiSegment: boolean;
}

interface Operation {
  id: string;
  template: string;
  method: string;
  params: Param[];
  /** media type → JSON pointer of its schema; null when the operation takes no body. */
  body: { required: boolean; media: Map<string, string[]>; formSchema: Json | null } | null;
  /** status → JSON pointer of the response schema. */
  responses: Map<string, string[]>;
}

interface Template {
  path: string;
  segments: string[];
  literals: number;
  operations: Map<string, Operation>;
  multi: Set<string>;
}

const escapePointer = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');
/** An ajv reference to a place in the document, which ajv knows as "doc". */
const ref = (pointer: string[]) => `doc#/${pointer.map((p) => encodeURIComponent(escapePointer(p))).join('/')}`;
const unescapePointer = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~');
const mediaOf = (contentType: string | undefined) => (contentType === undefined ? undefined : contentType.split(';')[0]!.trim().toLowerCase());

export function createRequestValidator(options: RequestValidatorOptions): RequestValidator {
  const doc = options.document;
  const swagger2 = typeof doc.swagger === 'string';
  const ajvFor = (coerceTypes: boolean) => {
    // Description dialects add keywords (nullable, discriminator, x-*) and formats ajv does not know: not strict.
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, coerceTypes });
    addFormats(ajv);
    ajv.addSchema(doc, 'doc');
    return ajv;
  };
  const bodyAjv = ajvFor(false);
  const scalarAjv = ajvFor(true);
  const compiled = new Map<string, ValidateFunction>();

  function at(pointer: string[]): unknown {
    return pointer.reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
  }

  /** Follow `$ref`s from a pointer to the node they finally name; returns that node's pointer. */
  function follow(pointer: string[]): string[] {
    let current = pointer;
    for (let node = at(current) as Json | undefined; node && typeof node.$ref === 'string'; node = at(current) as Json | undefined) {
      current = node.$ref.slice(2).split('/').map(unescapePointer);
    }
    return current;
  }

  function validator(ajv: Ajv, schema: Json | string[]): ValidateFunction {
    const key = `${ajv === bodyAjv ? 'b' : 's'}:${JSON.stringify(schema)}`;
    let fn = compiled.get(key);
    if (!fn) compiled.set(key, (fn = ajv.compile(Array.isArray(schema) ? { $ref: ref(schema) } : schema)));
    return fn;
  }

  function parameters(template: string, method: string): Param[] {
    const read = (base: string[]) =>
      ((at(base) as unknown[] | undefined) ?? []).map((_, i) => {
        const pointer = follow([...base, String(i)]);
        const p = at(pointer) as Json;
        const inline = swagger2 && p.in !== 'body';
        const schema = inline ? inlineSchema(p) : { $ref: ref(follow([...pointer, 'schema'])) };
        const array = (inline ? p.type : (at(follow([...pointer, 'schema'])) as Json | undefined)?.type) === 'array';
        const explode = swagger2 ? p.collectionFormat === 'multi' : p.explode !== false;
        return {
          name: p.name as string,
          in: p.in,
          required: p.required === true,
          schema,
          bodySchema: [...pointer, 'schema'],
          array,
          collection: array && explode ? 'multi' : 'csv',
          multiSegment: p['x-multi-segment'] === true,
        } satisfies Param;
      });
    const merged = new Map<string, Param>();
    for (const p of [...read(['paths', template, 'parameters']), ...read(['paths', template, method, 'parameters'])]) merged.set(`${p.in} ${p.name}`, p);
    return [...merged.values()];
  }

  function bodyOf(template: string, method: string, params: Param[]): Operation['body'] {
    const op = at(['paths', template, method]) as Json;
    if (!swagger2) {
      if (!op.requestBody) return null;
      const base = follow(['paths', template, method, 'requestBody']);
      const content = (at([...base, 'content']) as Json | undefined) ?? {};
      return {
        required: (at(base) as Json).required === true,
        media: new Map(Object.keys(content).map((m) => [m.toLowerCase(), [...base, 'content', m, 'schema']])),
        formSchema: null,
      };
    }
    const consumes: string[] = op.consumes ?? doc.consumes ?? ['application/json'];
    const body = params.find((p) => p.in === 'body');
    if (body) return { required: body.required, media: new Map(consumes.filter((m) => m.includes('json')).map((m) => [m, body.bodySchema])), formSchema: null };
    const fields = params.filter((p) => p.in === 'formData');
    if (!fields.length) return null;
    // Swagger 2.0 lists form fields as parameters; gather them into one object schema.
    const formSchema = {
      type: 'object',
      properties: Object.fromEntries(fields.map((f) => [f.name, f.schema])),
      required: fields.filter((f) => f.required).map((f) => f.name),
      additionalProperties: op['x-form-additional-properties'] ?? false,
    };
    return { required: fields.some((f) => f.required), media: new Map(consumes.filter((m) => m === FORM).map((m) => [m, []])), formSchema };
  }

  function responsesOf(template: string, method: string): Map<string, string[]> {
    const responses = (at(['paths', template, method, 'responses']) as Json | undefined) ?? {};
    const map = new Map<string, string[]>();
    for (const status of Object.keys(responses)) {
      const base = follow(['paths', template, method, 'responses', status]);
      if (swagger2) {
        if ((at(base) as Json).schema) map.set(status, [...base, 'schema']);
      } else if ((at([...base, 'content', 'application/json']) as Json | undefined)?.schema) {
        map.set(status, [...base, 'content', 'application/json', 'schema']);
      }
    }
    return map;
  }

  const templates: Template[] = Object.entries(doc.paths as Json).map(([path, item]) => {
    const segments = path.split('/').slice(1);
    const operations = new Map<string, Operation>();
    for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) {
      const params = parameters(path, method);
      operations.set(method, {
        id: item[method].operationId ?? `${method.toUpperCase()} ${path}`,
        template: path,
        method,
        params,
        body: bodyOf(path, method, params),
        responses: responsesOf(path, method),
      });
    }
    const multi = new Set([...operations.values()].flatMap((op) => op.params.filter((p) => p.multiSegment).map((p) => p.name)));
    return { path, segments, literals: segments.filter((s) => !s.startsWith('{')).length, operations, multi };
  });
  // Most literal segments first, so /pulls/comments wins over /pulls/{pull_number}.
  templates.sort((a, b) => b.literals - a.literals);

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
      try {
        params[name] = decodeURIComponent(raw.slice(i, i + take).join('/'));
      } catch {
        return null;
      }
      if (params[name] === '') return null;
      i += take;
    }
    return i === raw.length ? params : null;
  }

  function findRoute(method: string, path: string): { op: Operation; params: Record<string, string> } | 'method' | null {
    const raw = path.split('/').slice(1);
    let methodMismatch = false;
    for (const template of templates) {
      const params = matchSegments(template, raw);
      if (!params) continue;
      const op = template.operations.get(method);
      if (op) return { op, params };
      methodMismatch = true;
    }
    return methodMismatch ? 'method' : null;
  }

  const describe = (errors: ValidateFunction['errors'], where: string) => (errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}`);

  function checkValue(schema: Json, value: unknown, where: string): string[] {
    const fn = validator(scalarAjv, { type: 'object', properties: { v: schema } });
    return fn({ v: value }) ? [] : describe(fn.errors, where).map((m) => m.replace(`${where}/v`, where));
  }

  function topLevelProperties(pointer: string[]): Set<string> | null {
    const schema = at(follow(pointer)) as Json;
    const variants = [schema, ...(['oneOf', 'anyOf', 'allOf'] as const).flatMap((k) => (schema[k] as Json[] | undefined) ?? [])];
    const names = new Set<string>();
    for (const v of variants) {
      const node = v.$ref ? (at(follow(v.$ref.slice(2).split('/').map(unescapePointer))) as Json) : v;
      for (const n of Object.keys(node.properties ?? {})) names.add(n);
    }
    return names.size > 0 ? names : null;
  }

  function checkBody(op: Operation, input: RequestInput, problems: string[]): unknown {
    const hasBody = input.rawBody.length > 0;
    if (!op.body) {
      if (hasBody) problems.push(`${op.id} takes no request body`);
      return undefined;
    }
    if (!hasBody) {
      if (op.body.required) problems.push(`${op.id} requires a request body`);
      return undefined;
    }
    const media = mediaOf(input.contentType);
    const declared = [...op.body.media.keys()];
    if (!media || !op.body.media.has(media)) {
      problems.push(`body sent as ${media ?? 'no content type'}, not ${declared.join(' or ') || 'any media type the description declares'}`);
      return undefined;
    }
    if (media === FORM) {
      const form: Record<string, string | string[]> = {};
      for (const key of new Set(new URLSearchParams(input.rawBody).keys())) {
        const values = new URLSearchParams(input.rawBody).getAll(key);
        form[key] = values.length > 1 ? values : values[0]!;
      }
      const schema = op.body.formSchema ?? (at(follow(op.body.media.get(media)!)) as Json);
      const fn = validator(scalarAjv, schema);
      if (!fn(form)) problems.push(...describe(fn.errors, 'form'));
      return form;
    }
    if (!media.includes('json')) {
      problems.push(`body sent as ${media}: the fake reads only JSON and URL-encoded form bodies`);
      return undefined;
    }
    let body: unknown;
    try {
      body = JSON.parse(input.rawBody);
    } catch {
      problems.push('body is not valid JSON');
      return undefined;
    }
    const pointer = op.body.media.get(media)!;
    const fn = validator(bodyAjv, pointer);
    if (!fn(body)) problems.push(...describe(fn.errors, 'body'));
    // Providers ignore unknown fields; we flag them because they are always a typo on our side.
    const known = topLevelProperties(pointer);
    if (known && body && typeof body === 'object' && !Array.isArray(body)) {
      for (const key of Object.keys(body)) if (!known.has(key)) problems.push(`body has unknown property "${key}"`);
    }
    return body;
  }

  function check(input: RequestInput): RequestCheck {
    const method = input.method.toLowerCase();
    const found = findRoute(method, input.path);
    if (found === null) return { route: null, problems: [`no path in ${options.name} matches ${input.path}`], body: undefined };
    if (found === 'method') return { route: null, problems: [`${input.method} is not an operation of ${input.path} in ${options.name}`], body: undefined };
    const { op, params } = found;
    const problems: string[] = [];

    for (const p of op.params.filter((p) => p.in === 'path')) problems.push(...checkValue(p.schema, params[p.name], `path parameter ${p.name}`));
    const declared = new Map(op.params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
    for (const name of new Set(input.query.keys())) {
      const values = input.query.getAll(name);
      const p = declared.get(name);
      const common = options.commonQuery?.[name];
      if (!p && !common) {
        problems.push(`query parameter "${name}" is not declared for ${op.id}`);
        continue;
      }
      const schema = p?.schema ?? common!;
      const array = p ? p.array : common!.type === 'array';
      if (p?.collection === 'multi') problems.push(...checkValue(schema, values, `query parameter ${name}`));
      else if (values.length > 1) problems.push(`query parameter "${name}" is repeated but takes one value`);
      else problems.push(...checkValue(schema, array ? values[0]!.split(',') : values[0], `query parameter ${name}`));
    }
    for (const p of declared.values()) if (p.required && !input.query.has(p.name)) problems.push(`query parameter "${p.name}" is required`);

    const body = checkBody(op, input, problems);
    return { route: { route: `${input.method.toUpperCase()} ${op.template}`, operationId: op.id, params }, problems, body };
  }

  function checkResponse(route: string, status: number, body: unknown): string[] {
    const [method, path] = route.split(' ') as [string, string];
    const op = templates.find((t) => t.path === path)?.operations.get(method.toLowerCase());
    const pointer = op?.responses.get(String(status)) ?? op?.responses.get('default');
    if (!pointer) return [];
    const fn = validator(bodyAjv, pointer);
    return fn(body) ? [] : describe(fn.errors, `${route} ${status} response`);
  }

  return { check, checkResponse };
}

/** A Swagger 2.0 non-body parameter carries its schema keywords inline; keep only those. */
function inlineSchema(p: Json): Json {
  const { name: _n, in: _in, required: _r, description: _d, collectionFormat: _c, allowEmptyValue: _a, ...schema } = p;
  // A file field arrives as text in the bodies this validator reads.
  return schema.type === 'file' ? { type: 'string' } : schema;
}
