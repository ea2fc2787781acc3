import { useState } from 'react';
import { Button, PrBadge } from '../../components/ui.tsx';
import { absoluteTime, relativeTime } from '../../format.ts';
import { useNow } from '../../hooks.ts';
import type { Ticket } from '../../types.ts';

export function PullRequestsPanel({ ticket, onSync }: { ticket: Ticket; onSync: () => Promise<void> }) {
  const now = useNow(15_000);
  const [busy, setBusy] = useState(false);
  return (
    <section className="panel" aria-labelledby="prs-h">
      <div className="panel-header">
        <h2 id="prs-h">Pull requests</h2>
      </div>
      {ticket.pullRequests.length === 0 ? (
        <p className="muted small">No pull request yet. Start work opens one; a PR whose branch or title names {ticket.key} is picked up too.</p>
      ) : (
        <ul className="pr-list">
          {ticket.pullRequests.map((pr) => (
            <li key={pr.url} className="pr-item">
              <PrBadge number={pr.number} url={pr.url} state={pr.state} />
              <a href={pr.url} target="_blank" rel="noopener noreferrer" className="pr-title">
                {pr.title || `Pull request #${pr.number}`}
              </a>
            </li>
          ))}
        </ul>
      )}
      {ticket.release || ticket.prerelease ? (
        <p className="small" data-testid="ticket-release">
          {ticket.release ? (
            <>
              Released in{' '}
              <a href={ticket.release.url} target="_blank" rel="noopener noreferrer">
                {ticket.release.tag}
              </a>{' '}
              <span title={absoluteTime(ticket.release.publishedAt)}>({relativeTime(ticket.release.publishedAt, now)})</span>
            </>
          ) : (
            ticket.prerelease && (
              <>
                In pre-release{' '}
                <a href={ticket.prerelease.url} target="_blank" rel="noopener noreferrer">
                  {ticket.prerelease.tag}
                </a>{' '}
                <span title={absoluteTime(ticket.prerelease.publishedAt)}>({relativeTime(ticket.prerelease.publishedAt, now)})</span>, not yet released
              </>
            )
          )}
        </p>
      ) : null}
      <div className="pr-sync">
        <span className="muted small" title={absoluteTime(ticket.prsSyncedAt)}>
          Last synced {relativeTime(ticket.prsSyncedAt, now)}
        </span>
        <Button
          size="sm"
          busy={busy}
          onClick={async () => {
            setBusy(true);
            await onSync();
            setBusy(false);
          }}
        >
          Sync PR status
        </Button>
      </div>
    </section>
  );
}
