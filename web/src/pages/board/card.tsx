import { StatusOptions } from '../../components/options.tsx';
import { Avatar, PrBadge } from '../../components/ui.tsx';
import { Link } from '../../router.tsx';
import type { Status, TicketSummary } from '../../types.ts';

/** One ticket on the board; its status select moves it to another column. */
export function Card({ ticket: t, busy, onStatus }: { ticket: TicketSummary; busy: boolean; onStatus: (s: Status) => void }) {
  const selectId = `status-${t.id}`;
  return (
    <article className="card" aria-labelledby={`title-${t.id}`}>
      <div className="card-top">
        <span className="card-key">{t.key}</span>
        {t.pullRequests.map((pr) => (
          <PrBadge key={`${pr.url}`} {...pr} />
        ))}
      </div>
      <h3 className="card-title" id={`title-${t.id}`}>
        <Link href={`/tickets/${encodeURIComponent(t.key)}`} className="card-link">
          <span className="sr-only">{t.key}: </span>
          {t.title}
        </Link>
      </h3>
      <div className="card-bottom">
        {t.assignee ? (
          <span className="card-assignee">
            <Avatar name={t.assignee.name} size={18} />
            <span>{t.assignee.name}</span>
          </span>
        ) : (
          <span className="card-assignee muted">Unassigned</span>
        )}
        <label htmlFor={selectId} className="sr-only">
          Status of {t.key}
        </label>
        <select id={selectId} className="card-status" value={t.status} aria-busy={busy || undefined} onChange={(e) => onStatus(e.target.value as Status)}>
          <StatusOptions />
        </select>
      </div>
    </article>
  );
}
