import { useState } from 'react';
import { Alert, Badge, Button } from '../../components/ui.tsx';
import { relativeTime } from '../../format.ts';
import { useNow, useResource } from '../../hooks.ts';
import { errorMessage } from '../../services/http.ts';
import { fetchRepositoryWebhooks, setUpRepositoryWebhook, testRepositoryWebhook } from '../../services/webhooks.ts';
import type { RepositoryWebhook } from '../../types.ts';

// Each linked repository's webhook as Baton sees it, with "Set up webhook" and "Send test".

const STATUS: Record<RepositoryWebhook['status'], { label: string; tone: 'neutral' | 'green' | 'red' | 'amber' | 'blue' }> = {
  'not-set-up': { label: 'Not set up', tone: 'neutral' },
  pending: { label: 'Updating…', tone: 'blue' },
  failed: { label: 'Could not set up', tone: 'red' },
  testing: { label: 'Waiting for the test…', tone: 'blue' },
  silent: { label: 'Silent', tone: 'amber' },
  failing: { label: 'Deliveries failing', tone: 'red' },
  healthy: { label: 'Healthy', tone: 'green' },
  waiting: { label: 'No delivery yet', tone: 'neutral' },
};

// Poll while Baton or the provider is working, so the row turns green (or red) by itself.
const busyStatuses = new Set(['pending', 'testing']);

export function RepositoryWebhooks({ projectId, editable }: { projectId: string; editable: boolean }) {
  const list = useResource((signal) => fetchRepositoryWebhooks(projectId, signal), [projectId], 3000);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const now = useNow();

  async function act(repositoryId: string, run: () => Promise<RepositoryWebhook>) {
    setBusy(repositoryId);
    setError(null);
    try {
      const updated = await run();
      list.setData({ items: (list.data?.items ?? []).map((w) => (w.repositoryId === repositoryId ? updated : w)) });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const items = list.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section className="stack" aria-labelledby="repo-webhooks-h">
      <h3 className="subheading" id="repo-webhooks-h">
        Webhook per repository
      </h3>
      {error && <Alert>{error}</Alert>}
      <ul className="repo-list">
        {items.map((w) => {
          const status = STATUS[w.status];
          // An app's webhook delivers this repository's events: no repository webhook to set up.
          const covered = w.coveredBy && w.registeredBy !== 'baton' ? w.coveredBy : null;
          return (
            <li key={w.repositoryId} aria-label={`Webhook of ${w.repository}`} className="repo stack">
              <div className="copy-row">
                <strong>{w.repository}</strong>
                <Badge tone={status.tone}>{status.label}</Badge>
                {covered ? (
                  <span className="muted small">
                    Covered by {covered.name}
                    {' · '}
                    {covered.lastDeliveryAt ? `last delivery through it ${relativeTime(covered.lastDeliveryAt, now)}` : 'no delivery through it yet'}
                  </span>
                ) : (
                  <span className="muted small">
                    {w.registeredBy === 'baton' ? 'Registered by Baton' : w.registeredBy === 'hand' ? 'Set up by hand' : 'Not registered by Baton'}
                    {' · '}
                    {w.lastDeliveryAt ? `last delivery ${relativeTime(w.lastDeliveryAt, now)}` : 'no delivery received yet'}
                  </span>
                )}
              </div>
              {w.status === 'silent' && (
                <Alert kind="warning">
                  webhook silent: {w.silentChanges} {w.silentChanges === 1 ? 'change' : 'changes'} caught by reconciliation
                </Alert>
              )}
              {w.error && <Alert>{w.missingPermission ? `${w.error}. Until then, follow the steps below to set it up by hand.` : w.error}</Alert>}
              {w.providerFailure && w.status === 'failing' && (
                <Alert kind="warning">
                  The provider reports a failed delivery {relativeTime(w.providerFailure.at, now)}: {w.providerFailure.message}
                </Alert>
              )}
              {w.test?.passed && <p className="small">Test delivery received.</p>}
              {w.withoutTest && <p className="muted small">{w.withoutTest}</p>}
              {editable && !covered && (
                <div className="copy-row">
                  <Button
                    busy={busy === w.repositoryId && !w.canTest}
                    onClick={() => void act(w.repositoryId, () => setUpRepositoryWebhook(projectId, w.repositoryId))}
                  >
                    {w.registeredBy === 'baton' ? 'Repair webhook' : 'Set up webhook'}
                  </Button>
                  {w.canTest && (
                    <Button busy={busy === w.repositoryId} onClick={() => void act(w.repositoryId, () => testRepositoryWebhook(projectId, w.repositoryId))}>
                      Send test
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {items.some((w) => busyStatuses.has(w.status)) && <p className="muted small">Baton checks again every few seconds.</p>}
    </section>
  );
}
