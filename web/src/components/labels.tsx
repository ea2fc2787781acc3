import { PRIORITY_LABEL } from '../format.ts';
import type { Label, Priority } from '../types.ts';
import './labels.css';

/** A label as a chip: its colour as a dot beside the name, so the text keeps its contrast whatever the colour. */
export function LabelChip({ label }: { label: Pick<Label, 'name' | 'color'> }) {
  return (
    <span className="label-chip">
      <span className="label-dot" style={{ background: label.color }} aria-hidden="true" />
      {label.name}
    </span>
  );
}

/** The priority in words with a mark of its level; nothing for "none". */
export function PriorityBadge({ priority }: { priority: Priority }) {
  if (priority === 'none') return null;
  return (
    <span className={`priority priority-${priority}`} title="Priority">
      <span className="sr-only">Priority: </span>
      {PRIORITY_LABEL[priority]}
    </span>
  );
}
