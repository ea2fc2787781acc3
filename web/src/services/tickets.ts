import type { RequestBody, Ticket } from '../types.ts';
import { api, enc } from './http.ts';

export type NewTicket = RequestBody<'/api/projects/{projectId}/tickets', 'post'>;
export type TicketChange = RequestBody<'/api/tickets/{ticketKey}', 'patch'>;

export function fetchTicket(ticketKey: string, signal?: AbortSignal): Promise<Ticket> {
  return api.get(`/tickets/${enc(ticketKey)}`, { signal });
}

export function createTicket(projectId: string, body: NewTicket): Promise<Ticket> {
  return api.post(`/projects/${enc(projectId)}/tickets`, body);
}

export function updateTicket(ticketKey: string, change: TicketChange): Promise<Ticket> {
  return api.patch(`/tickets/${enc(ticketKey)}`, change);
}

/** Queues Start work: branch, spec commit, pull request, reviewer. */
export function startWork(ticketKey: string): Promise<Ticket> {
  return api.post(`/tickets/${enc(ticketKey)}/start`);
}

/** Queues a pull request status sync for one ticket. */
export async function syncTicket(ticketKey: string): Promise<void> {
  await api.post(`/tickets/${enc(ticketKey)}/sync`);
}

/** Deletes the ticket from Baton; nothing changes on the git provider. */
export async function deleteTicket(ticketKey: string): Promise<void> {
  await api.del(`/tickets/${enc(ticketKey)}`);
}
