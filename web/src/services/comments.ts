import type { Comment } from '../types.ts';
import { api, enc, fetchAll } from './http.ts';

export function fetchComments(ticketKey: string, signal?: AbortSignal): Promise<Comment[]> {
  return fetchAll<Comment>(`/tickets/${enc(ticketKey)}/comments`, signal);
}

export function addComment(ticketKey: string, body: string): Promise<Comment> {
  return api.post(`/tickets/${enc(ticketKey)}/comments`, { body });
}
