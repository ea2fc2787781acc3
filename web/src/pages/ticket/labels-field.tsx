import { useState } from 'react';
import { LabelChip } from '../../components/labels.tsx';
import { Button } from '../../components/ui.tsx';
import { useResource } from '../../hooks.ts';
import { errorMessage } from '../../services/http.ts';
import { createLabel, fetchLabels } from '../../services/labels.ts';
import type { Ticket } from '../../types.ts';

const DEFAULT_COLOR = '#5e6ad2';

/** The ticket's labels as checkboxes over the project's labels, and a label made on the spot. */
export function LabelsField({ ticket, onChange }: { ticket: Ticket; onChange: (labelIds: string[]) => Promise<boolean> }) {
  const labels = useResource((signal) => fetchLabels(ticket.projectId, signal), [ticket.projectId]);
  const [name, setName] = useState('');
  const [color, setColor] = useState(DEFAULT_COLOR);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  // The boxes follow a click at once; the saved ticket takes over when the save ends, and a
  // failed save puts the boxes back as stored (its message shows with the section's save state).
  const [pending, setPending] = useState<string[] | null>(null);
  const on = new Set(pending ?? ticket.labels.map((l) => l.id));

  async function toggle(id: string, checked: boolean) {
    const next = checked ? [...on, id] : [...on].filter((x) => x !== id);
    setPending(next);
    await onChange(next);
    setPending((current) => (current === next ? null : current));
  }

  async function add(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError('A label needs a name.');
      return;
    }
    setAdding(true);
    try {
      const label = await createLabel(ticket.projectId, { name: name.trim(), color });
      labels.setData((prev) => [...(prev ?? []), label].sort((a, b) => a.name.localeCompare(b.name)));
      if (await onChange([...on, label.id])) {
        setName('');
        setError(null);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setAdding(false);
    }
  }

  return (
    <fieldset className="labels-field">
      <legend>Labels</legend>
      {(labels.data ?? []).length === 0 && <p className="muted small">No labels in this project yet.</p>}
      {(labels.data ?? []).map((l) => (
        <label key={l.id} className="labels-option">
          <input type="checkbox" checked={on.has(l.id)} onChange={(e) => void toggle(l.id, e.target.checked)} />
          <LabelChip label={l} />
        </label>
      ))}
      <form className="labels-new" onSubmit={(e) => void add(e)}>
        <label htmlFor="new-label-name" className="sr-only">
          New label name
        </label>
        <input id="new-label-name" placeholder="New label" maxLength={50} value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="new-label-color" className="sr-only">
          New label colour
        </label>
        <input id="new-label-color" type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        <Button size="sm" type="submit" busy={adding}>
          Add label
        </Button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
