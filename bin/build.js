#!/usr/bin/env node
// Builds the server for production: src/ and its dependencies bundled by esbuild into dist/ as
// plain JavaScript, one chunk per command so `baton --help` loads only the command table.
// Bundling is what makes start-up fast: Node 20 resolves, reads and compiles the ~800 module
// files of Kysely, zod and Fastify one by one, which costs more than all of Baton's own set-up.
// No type checking here: `npm test` runs tsc.
//
// `--if-stale` (what `npm start` runs) does nothing while the build stamp is newer than every
// input: a stat per source file, a few milliseconds, instead of a build on every start.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');
// node_modules/.package-lock.json changes whenever npm changes the installed dependencies.
const inputs = ['src', 'package.json', 'node_modules/.package-lock.json', 'bin/build.js'].map((p) => path.join(root, p));

// Left to Node at run time: native addons, the optional native PostgreSQL driver, the logger,
// whose transports run in worker threads that load their own files from node_modules, and
// @fastify/cookie, which loads the CommonJS `cookie` with a dynamic import(): bundled, that
// import yields a namespace whose functions sit only under `default`, and every request with a cookie
// (and every sign-in) failed with "cookieModule.parseCookie is not a function".
const external = ['better-sqlite3', 'pg-native', 'pino', 'pino-*', '@fastify/cookie'];

/** Newest modification time under `file`; folders count too, so a deleted source makes dist stale. */
function newest(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((name) => newest(path.join(file, name))));
}

function isStale() {
  const built = fs.statSync(stamp, { throwIfNoEntry: false });
  return !built || Math.max(...inputs.map(newest)) > built.mtimeMs;
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install (`npm ci --omit=dev`) has no bundler; it must ship a built dist/.
  const hasBuild = fs.existsSync(path.join(dist, 'cli.js'));
  process.stderr.write(
    hasBuild
      ? 'baton: dist/ is older than its sources and esbuild is not installed here; starting the existing build (rebuild with `npm run build:server` where dev dependencies are installed)\n'
      : 'baton: dist/ is missing and esbuild is not installed here; run `npm ci && npm run build:server` first\n',
  );
  process.exit(hasBuild ? 0 : 1);
}

// The stamp carries the time the build started, so a source saved during the build counts as newer.
// The new build is written beside dist/ and swapped in whole: a process starting meanwhile sees
// the old build or the new one, never half of one.
const started = new Date();
const next = `${dist}.next-${process.pid}`;
const old = `${dist}.old-${process.pid}`;
fs.rmSync(next, { recursive: true, force: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['src/cli.ts'],
  outdir: next,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __batonCreateRequire } from 'node:module'; const require = __batonCreateRequire(import.meta.url);" },
  // For stack traces: run with NODE_OPTIONS=--enable-source-maps.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
const nextStamp = path.join(next, '.built');
fs.writeFileSync(nextStamp, `${started.toISOString()}\n`);
fs.utimesSync(nextStamp, started, started);
try {
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(next, dist);
} catch (err) {
  // Another build swapped its dist/ in at the same moment: it is as new as ours; keep it.
  if (!['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(err.code)) throw err;
  fs.rmSync(next, { recursive: true, force: true });
}
fs.rmSync(old, { recursive: true, force: true });
