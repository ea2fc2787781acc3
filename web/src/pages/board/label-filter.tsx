// The board's label filter: a menu of the project's labels to tick, one or several (tickets
// carrying any of them), kept in the URL with the other filters. A native disclosure with
// checkboxes, so it works from the keyboard and reads as a list of choices to a screen reader.
import { useEffect, useRef } from 'react';
import { LabelChip } from '../../components/labels.tsx';
import type { Label } from '../../types.ts';
import './label-filter.css';

/** `onChange` gets the ticked label ids in the labels' order; none means any label. */
export function LabelFilter({ labels, selected, onChange }: { labels: Label[]; selected: string[]; onChange: (ids: string[]) => void }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const chosen = labels.filter((l) => selected.includes(l.id));
  // Closes when the person clicks elsewhere or presses Escape in it, as a menu does.
  useEffect(() => {
    const close = (e: Event) => {
      if (menu.current?.open && !menu.current.contains(e.target as Node)) menu.current.open = false;
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);

  function toggle(id: string, on: boolean) {
    const next = labels.filter((l) => (l.id === id ? on : selected.includes(l.id))).map((l) => l.id);
    onChange(next);
  }

  return (
    <div className="inline-field label-filter">
      <span id="label-filter-name">Labels</span>
      <details
        ref={menu}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && menu.current?.open) {
            e.stopPropagation();
            menu.current.open = false;
            menu.current.querySelector('summary')?.focus();
          }
        }}
      >
        <summary aria-labelledby="label-filter-name label-filter-value">
          <span id="label-filter-value">{chosen.length === 0 ? 'Any' : chosen.map((l) => l.name).join(', ')}</span>
        </summary>
        <fieldset className="label-filter-menu">
          <legend className="sr-only">Show tickets with any of these labels</legend>
          {labels.map((l) => (
            <label key={l.id} className="label-filter-option">
              <input type="checkbox" checked={selected.includes(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} />
              <LabelChip label={l} />
            </label>
          ))}
          {chosen.length > 0 && (
            <button type="button" className="label-filter-clear" onClick={() => onChange([])}>
              Any label
            </button>
          )}
        </fieldset>
      </details>
    </div>
  );
}
