import { type KeyboardEvent, useId, useRef, useState } from 'react';
import { Button } from './ui.tsx';
import './criteria-editor.css';

export interface DraftCriterion {
  /** Stable React key; also survives before the server has assigned an id. */
  key: string;
  id?: string;
  text: string;
  done: boolean;
}

let seq = 0;
export function draftCriterion(text: string, done = false, id?: string): DraftCriterion {
  return { key: id ?? `new-${++seq}`, id, text, done };
}

/**
 * Add, remove, reorder and tick acceptance criteria. `onChange` follows every keystroke;
 * `onCommit` fires for complete edits (tick, add, remove, move, leaving a text field) so a
 * caller can save them.
 */
export function CriteriaEditor({
  items,
  onChange,
  onCommit,
  disabled,
}: {
  items: DraftCriterion[];
  onChange: (items: DraftCriterion[]) => void;
  onCommit?: (items: DraftCriterion[]) => void;
  disabled?: boolean;
}) {
  const [newText, setNewText] = useState('');
  const listRef = useRef<HTMLOListElement>(null);
  const addId = useId();

  const commit = (next: DraftCriterion[]) => {
    onChange(next);
    onCommit?.(next);
  };

  function move(i: number, delta: number) {
    const j = i + delta;
    if (j < 0 || j >= items.length) return;
    const next = items.slice();
    [next[i], next[j]] = [next[j], next[i]];
    commit(next);
    // Keep focus on the moved item's button so repeated presses keep moving it.
    requestAnimationFrame(() => {
      const btn = listRef.current?.querySelectorAll<HTMLElement>('li')[j]?.querySelector<HTMLElement>(`[data-move="${delta < 0 ? 'up' : 'down'}"]`);
      if (btn && !(btn as HTMLButtonElement).disabled) btn.focus();
      else listRef.current?.querySelectorAll<HTMLElement>('li')[j]?.querySelector<HTMLElement>('textarea')?.focus();
    });
  }

  function add() {
    const text = newText.trim();
    if (!text) return;
    commit([...items, draftCriterion(text)]);
    setNewText('');
  }

  function onItemKey(e: KeyboardEvent<HTMLTextAreaElement>, i: number) {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      move(i, e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      (e.target as HTMLTextAreaElement).blur();
    }
  }

  return (
    <div className="criteria">
      {items.length === 0 && <p className="muted small">No acceptance criteria yet. Add what must be true for this ticket to be done.</p>}
      <ol ref={listRef} className="criteria-list">
        {items.map((c, i) => (
          <li key={c.key} className={`criterion${c.done ? ' criterion-done' : ''}`}>
            <input
              type="checkbox"
              checked={c.done}
              disabled={disabled}
              aria-label={`Done: ${c.text || `criterion ${i + 1}`}`}
              onChange={(e) => commit(items.map((x, k) => (k === i ? { ...x, done: e.target.checked } : x)))}
            />
            <textarea
              rows={1}
              className="criterion-text"
              value={c.text}
              disabled={disabled}
              aria-label={`Criterion ${i + 1}`}
              onChange={(e) => onChange(items.map((x, k) => (k === i ? { ...x, text: e.target.value.replace(/\n/g, ' ') } : x)))}
              onBlur={() => onCommit?.(items)}
              onKeyDown={(e) => onItemKey(e, i)}
            />
            <span className="criterion-actions">
              <button
                type="button"
                className="icon-btn"
                data-move="up"
                disabled={disabled || i === 0}
                aria-label={`Move criterion ${i + 1} up`}
                title="Move up (Alt+↑)"
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon-btn"
                data-move="down"
                disabled={disabled || i === items.length - 1}
                aria-label={`Move criterion ${i + 1} down`}
                title="Move down (Alt+↓)"
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="icon-btn icon-btn-danger"
                disabled={disabled}
                aria-label={`Remove criterion ${i + 1}`}
                title="Remove"
                onClick={() => commit(items.filter((_, k) => k !== i))}
              >
                ×
              </button>
            </span>
          </li>
        ))}
      </ol>
      <div className="criteria-add">
        <label htmlFor={addId} className="sr-only">
          New acceptance criterion
        </label>
        <input
          id={addId}
          type="text"
          placeholder="Add a criterion and press Enter"
          value={newText}
          disabled={disabled}
          onChange={(e) => setNewText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button size="sm" onClick={add} disabled={disabled || !newText.trim()}>
          Add
        </Button>
      </div>
    </div>
  );
}
