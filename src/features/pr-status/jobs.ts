// PR status's job kinds and their payloads. Kind names are `<subject>.<action>` (jobs/queue.ts).
import { z } from 'zod';

export const SYNC_TICKET_JOB = 'pr.sync-ticket';
export const RECONCILE_REPOSITORY_JOB = 'pr.reconcile-repository';
export const RECONCILE_ALL_JOB = 'pr.reconcile-all';
export const APPLY_DELIVERIES_JOB = 'webhook.apply';
export const SWEEP_DELIVERIES_JOB = 'webhook.sweep';
export const DROP_BODIES_JOB = 'webhook.drop-bodies';

const actorId = z.string().nullable().default(null);
export const syncTicketPayload = z.object({ ticketId: z.string().min(1), actorId });
export const reconcileRepositoryPayload = z.object({ repositoryId: z.string().min(1), actorId });
export const applyDeliveriesPayload = z.object({ deliveryIds: z.array(z.string().min(1)).max(1000) });
export type SyncTicketPayload = z.input<typeof syncTicketPayload>;
export type ReconcileRepositoryPayload = z.input<typeof reconcileRepositoryPayload>;
export type ApplyDeliveriesPayload = z.input<typeof applyDeliveriesPayload>;
