import { fileURLToPath } from 'node:url';
import { build } from 'vite';

// The server serves web/dist; build it from the current sources so the tests never run
// against a stale bundle. Skipped with BATON_TEST_SKIP_WEB_BUILD=1 (e.g. CI built it already).
export default async function setup(): Promise<void> {
  if (process.env.BATON_TEST_SKIP_WEB_BUILD === '1') return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: fileURLToPath(new URL('../../../web/vite.config.ts', import.meta.url)), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = before;
  }
}
