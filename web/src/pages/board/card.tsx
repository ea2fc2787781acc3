import { type DragEvent, type KeyboardEvent, useLayoutEffect, useRef } from 'react';
import { LabelChip, PriorityBadge } from '../../components/labels.tsx';
import { Avatar, PrBadge } from '../../components/ui.tsx';
import { STATUSES } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { Status, TicketSummary, UserRef } from '../../types.ts';

export const DRAG_TYPE = 'application/x-baton-ticket';

function Person({ who, kind }: { who: UserRef | null; kind: 'Assignee' | 'Reviewer' }) {
  if (!who) return null;
  return (
    <span className={`card-person card-person-${kind.toLowerCase()}`} title={`${kind}: ${who.name}`}>
      <Avatar name={who.name} size={20} />
      <span className="sr-only">
        {kind}: {who.name}
      </span>
    </span>
  );
}

/**
 * One ticket on the board. Its link is what j/k focus and Enter opens; it is dragged to another
 * column, or moved from the keyboard with Shift+← and Shift+→.
 */
export function Card({ ticket: t, busy, refocus, onMove }: { ticket: TicketSummary; busy: boolean; refocus: boolean; onMove: (s: Status) => void }) {
  const ref = useRef<HTMLElement>(null);
  // A moved card is a new element in another column, and the focus was on the old one: take it
  // back as the card appears, before the next key is read, so Shift+→ pressed twice moves twice.
  // Only from nowhere (the page body): focus someone put elsewhere stays there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: on mount only
  useLayoutEffect(() => {
    if (refocus && (!document.activeElement || document.activeElement === document.body)) {
      ref.current?.querySelector<HTMLElement>('.card-link')?.focus();
    }
  }, []);
  function onKeyDown(e: KeyboardEvent) {
    if (!e.shiftKey || (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight')) return;
    const next = STATUSES[STATUSES.indexOf(t.status) + (e.key === 'ArrowRight' ? 1 : -1)];
    if (!next) return;
    e.preventDefault();
    onMove(next);
  }
  function onDragStart(e: DragEvent) {
    e.dataTransfer.setData(DRAG_TYPE, JSON.stringify({ id: t.id }));
    e.dataTransfer.effectAllowed = 'move';
  }
  return (
    <article
      ref={ref}
      className="card"
      aria-labelledby={`title-${t.id}`}
      aria-busy={busy || undefined}
      draggable
      onDragStart={onDragStart}
      data-ticket-id={t.id}
    >
      <div className="card-top">
        <span className="card-key">{t.key}</span>
        <PriorityBadge priority={t.priority} />
        {t.pullRequests.map((pr) => (
          <PrBadge key={pr.url} {...pr} />
        ))}
      </div>
      <h3 className="card-title" id={`title-${t.id}`}>
        <Link href={`/tickets/${encodeURIComponent(t.key)}`} className="card-link" draggable={false} aria-describedby="board-move-hint" onKeyDown={onKeyDown}>
          <span className="sr-only">{t.key}: </span>
          {t.title}
        </Link>
      </h3>
      {t.labels.length > 0 && (
        <ul className="label-list" aria-label="Labels">
          {t.labels.map((l) => (
            <li key={l.id}>
              <LabelChip label={l} />
            </li>
          ))}
        </ul>
      )}
      <div className="card-bottom">
        {t.assignee || t.reviewer ? (
          <span className="card-people">
            <Person who={t.assignee} kind="Assignee" />
            {t.reviewer && <Person who={t.reviewer} kind="Reviewer" />}
          </span>
        ) : (
          <span className="card-people muted">Unassigned</span>
        )}
      </div>
    </article>
  );
}
