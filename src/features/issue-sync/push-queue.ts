import type { AppContext } from '../../app-context.ts';
import { enqueuePush } from './jobs.ts';

/** Baton's side won a conflict: write it back, with the sync's own token (no person acted just now). */
export function pushIfBatonKept(ctx: AppContext, ticketId: string): Promise<string> {
  return enqueuePush(ctx.db, () => ctx.wakeWorkers(), ticketId, null);
}
