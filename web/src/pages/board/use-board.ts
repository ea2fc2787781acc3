// The board's data: every column with its true count, kept current by the server's change
// stream (no polling), more of a column on demand, and moves shown at once and rolled back if
// the server refuses them.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type BoardFilter, fetchBoard, fetchColumnPage, followBoard } from '../../services/board.ts';
import { errorMessage } from '../../services/http.ts';
import { updateTicket } from '../../services/tickets.ts';
import type { BoardColumn, Status, TicketSummary } from '../../types.ts';

export const PAGE = 50;
/** The most a refresh re-reads per column (the API's limit); more stays as loaded until the next filter change. */
const MAX_REREAD = 200;

/** The columns with `ticketId` moved to `status`, counts included; sorted newest first as the server sorts. */
export function moved(columns: BoardColumn[], ticketId: string, status: Status): BoardColumn[] {
  const from = columns.find((c) => c.items.some((t) => t.id === ticketId));
  if (!from || from.status === status) return columns;
  const ticket = { ...from.items.find((t) => t.id === ticketId)!, status };
  return columns.map((c) => {
    if (c === from) return { ...c, count: c.count - 1, items: c.items.filter((t) => t.id !== ticketId) };
    if (c.status !== status) return c;
    const items = [...c.items, ticket].sort((a, b) => b.number - a.number);
    return { ...c, count: c.count + 1, items };
  });
}

export function useBoard(projectId: string, filter: BoardFilter) {
  const [columns, setColumns] = useState<BoardColumn[] | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  /** null while the stream first connects; false once it dropped, until it follows again. */
  const [live, setLive] = useState<boolean | null>(null);
  const [pending, setPending] = useState<Record<string, Status>>({});
  const filterKey = JSON.stringify(filter);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const columnsRef = useRef(columns);
  columnsRef.current = columns;
  // A read answers for the board as it was asked; a later read or a local change supersedes it.
  const generation = useRef(0);
  const reading = useRef(false);
  const readAgain = useRef(false);

  const refresh = useCallback(async () => {
    if (reading.current) {
      readAgain.current = true;
      return;
    }
    reading.current = true;
    try {
      do {
        readAgain.current = false;
        const mine = ++generation.current;
        const loaded = Math.max(PAGE, ...(columnsRef.current ?? []).map((c) => c.items.length));
        try {
          const board = await fetchBoard(projectId, filterRef.current, Math.min(loaded, MAX_REREAD));
          if (mine === generation.current) {
            setColumns(board.columns);
            setError(null);
          }
        } catch (err) {
          if (mine === generation.current) setError(errorMessage(err));
        }
      } while (readAgain.current);
    } finally {
      reading.current = false;
    }
  }, [projectId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter is a new board
  useEffect(() => {
    generation.current++;
    setColumns(undefined);
    void refresh();
  }, [refresh, filterKey]);

  useEffect(() => {
    const stop = followBoard(projectId, () => void refresh(), setLive);
    return () => {
      stop();
      setLive(null);
    };
  }, [projectId, refresh]);

  const loadMore = useCallback(
    async (status: Status) => {
      const column = columnsRef.current?.find((c) => c.status === status);
      if (!column?.nextCursor) return;
      const page = await fetchColumnPage(projectId, status, filterRef.current, column.nextCursor, PAGE);
      generation.current++;
      setColumns((cols) =>
        cols?.map((c) => {
          if (c.status !== status) return c;
          const known = new Set(c.items.map((t) => t.id));
          return { ...c, items: [...c.items, ...page.items.filter((t) => !known.has(t.id))], nextCursor: page.nextCursor };
        }),
      );
    },
    [projectId],
  );

  // Moves of one ticket are sent one after another: two requests in flight could be applied in
  // either order, leaving the card where the person did not put it last.
  const sending = useRef(new Map<string, Promise<unknown>>());

  /** Shows the move at once; resolves when the server took it, throws (and the card goes back) when it did not. */
  const move = useCallback(
    async (ticket: TicketSummary, status: Status) => {
      if (ticket.status === status) return;
      setPending((p) => ({ ...p, [ticket.id]: status }));
      const before = sending.current.get(ticket.id) ?? Promise.resolve();
      const mine = before.catch(() => {}).then(() => updateTicket(ticket.key, { status }));
      sending.current.set(ticket.id, mine);
      try {
        await mine;
        generation.current++;
        setColumns((cols) => cols && moved(cols, ticket.id, status));
      } finally {
        if (sending.current.get(ticket.id) === mine) {
          sending.current.delete(ticket.id);
          setPending(({ [ticket.id]: _, ...rest }) => rest);
        }
      }
      void refresh();
    },
    [refresh],
  );

  const shown = useMemo(() => columns && Object.entries(pending).reduce((cols, [id, status]) => moved(cols, id, status), columns), [columns, pending]);
  return { columns: shown, error, live, pending, loadMore, move, refresh };
}
