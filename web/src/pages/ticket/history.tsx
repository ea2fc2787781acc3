import { Avatar, EmptyState } from '../../components/ui.tsx';
import { absoluteTime, CAUSE_LABEL, relativeTime, statusLabel } from '../../format.ts';
import { useNow } from '../../hooks.ts';
import type { HistoryEntry } from '../../types.ts';

export function History({ entries }: { entries: HistoryEntry[] }) {
  const now = useNow();
  const sorted = [...entries].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-labelledby="history-h">
      <div className="panel-header">
        <h2 id="history-h">History</h2>
      </div>
      {sorted.length === 0 ? (
        <EmptyState title="No changes yet" />
      ) : (
        <ol className="history">
          {sorted.map((h, i) => (
            <li key={`${h.at}-${i}`} className="history-item">
              <span className={`status-dot status-${h.to}`} aria-hidden="true" />
              <div>
                <p>
                  {h.from ? (
                    <>
                      <strong>{statusLabel(h.from)}</strong> → <strong>{statusLabel(h.to)}</strong>
                    </>
                  ) : (
                    <>
                      Created in <strong>{statusLabel(h.to)}</strong>
                    </>
                  )}
                </p>
                <p className="muted small">
                  {h.cause === 'user' ? (
                    h.actor ? (
                      <span className="history-actor">
                        <Avatar name={h.actor.name} size={16} /> {h.actor.name}
                      </span>
                    ) : (
                      'by a user'
                    )
                  ) : (
                    <>
                      {CAUSE_LABEL[h.cause] ?? h.cause}
                      {h.actor ? ` · ${h.actor.name}` : ''}
                    </>
                  )}{' '}
                  ·{' '}
                  <time dateTime={h.at} title={absoluteTime(h.at)}>
                    {relativeTime(h.at, now)}
                  </time>
                </p>
                {h.detail && <p className="history-detail small">{h.detail}</p>}
                {h.rule && (
                  <p className="history-why muted small">
                    Why: {h.rule}
                    {h.delivery && <> · delivery {h.delivery.deliveryId ?? h.delivery.id}</>}
                  </p>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
