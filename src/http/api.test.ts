import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { Api } from './api.ts';
import { installErrorHandler } from './error-handler.ts';

// The route helper's own promises: no route goes undocumented, and with checking on, an answer
// that strays from its schema fails instead of reaching a client typed from the document.

async function serve(checkResponses: boolean, answer: unknown) {
  const app = Fastify();
  installErrorHandler(app);
  const api = new Api(app, {} as AppContext, { checkResponses });
  api.route(
    { method: 'GET', url: '/api/thing', summary: 'A thing', tag: 'test', auth: 'none', response: z.object({ id: z.string(), count: z.number() }) },
    async () => answer,
  );
  return { app, api };
}

describe('Api', () => {
  it('refuses a route that declares no response schema, unless it answers 204', async () => {
    const app = Fastify();
    const api = new Api(app, {} as AppContext);
    expect(() => api.route({ method: 'GET', url: '/api/x', summary: 'x', tag: 'test', auth: 'none' }, async () => ({}))).toThrow(
      'GET /api/x declares no response schema',
    );
    expect(() => api.route({ method: 'DELETE', url: '/api/x', summary: 'x', tag: 'test', auth: 'none', status: 204 }, async () => {})).not.toThrow();
  });

  it('with checking on, an answer outside the schema is a 500, and a fitting one passes', async () => {
    const bad = await serve(true, { id: 'a', count: 'three' });
    expect((await bad.app.inject({ url: '/api/thing' })).statusCode).toBe(500);
    const good = await serve(true, { id: 'a', count: 3 });
    const res = await good.app.inject({ url: '/api/thing' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ id: 'a', count: 3 });
  });

  it('with checking off, answers go out unchecked', async () => {
    const { app } = await serve(false, { id: 'a', count: 'three' });
    expect((await app.inject({ url: '/api/thing' })).json()).toEqual({ id: 'a', count: 'three' });
  });

  it('puts named schemas in components and refers to them', async () => {
    const item = z.object({ id: z.string() }).meta({ id: 'ApiTestItem' });
    const app = Fastify();
    const api = new Api(app, {} as AppContext);
    api.route(
      { method: 'GET', url: '/api/items', summary: 'Items', tag: 'test', auth: 'none', response: z.object({ items: z.array(item), first: item.nullable() }) },
      async () => ({ items: [], first: null }),
    );
    const doc = api.openapi() as { paths: Record<string, any>; components: { schemas: Record<string, unknown> } };
    expect(doc.components.schemas.ApiTestItem).toEqual({
      type: 'object',
      properties: { id: { type: 'string' } },
      required: ['id'],
      additionalProperties: false,
    });
    expect(doc.paths['/api/items'].get.responses['200'].content['application/json'].schema.properties.items).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/ApiTestItem' },
    });
  });
});
