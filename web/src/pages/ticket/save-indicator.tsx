export type SaveState = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };

/** What became of the last save of one section of the ticket. */
export function SaveIndicator({ s }: { s: SaveState | undefined }) {
  if (!s || s.state === 'idle') return null;
  if (s.state === 'saving')
    return (
      <span className="save-indicator" role="status">
        Saving…
      </span>
    );
  if (s.state === 'saved')
    return (
      <span className="save-indicator save-ok" role="status">
        Saved
      </span>
    );
  return (
    <span className="save-indicator save-error" role="alert">
      Not saved: {s.message}
    </span>
  );
}
