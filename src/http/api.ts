import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { pathsWithNul } from '../domain/nul-characters.ts';
import type { User } from '../services/users.ts';
import { describeProblem, explainIssues } from '../validation-messages.ts';
import { authenticate } from './auth.ts';

// Routes are declared once with zod schemas: the same declaration validates requests
// (unknown fields rejected, the bad field named) and produces /api/openapi.json.

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteDef<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: Method;
  url: string;
  summary: string;
  tag: string;
  /** Who may call: anybody, or a signed-in user (session cookie or API token). */
  auth?: 'none' | 'user';
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Labels of body fields whose name in the form depends on the request (a provider's own
   * words); other fields are labelled by their schema's `.meta({ title })`.
   */
  fieldLabels?: (body: unknown) => Record<string, string>;
  /** Success status, 200 unless given. */
  status?: number;
  /** What a success answers; required unless the status is 204 (no content) or a redirect (3xx, its Location). */
  response?: z.ZodType;
  /** Further success answers worth documenting, by status (e.g. a 200 "duplicate" beside a 202). */
  otherResponses?: Record<number, { description: string; schema: z.ZodType }>;
}

/** A route served outside this helper (it needs the raw bytes, say), declared for the document. */
export interface RouteDoc extends RouteDef<z.ZodType, z.ZodType, z.ZodType> {
  /** A body that is not parsed as JSON before the handler sees it. */
  rawBody?: { contentType: string; description: string };
}

export interface ApiOptions {
  /**
   * Parse every answer with its route's response schema and fail the request when it does not
   * fit, so the suite proves the document (and the web types generated from it) tells the truth.
   */
  checkResponses?: boolean;
}

export interface Call<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: User;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A request that does not fit its route's schemas; `fields` says what is wrong with each field, in words for people. */
export class RequestInvalid extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
  }
}

const WHOLE = { params: 'The address', query: 'The query', body: 'The request body' } as const;

/** A part of a request checked against its schema; throws RequestInvalid in words for people. Routes outside `Api.route` (a stream) use it directly. */
export function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: keyof typeof WHOLE, labels?: Record<string, string>): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}), { error: describeProblem });
  const issues = result.success ? nulIssues(result.data) : result.error.issues;
  if (result.success && issues.length === 0) return result.data;
  const { message, fields } = explainIssues(issues, { schema, labels, whole: WHOLE[where] });
  throw new RequestInvalid(message, fields);
}

/**
 * Text holding the NUL character, which no form can type and PostgreSQL text cannot hold: refused
 * here, for every route, rather than by the database halfway through a change.
 */
function nulIssues(data: unknown): z.core.$ZodIssue[] {
  return pathsWithNul(data).map((path) => ({ code: 'custom', path, input: undefined, message: 'must not contain the NUL character (\\u0000); remove it' }));
}

export class Api {
  private readonly routes: RouteDoc[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly ctx: AppContext,
    private readonly options: ApiOptions = {},
  ) {}

  route<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
    def: RouteDef<P, Q, B>,
    handler: (call: Call<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>,
  ): void {
    this.describe(def as RouteDef<z.ZodType, z.ZodType, z.ZodType>);
    const check = this.options.checkResponses ? def.response : undefined;
    this.app.route({
      method: def.method,
      url: def.url,
      handler: async (request, reply) => {
        const user = def.auth === 'none' ? (undefined as unknown as User) : await authenticate(this.ctx, request);
        const params = parse(def.params, request.params, 'params');
        const query = parse(def.query, request.query, 'query');
        const body = parse(def.body, request.body, 'body', def.fieldLabels?.(request.body));
        const result = await handler({ params, query, body, user, request, reply });
        if (reply.sent) return reply;
        if (check) checkAnswer(def, check, result);
        reply.code(def.status ?? 200);
        return result === undefined ? reply.send() : result;
      },
    });
  }

  /** Adds a route to the document; `route()` does this itself, other routes call it directly. */
  describe(def: RouteDoc): void {
    if (!def.response && def.status !== 204 && !isRedirect(def.status)) throw new Error(`${def.method} ${def.url} declares no response schema`);
    this.routes.push(def);
  }

  openapi(): Record<string, unknown> {
    const schemas = new SchemaCollector();
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const parameters = [
        ...objectProps(r.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
        ...objectProps(r.query).map(([name, schema, required]) => ({ name, in: 'query', required, schema })),
      ];
      const success = String(r.status ?? 200);
      const answers: Record<string, unknown> = {
        [success]: isRedirect(r.status)
          ? { description: 'Redirect', headers: { Location: { description: 'Where the browser goes next', schema: { type: 'string' } } } }
          : { description: 'Success', ...(r.response && { content: { 'application/json': { schema: schemas.add(r.response, 'output') } } }) },
      };
      for (const [status, other] of Object.entries(r.otherResponses ?? {})) {
        answers[status] = { description: other.description, content: { 'application/json': { schema: schemas.add(other.schema, 'output') } } };
      }
      const requestBody = r.rawBody
        ? { required: true, description: r.rawBody.description, content: { [r.rawBody.contentType]: { schema: {} } } }
        : r.body && { required: true, content: { 'application/json': { schema: schemas.add(r.body, 'input') } } };
      (paths[path] ??= {})[r.method.toLowerCase()] = {
        summary: r.summary,
        tags: [r.tag],
        ...(parameters.length && { parameters }),
        ...(requestBody && { requestBody }),
        responses: {
          ...answers,
          default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
        ...(r.auth !== 'none' && { security: [{ bearer: [] }, { session: [] }] }),
      };
    }
    return {
      openapi: '3.1.0',
      info: { title: 'Baton API', version: '1' },
      paths,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'baton_session' },
        },
        schemas: {
          Error: {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['code', 'message', 'details'],
                properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
              },
            },
          },
          ...schemas.named,
        },
      },
    };
  }
}

const isRedirect = (status: number | undefined) => status !== undefined && status >= 300 && status < 400;

function checkAnswer(def: { method: string; url: string }, schema: z.ZodType, result: unknown): void {
  const parsed = schema.safeParse(result);
  if (parsed.success) return;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(answer)'}: ${i.message}`).join('; ');
  throw new Error(`${def.method} ${def.url} answered outside its response schema: ${issues}`);
}

/**
 * Schemas given an id (`.meta({ id: 'Ticket' })`) become components the operations refer to,
 * so generated clients get one named type per shape instead of a copy per route.
 */
class SchemaCollector {
  readonly named: Record<string, unknown> = {};

  add(schema: z.ZodType, io: 'input' | 'output'): unknown {
    const { $defs, ...json } = jsonSchema(schema, io) as { $defs?: Record<string, unknown> };
    for (const [id, def] of Object.entries($defs ?? {})) {
      const text = JSON.stringify(relink(def));
      if (id in this.named && JSON.stringify(this.named[id]) !== text) throw new Error(`Two different schemas are named ${id}`);
      this.named[id] = JSON.parse(text);
    }
    return relink(json);
  }
}

function relink(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'));
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): unknown {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return json;
}

function objectProps(schema: z.ZodType | undefined): Array<[string, unknown, boolean]> {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([k, v]) => [k, v, (json.required ?? []).includes(k)]);
}
