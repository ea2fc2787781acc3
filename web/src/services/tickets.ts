import type { Ticket, TicketSummary } from '../types.ts';
import { api, enc, fetchAll, qs } from './http.ts';

export function fetchTickets(projectId: string, filter: { assigneeId?: string }, signal?: AbortSignal): Promise<TicketSummary[]> {
  return fetchAll<TicketSummary>(`/projects/${enc(projectId)}/tickets${qs({ ...filter, limit: 100 })}`, signal);
}

export function fetchTicket(ticketKey: string, signal?: AbortSignal): Promise<Ticket> {
  return api.get<Ticket>(`/tickets/${enc(ticketKey)}`, { signal });
}

export function createTicket(projectId: string, body: Record<string, unknown>): Promise<Ticket> {
  return api.post<Ticket>(`/projects/${enc(projectId)}/tickets`, body);
}

export function updateTicket(ticketKey: string, patch: Record<string, unknown>): Promise<Ticket> {
  return api.patch<Ticket>(`/tickets/${enc(ticketKey)}`, patch);
}

/** Queues Start work: branch, spec commit, pull request, reviewer. */
export function startWork(ticketKey: string): Promise<Ticket> {
  return api.post<Ticket>(`/tickets/${enc(ticketKey)}/start`);
}

/** Queues a pull request status sync for one ticket. */
export async function syncTicket(ticketKey: string): Promise<void> {
  await api.post(`/tickets/${enc(ticketKey)}/sync`);
}
