import { describe, expect, it } from 'vitest';
import { createIngestLoad } from './ingest-load.ts';

describe('ingest load', () => {
  const feed = (load: ReturnType<typeof createIngestLoad>, perSecond: number, fromMs: number, toMs: number) => {
    // Batches every 10 ms, as the writer would make them.
    for (let t = fromMs; t < toMs; t += 10) load.noteBatch((perSecond * 10) / 1000, t);
  };

  it('is not busy at a few hundred deliveries a second', () => {
    const load = createIngestLoad();
    feed(load, 500, 0, 2000);
    expect(load.busy(2000)).toBe(false);
  });

  it('is busy during a burst and quiet again once it ends', () => {
    const load = createIngestLoad();
    feed(load, 4000, 0, 2000);
    expect(load.busy(2000)).toBe(true);
    expect(load.busy(2100)).toBe(true);
    expect(load.busy(2600)).toBe(false);
  });
});
