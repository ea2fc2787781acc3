// Start work's job kinds and their payloads. Kind names are `<subject>.<action>` (jobs/queue.ts).
import { z } from 'zod';

export const START_WORK_JOB = 'ticket.start-work';
export const REPUBLISH_SPEC_JOB = 'ticket.republish-spec';

/**
 * The names these kinds had before they took the common style. Migration 003 renamed the jobs
 * already stored; these stay accepted for one release so that a job enqueued by a process still
 * running the previous version during a rolling upgrade is run, not marked dead.
 */
export const PREVIOUS_KINDS: Record<string, string> = { start_work: START_WORK_JOB, republish_spec: REPUBLISH_SPEC_JOB };

export const ticketPayload = z.object({ ticketId: z.string().min(1) });
export type TicketPayload = z.input<typeof ticketPayload>;

// The singleton keys keep their original spelling: a job queued before the rename still holds
// one, and a new request must find it to avoid a second flow for the same ticket.
export const startWorkKey = (ticketId: string) => `start_work:${ticketId}`;
export const republishSpecKey = (ticketId: string) => `republish_spec:${ticketId}`;
