import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { errorMessage } from './services/http.ts';

function subscribeVisibility(l: () => void): () => void {
  document.addEventListener('visibilitychange', l);
  return () => document.removeEventListener('visibilitychange', l);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState === 'visible');
}

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  /** Fetch again; resolves when done. Errors end up in `error`, never thrown. */
  reload: () => Promise<void>;
  /** Replace the data locally (optimistic updates, or a fresh copy a mutation returned). */
  setData: (update: T | ((prev: T | undefined) => T)) => void;
}

/**
 * Loads `load()` now and whenever `deps` change. With `pollMs`, loads again on that period
 * while the page is visible, and at once when it becomes visible again. A failed poll keeps
 * the last good data and shows the error next to it.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[], pollMs?: number | null): Resource<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const seq = useRef(0);
  const visible = usePageVisible();

  const run = useCallback(async (signal?: AbortSignal) => {
    const mine = ++seq.current;
    const ctl = new AbortController();
    signal?.addEventListener('abort', () => ctl.abort());
    try {
      const value = await loadRef.current(ctl.signal);
      if (mine !== seq.current) return;
      setDataState(value);
      setError(null);
    } catch (err) {
      if (ctl.signal.aborted || mine !== seq.current) return;
      setError(errorMessage(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    setDataState(undefined);
    setError(null);
    void run(ctl.signal);
    return () => ctl.abort();
  }, [...deps]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: polls again when the caller's deps change
  useEffect(() => {
    if (!pollMs || !visible) return;
    let timer = 0;
    let stopped = false;
    const tick = async () => {
      await run();
      if (!stopped) timer = window.setTimeout(tick, pollMs);
    };
    timer = window.setTimeout(tick, pollMs);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [pollMs, visible, ...deps]);

  // Coming back to the tab: refresh at once rather than waiting for the next tick.
  const wasVisible = useRef(visible);
  useEffect(() => {
    if (pollMs && visible && !wasVisible.current) void run();
    wasVisible.current = visible;
  }, [visible, pollMs, run]);

  const setData = useCallback((update: T | ((prev: T | undefined) => T)) => {
    seq.current++; // a poll already in flight must not overwrite this
    setDataState((prev) => (typeof update === 'function' ? (update as (p: T | undefined) => T)(prev) : update));
  }, []);

  const reload = useCallback(() => run(), [run]);
  return { data, error, loading: loading && data === undefined, reload, setData };
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Baton` : 'Baton';
  }, [title]);
}

/** Re-renders every `ms` so relative times ("2 min ago") stay true. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(t);
  }, [ms]);
  return now;
}
