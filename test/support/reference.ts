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
