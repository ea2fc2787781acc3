import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAcme, TOKEN } from '../../test/fakes/github/seed.ts';
import { type FakeGitHub, startFakeGitHub } from '../../test/fakes/github/server.ts';
import { engines, freshDatabase } from '../../test/support/databases.ts';
import { type Db, openDatabase } from '../db/database.ts';
import { claimWriteSlot } from '../db/queries/provider-write-slots.ts';
import { createProviderRegistry } from './registry.ts';
import { createWritePacer } from './write-pacer.ts';

// Two "processes": two handles on one database, as two Baton processes behind a load balancer
// would hold. Spacing must hold across them, not only inside each.

describe.each(engines)('write pacing across processes on %s', (engine) => {
  let first: Db;
  let second: Db;

  beforeAll(async () => {
    const db = await freshDatabase(engine);
    first = db;
    second = openDatabase(db.url);
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
  });

  it('gives concurrent claims from both processes slots at least the spacing apart', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => claimWriteSlot(i % 2 ? first : second, 'test:claims', 200)));
    const slots = claims.map((c) => c.slot).sort((a, b) => a - b);
    for (let i = 1; i < slots.length; i++) expect(slots[i] - slots[i - 1]).toBeGreaterThanOrEqual(200);
    // Another token is not held up by this one.
    const other = await claimWriteSlot(second, 'test:other', 200);
    expect(other.slot).toBe(other.now);
  });

  it('makes every write wait for its slot, whichever process makes it', async () => {
    const spacing = 150;
    const pacers = [createWritePacer(first, spacing), createWritePacer(second, spacing)];
    const started = Date.now();
    const released = await Promise.all(Array.from({ length: 4 }, (_, i) => pacers[i % 2]('test:released').then(() => Date.now())));
    // Four writes take three gaps however they interleave; each process alone would take one.
    expect(Math.max(...released) - started).toBeGreaterThanOrEqual(3 * spacing - 5);
  });

  describe('through two registries', () => {
    let fake: FakeGitHub;
    beforeAll(async () => {
      fake = await startFakeGitHub();
      seedAcme(fake);
    });
    afterAll(async () => {
      await fake?.close();
      expect(fake.violations).toEqual([]);
    });

    it("spaces one token's GitHub writes and keeps no token in the database", async () => {
      const spacing = 150;
      const writes: number[] = [];
      const registry = (db: Db) =>
        createProviderRegistry({
          allowedProviderHosts: ['127.0.0.1'],
          db,
          writeSpacingMs: spacing,
          retryDelayMs: 1,
          onRequest: (call) => void (call.method !== 'GET' && writes.push(Date.now())),
        });
      const connect = (db: Db) => registry(db).create('github', { baseUrl: fake.url, token: TOKEN, settings: {} });
      const started = Date.now();
      // Each publish is two writes (branch, then file): four writes in all, from two processes.
      await Promise.all([
        connect(first).publishFile({ repo: { owner: 'acme', name: 'api' }, branch: 'one', baseBranch: 'main', path: 'a.md', content: '1', message: 'm' }),
        connect(second).publishFile({ repo: { owner: 'acme', name: 'api' }, branch: 'two', baseBranch: 'main', path: 'b.md', content: '2', message: 'm' }),
      ]);
      expect(writes).toHaveLength(4);
      expect(Math.max(...writes) - started).toBeGreaterThanOrEqual(3 * spacing - 5);
      const rows = await first.kysely
        .selectFrom('provider_write_slots')
        .selectAll()
        .where('key', 'like', 'github:%')
        .where('key', '!=', 'test:claims')
        .execute();
      expect(rows.map((r) => r.key)).toEqual([expect.stringMatching(/^github:[0-9a-f]{32}$/)]);
      expect(JSON.stringify(rows)).not.toContain(TOKEN);
    });
  });
});
