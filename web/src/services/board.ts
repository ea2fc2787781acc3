import type { Answer, Board, Page, TicketSummary } from '../types.ts';
import { api, enc, qs } from './http.ts';

/** The board's filters as the API names them; "none" asks for tickets without one. */
export type BoardFilter = {
  assigneeId?: string;
  reviewerId?: string;
  repositoryId?: string;
  prState?: string;
  /** Label ids separated by commas: tickets carrying any of them. */
  labelId?: string;
  /** Priorities separated by commas. */
  priority?: string;
  q?: string;
};

/** Every column with its true count and first `limit` tickets. */
export function fetchBoard(projectId: string, filter: BoardFilter, limit: number, signal?: AbortSignal): Promise<Board> {
  return api.get(`/projects/${enc(projectId)}/board${qs({ ...filter, limit })}`, { signal });
}

/** The next page of one column, under the same filter. */
export function fetchColumnPage(projectId: string, status: string, filter: BoardFilter, cursor: string, limit: number): Promise<Page<TicketSummary>> {
  return api.get(`/projects/${enc(projectId)}/tickets${qs({ ...filter, status, cursor, limit })}`);
}

/** Tickets matching `q` in every project the caller can see (the command palette). */
export async function searchAllTickets(q: string, signal?: AbortSignal): Promise<Answer<'/api/tickets', 'get'>['items']> {
  return (await api.get<Answer<'/api/tickets', 'get'>>(`/tickets${qs({ q, limit: 8 })}`, { signal })).items;
}

/**
 * Follows the project's card changes: `onChange` once the stream follows (whatever changed while
 * connecting or while it was down is then re-read) and after every change. The browser
 * reconnects by itself; `onLive` says whether it is connected.
 */
export function followBoard(projectId: string, onChange: () => void, onLive: (live: boolean) => void): () => void {
  const source = new EventSource(`/api/projects/${enc(projectId)}/board/events`);
  source.addEventListener('ready', () => {
    onLive(true);
    onChange();
  });
  source.addEventListener('change', onChange);
  source.addEventListener('error', () => {
    onLive(false);
    // The stream also ends when the session does; asking once lets an expired session send the
    // person to sign in, as any other request would.
    api.get('/me').catch(() => {});
  });
  return () => source.close();
}
