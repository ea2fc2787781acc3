// Acknowledgements first. GitHub does not redeliver a delivery that timed out, so during a burst
// the ingress must keep answering fast and applying can trail the burst. While deliveries arrive
// faster than BURST_PER_SECOND, apply jobs in the same process wait — but never past
// MAX_DEFER_MS after their oldest delivery arrived, so sustained load cannot starve them. At the
// rates a busy organisation sends in normal times nothing waits.
import type { AppContext } from '../../../app-context.ts';

const BURST_PER_SECOND = 1500;
const WINDOW_MS = 250;
export const MAX_DEFER_MS = 10_000;

export interface IngestLoad {
  noteBatch(size: number, now?: number): void;
  busy(now?: number): boolean;
}

// One per running Baton (tests run several in a process), found through its context.
const loads = new WeakMap<AppContext, IngestLoad>();

export function ingestLoad(ctx: AppContext): IngestLoad {
  let load = loads.get(ctx);
  if (!load) {
    load = createIngestLoad();
    loads.set(ctx, load);
  }
  return load;
}

/** Deliveries per second over the last WINDOW_MS, from the sizes of the writer's batches. */
export function createIngestLoad(): IngestLoad {
  let windowStart = 0;
  let inWindow = 0;
  let previousRate = 0;
  const roll = (now: number) => {
    if (now - windowStart < WINDOW_MS) return;
    // A window with nothing in it, or long past, means the burst is over.
    previousRate = now - windowStart < 2 * WINDOW_MS ? (inWindow * 1000) / WINDOW_MS : 0;
    windowStart = now;
    inWindow = 0;
  };
  return {
    noteBatch(size, now = Date.now()) {
      roll(now);
      inWindow += size;
    },
    busy(now = Date.now()) {
      roll(now);
      return Math.max(previousRate, (inWindow * 1000) / WINDOW_MS) >= BURST_PER_SECOND;
    },
  };
}

/** Waits while ingest is busy, until `oldestAt` (ms) is MAX_DEFER_MS old. */
export async function yieldToIngest(load: IngestLoad, oldestAt: number): Promise<void> {
  while (load.busy() && Date.now() - oldestAt < MAX_DEFER_MS) await new Promise((r) => setTimeout(r, 25));
}
