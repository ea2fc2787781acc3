// A process of its own that applies stored webhook deliveries, batch after batch, as one worker
// would: for tests where two processes apply at the same time. Prints "ready" once connected,
// starts on a line on stdin (so several start together), prints the outcomes and exits.
//   node --import tsx test/support/apply-batches.ts <database url> <batches as JSON: string[][]>
import { createInterface } from 'node:readline';
import type { AppContext } from '../../src/app-context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { applyDeliveries } from '../../src/features/pr-status/webhooks/apply-deliveries.ts';
import { createLogger } from '../../src/log.ts';
import { createProviderRegistry } from '../../src/providers/registry.ts';

const [url, batchesJson] = process.argv.slice(2);
const batches = JSON.parse(batchesJson) as string[][];
const db = openDatabase(url);
const ctx = { db, log: createLogger('silent'), providers: createProviderRegistry({ allowedProviderHosts: [] }), wakeWorkers() {} } as unknown as AppContext;

await db.kysely.selectFrom('webhook_deliveries').select('id').limit(1).execute();
process.stdout.write('ready\n');
await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
const outcomes: Record<string, string> = {};
for (const batch of batches) for (const [id, outcome] of await applyDeliveries(ctx, batch)) outcomes[id] = outcome;
await db.destroy();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
process.exit(0);
