import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The providers' published API descriptions and payloads live in shared/reference beside the
// checkout (CI clones the repository next to shared/); BATON_REFERENCE_DIR points elsewhere.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function referencePath(...parts: string[]): string {
  return path.join(process.env.BATON_REFERENCE_DIR ?? path.join(REPO_ROOT, '../shared/reference'), ...parts);
}
