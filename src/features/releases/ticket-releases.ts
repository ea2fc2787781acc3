// Reading which release shipped each ticket (domain/releases.ts decides; this loads).
import type { Executor } from '../../db/database.ts';
import { mergedPullRequestReleases } from '../../db/queries/releases.ts';
import { type TicketReleases, ticketReleases } from '../../domain/releases.ts';

export const NOT_RELEASED: TicketReleases = { release: null, prerelease: null };

export async function releasesOfTickets(db: Executor, ticketIds: string[]): Promise<Map<string, TicketReleases>> {
  return ticketReleases(await mergedPullRequestReleases(db, ticketIds));
}
