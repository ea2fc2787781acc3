#!/usr/bin/env node
// The `baton` command runs the compiled JavaScript in dist/ (`npm run build:server`; `npm start`
// rebuilds it when a source is newer), so no TypeScript is transpiled at run time.
import fs from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!fs.existsSync(cli)) {
  process.stderr.write('baton: the server is not built yet; run `npm run build:server` (or `npm start`, which builds it when needed)\n');
  process.exit(2);
}
await import(cli.href);
