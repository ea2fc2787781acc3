// The vendored Gitea 1.22 description, with the router's wildcards marked, behind the shared
// request validator.
import { readFileSync } from 'node:fs';
import { referencePath } from '../../support/reference.ts';
import { createRequestValidator, type RequestValidator } from '../common/request-validator.ts';

// Gitea routes these parameters as `*` (routers/api/v1/api.go: `/contents/*`, `/pulls/{base}/*`),
// so they span segments: `.tickets/PAY-1.md`, `feature/PAY-1-refund`. The description writes
// them as one segment each.
const WILDCARDS: Array<[path: string, param: string]> = [
  ['/repos/{owner}/{repo}/contents/{filepath}', 'filepath'],
  ['/repos/{owner}/{repo}/pulls/{base}/{head}', 'head'],
];

function load(): Record<string, any> {
  const doc = JSON.parse(readFileSync(referencePath('gitea', 'swagger.v1.22.json'), 'utf8'));
  for (const [path, name] of WILDCARDS) {
    for (const operation of Object.values(doc.paths[path] as Record<string, { parameters?: Array<Record<string, unknown>> }>)) {
      for (const p of operation.parameters ?? []) if (p.in === 'path' && p.name === name) p['x-multi-segment'] = true;
    }
  }
  return doc;
}

let shared: RequestValidator | null = null;

/** Built once per process: compiling schemas on first use keeps it cheap. */
export function giteaValidator(): RequestValidator {
  shared ??= createRequestValidator({ name: "Gitea's API description (v1.22)", document: load() });
  return shared;
}
