// The web app's API types come from the server's own OpenAPI document, so a route and the
// page calling it cannot drift apart: `npm run gen:api` rewrites web/generated/api-types.ts, and
// test/api/openapi.test.ts fails while the committed file is older than the routes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { loadConfig } from '../src/config.ts';
import { startBaton } from '../src/main.ts';

export const API_TYPES_FILE = fileURLToPath(new URL('../web/generated/api-types.ts', import.meta.url));

const HEADER = `// Generated from GET /api/openapi.json by \`npm run gen:api\`; do not edit. Change the route's
// schemas instead and run it again.

`;

/** The document as the server serves it, from a server built in this process on a throwaway database. */
export async function buildApiDocument(): Promise<OpenAPI3> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-openapi-'));
  const config = loadConfig({
    BATON_DATA_DIR: dataDir,
    BATON_DATABASE_URL: path.join(dataDir, 'baton.sqlite'),
    BATON_LOG_LEVEL: 'silent',
    BATON_ROLE: 'api',
  });
  const baton = await startBaton(config, { listen: false });
  try {
    const res = await baton.app!.inject({ method: 'GET', url: '/api/openapi.json' });
    if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}`);
    return res.json();
  } finally {
    await baton.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function renderApiTypes(doc: OpenAPI3): Promise<string> {
  return `${HEADER}${astToString(await openapiTS(doc))}\n${renderInputLimits(doc)}`;
}

/**
 * The longest text (characters) or list (items) each request body field takes, by operation,
 * so the web app's inputs show the limits the server enforces without a copy of their numbers.
 */
function renderInputLimits(doc: OpenAPI3): string {
  const limits: Record<string, Record<string, number>> = {};
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations as Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>)) {
      const properties = (operation?.requestBody?.content?.['application/json']?.schema as { properties?: Record<string, Record<string, unknown>> } | undefined)
        ?.properties;
      for (const [field, schema] of Object.entries(properties ?? {})) {
        const max = schema.maxLength ?? schema.maxItems;
        if (typeof max === 'number') (limits[`${method.toUpperCase()} ${path}`] ??= {})[field] = max;
      }
    }
  }
  return `/** The longest text (characters) or list (items) each request body field takes, by operation. */
export const inputLimits = ${JSON.stringify(limits, null, 4)} as const;
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await renderApiTypes(await buildApiDocument());
  fs.mkdirSync(path.dirname(API_TYPES_FILE), { recursive: true });
  fs.writeFileSync(API_TYPES_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}`);
}
