#!/usr/bin/env node
// Baton runs its TypeScript sources through tsx so that `npx baton` and `npm start`
// never depend on a stale build output.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
