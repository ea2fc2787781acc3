// Deliveries while the server is killed with SIGKILL and restarted: every delivery that got a 2xx
// must be stored and applied exactly once; one that did not may or may not have been stored, but
// if it was, it too is applied exactly once.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { type ChildBaton, childBaton, freePort } from '../support/child-baton.ts';
import { eventually } from '../support/eventually.ts';
import { seedWebhookProject } from '../support/webhook-seed.ts';
import { githubEvent, sign } from './support.ts';

const DELIVERIES = 2000;
const CONCURRENCY = 20;
const KILLS = 4;
const SECRET = 'crash-test-secret';

describe('webhook ingress across SIGKILL', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-crash-'));
  const secretKey = randomBytes(32).toString('base64');
  let server: ChildBaton | null = null;
  afterAll(async () => {
    await server?.kill();
  });

  it('stores and applies exactly once every delivery that got a 2xx', { timeout: 300_000 }, async () => {
    const dbFile = path.join(dataDir, 'baton.sqlite');
    const { projectId, keys } = await seedWebhookProject(dbFile, secretKey, { projectKey: 'CR', secret: SECRET, tickets: DELIVERIES });

    const port = await freePort();
    const env = {
      BATON_DATA_DIR: dataDir,
      BATON_SECRET_KEY: secretKey,
      BATON_LOG_LEVEL: 'warn',
      BATON_RECONCILIATION_PERIOD: '0',
      BATON_PUBLIC_URL: 'http://baton.test',
    };
    server = childBaton(env, port);
    await server.start();
    const live = server;

    // The server is up between restarts; senders wait for it instead of burning deliveries.
    let up: Promise<void> = Promise.resolve();
    const outcome = new Map<string, 'acked' | 'failed'>();
    const deliveryIds = keys.map(() => randomUUID());
    let next = 0;
    let sent = 0;

    async function sender(): Promise<void> {
      for (;;) {
        const i = next++;
        if (i >= DELIVERIES) return;
        await up;
        const body = Buffer.from(JSON.stringify(githubEvent('opened', { number: i + 1, head: `feature/${keys[i]}`, updatedAt: '2024-01-01T00:00:00Z' })));
        try {
          const res = await fetch(`${live.url}/api/webhooks/github/${projectId}`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-github-event': 'pull_request',
              'x-github-delivery': deliveryIds[i],
              'x-hub-signature-256': sign(body, SECRET),
            },
            body: new Uint8Array(body),
          });
          await res.arrayBuffer();
          outcome.set(deliveryIds[i], res.status >= 200 && res.status < 300 ? 'acked' : 'failed');
        } catch {
          outcome.set(deliveryIds[i], 'failed'); // like GitHub: no retry
        }
        sent++;
      }
    }

    async function killer(): Promise<void> {
      for (let k = 0; k < KILLS; k++) {
        const target = Math.floor(((k + 1) * DELIVERIES) / (KILLS + 1) + (Math.random() - 0.5) * 100);
        while (sent < target && next < DELIVERIES) await new Promise((r) => setTimeout(r, 2));
        let reopen!: () => void;
        up = new Promise((r) => (reopen = r));
        await live.kill();
        await live.start();
        reopen();
      }
    }

    await Promise.all([killer(), ...Array.from({ length: CONCURRENCY }, sender)]);
    const acked = [...outcome].filter(([, o]) => o === 'acked').map(([id]) => id);
    const failed = DELIVERIES - acked.length;

    // Wait until the restarted server has applied everything pending (jobs whose worker was
    // killed are picked up by the sweep), then stop it and look at what it left.
    const db = openDatabase(dbFile);
    const pending = () => db.kysely.selectFrom('webhook_deliveries').select('id').where('outcome', '=', 'pending').execute();
    await eventually(async () => (await pending()).length === 0, { timeoutMs: 120_000, what: 'every stored delivery to be applied' });
    await live.stop();

    const deliveries = await db.kysely.selectFrom('webhook_deliveries').select(['delivery_id', 'outcome', 'action', 'error']).execute();
    const history = await db.kysely
      .selectFrom('ticket_history')
      .innerJoin('tickets', 'tickets.id', 'ticket_history.ticket_id')
      .select(['tickets.key', 'ticket_history.cause'])
      .where('ticket_history.cause', '=', 'pr_event')
      .where('ticket_history.kind', '=', 'status')
      .execute();
    const prs = await db.kysely.selectFrom('pull_requests').select('number').execute();
    const deadJobs = await db.kysely.selectFrom('jobs').select('id').where('status', '=', 'dead').execute();
    await db.destroy();

    const stored = new Map(deliveries.map((d) => [d.delivery_id, d]));
    const missing = acked.filter((id) => !stored.has(id));
    expect({ missing: missing.length, acked: acked.length }).toEqual({ missing: 0, acked: acked.length });
    expect(deliveries.filter((d) => d.outcome !== 'applied')).toEqual([]);
    // Each stored delivery opened its own PR on its own ticket: one row and one history entry each.
    const historyPerKey = new Map<string, number>();
    for (const h of history) historyPerKey.set(h.key, (historyPerKey.get(h.key) ?? 0) + 1);
    expect([...historyPerKey.values()].filter((n) => n !== 1)).toEqual([]);
    expect([history.length, prs.length]).toEqual([deliveries.length, deliveries.length]);
    expect(deadJobs).toEqual([]);
    // The kills happened while deliveries were in flight.
    expect(failed).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThan(DELIVERIES / 2);
    console.info(`crash test: ${acked.length} acknowledged, ${failed} failed, ${deliveries.length} stored, ${KILLS} kills`);
  });
});
