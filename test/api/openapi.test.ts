import fs from 'node:fs';
import type { OpenAPI3 } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/api-types.ts';
import { apiClient, startTestBaton, type TestBaton } from '../support/baton.ts';

// The document is the contract the web app's types are generated from: every answer is in it,
// the webhook receiver too, and the committed types are regenerated whenever a route changes.

interface Operation {
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

describe('the OpenAPI document', () => {
  let baton: TestBaton;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

  beforeAll(async () => {
    baton = await startTestBaton();
    const res = await apiClient(baton.url).get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(() => baton?.stop());

  const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method} ${path}`, op })));

  it('gives every operation a success answer with a schema, except empty 204s', () => {
    const missing: string[] = [];
    for (const { name, op } of operations()) {
      const successes = Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s));
      if (successes.length === 0) missing.push(`${name}: no 2xx answer`);
      for (const status of successes) {
        const schema = op.responses[status].content?.['application/json']?.schema;
        if (status === '204') {
          if (op.responses[status].content) missing.push(`${name}: a 204 with content`);
        } else if (!schema || Object.keys(schema).length === 0) {
          missing.push(`${name}: ${status} without a schema`);
        }
      }
    }
    expect(operations().length).toBeGreaterThan(25);
    expect(missing).toEqual([]);
  });

  it('documents the webhook receiver, its raw body and both of its answers', () => {
    const receiver = doc.paths['/api/webhooks/{provider}/{projectId}']?.post;
    expect(receiver).toBeDefined();
    if (!receiver) return;
    expect(Object.keys(receiver.requestBody?.content ?? {})).toEqual(['application/json']);
    expect(receiver.responses['202'].content?.['application/json']?.schema).toMatchObject({ properties: { status: { const: 'accepted' } } });
    expect(receiver.responses['200'].content?.['application/json']?.schema).toMatchObject({
      properties: { status: { enum: ['pong', 'duplicate', 'ignored'] } },
    });
  });

  it('names shared shapes once, and every reference points at one', () => {
    const text = JSON.stringify(doc);
    const targets = [...text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    expect(new Set(targets)).toEqual(new Set(Object.keys(doc.components.schemas)));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Project', 'Ticket', 'TicketSummary', 'Member', 'Repository', 'Credential']));
  });

  it('labels every field of every request body (its title), as the form asking for it does, so a refusal can name it', () => {
    const resolve = (schema: any): any => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema);
    const unlabelled: string[] = [];
    // A field inside a labelled list item is named by the item ("Acceptance criterion 2").
    const check = (where: string, schema: any) => {
      const inherited = !!resolve(schema)?.title;
      for (const [key, property] of Object.entries<any>(resolve(schema)?.properties ?? {})) {
        if (!inherited && !property.title && !resolve(property)?.title) unlabelled.push(`${where} ${key}`);
        const items = resolve(resolve(property)?.items);
        if (items?.properties) check(`${where} ${key}[]`, items);
      }
    };
    for (const { name, op } of operations()) check(name, (op.requestBody?.content['application/json'] as { schema?: unknown } | undefined)?.schema);
    expect(operations().filter(({ op }) => op.requestBody).length).toBeGreaterThan(8);
    expect(unlabelled).toEqual([]);
  });

  it('is what the committed web types were generated from (run `npm run gen:api` after changing a route)', async () => {
    const expected = await renderApiTypes(doc as unknown as OpenAPI3);
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed === expected, 'web/generated/api-types.ts is stale: run `npm run gen:api` and commit the result').toBe(true);
  });
});
