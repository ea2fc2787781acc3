import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The `baton` command as tests run it in a child process: the production build (bin/baton.js →
// dist/), rebuilt from the current sources once per test run by the global setup, so a child
// process starts in a fraction of a second and runs exactly what ships.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/baton.js');

/** Node arguments that run `baton <args>`. */
export function batonArgs(args: string[], nodeArgs: string[] = []): string[] {
  return [...nodeArgs, BIN, ...args];
}

/** Rebuilds dist/ when a source is newer than the last build (a few seconds), else returns at once. */
export function buildIfStale(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'bin/build.js'), '--if-stale'], { stdio: 'inherit' });
}
