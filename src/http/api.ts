import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { User } from '../services/users.ts';
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
  /** Success status, 200 unless given. */
  status?: number;
  response?: z.ZodType;
}

export interface Call<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  user: User;
  request: FastifyRequest;
  reply: FastifyReply;
}

export class RequestInvalid extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(
      `Invalid request: ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
  }
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): z.infer<T> {
  if (!schema) return undefined as z.infer<T>;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of keys) {
      const name = path.length ? path.map(String).join('.') : where;
      fields[name] = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
    }
  }
  throw new RequestInvalid(fields);
}

export class Api {
  private readonly routes: Array<RouteDef<z.ZodType, z.ZodType, z.ZodType>> = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly ctx: AppContext,
  ) {}

  route<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(
    def: RouteDef<P, Q, B>,
    handler: (call: Call<z.infer<P>, z.infer<Q>, z.infer<B>>) => Promise<unknown>,
  ): void {
    this.routes.push(def as RouteDef<z.ZodType, z.ZodType, z.ZodType>);
    this.app.route({
      method: def.method,
      url: def.url,
      handler: async (request, reply) => {
        const user = def.auth === 'none' ? (undefined as unknown as User) : await authenticate(this.ctx, request);
        const params = parse(def.params, request.params, 'params');
        const query = parse(def.query, request.query, 'query');
        const body = parse(def.body, request.body, 'body');
        const result = await handler({ params, query, body, user, request, reply });
        if (reply.sent) return reply;
        reply.code(def.status ?? 200);
        return result === undefined ? reply.send() : result;
      },
    });
  }

  openapi(): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      const parameters = [
        ...objectProps(r.params).map(([name, schema]) => ({ name, in: 'path', required: true, schema })),
        ...objectProps(r.query).map(([name, schema, required]) => ({ name, in: 'query', required, schema })),
      ];
      (paths[path] ??= {})[r.method.toLowerCase()] = {
        summary: r.summary,
        tags: [r.tag],
        ...(parameters.length && { parameters }),
        ...(r.body && { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } }),
        responses: {
          [String(r.status ?? 200)]: {
            description: 'Success',
            ...(r.response && { content: { 'application/json': { schema: jsonSchema(r.response) } } }),
          },
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
        },
      },
    };
  }
}

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

function objectProps(schema: z.ZodType | undefined): Array<[string, unknown, boolean]> {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([k, v]) => [k, v, (json.required ?? []).includes(k)]);
}
