import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The providers' published API descriptions and payloads: vendored under test/reference
// (see its README), except GitHub's, which GitHub publishes on npm.
const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../reference');

export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}

export function githubOpenApiPath(): string {
  return createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
}

const webhookExamples = new Map<string, Array<Record<string, any>>>();

/** GitHub's published example deliveries of one event (`@octokit/webhooks-examples`), as published: clone before changing one. */
export function githubWebhookExamples(event: string): Array<Record<string, any>> {
  if (webhookExamples.size === 0) {
    const index = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json');
    for (const d of JSON.parse(readFileSync(index, 'utf8')) as Array<{ name: string; examples: any[] }>) webhookExamples.set(d.name, d.examples);
  }
  const found = webhookExamples.get(event);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event} examples`);
  return found;
}
