import { useEffect, useState } from 'react';
import { useMe } from '../../auth.tsx';
import { Alert, Badge, Button, EmptyState, Skeleton, useToast } from '../../components/ui.tsx';
import { absoluteTime, OUTCOME_LABEL, relativeTime } from '../../format.ts';
import { useProviderLabel } from '../../git-providers.tsx';
import { useNow, useResource } from '../../hooks.ts';
import { Link } from '../../router.tsx';
import { errorMessage } from '../../services/http.ts';
import { fetchDeliveries, replayDelivery } from '../../services/webhooks.ts';
import type { Delivery, Project } from '../../types.ts';
import { canManage } from './can-manage.ts';

const OUTCOME_TONE: Record<string, 'green' | 'red' | 'amber' | 'neutral' | 'blue'> = {
  applied: 'green',
  ignored: 'neutral',
  duplicate: 'neutral',
  rejected: 'red',
  failed: 'red',
  pending: 'blue',
};

export function DeliveriesSection({ project }: { project: Project }) {
  const providerName = useProviderLabel()(project.provider);
  const me = useMe();
  const editable = canManage(project, me.isAdmin);
  const toast = useToast();
  const now = useNow();
  const [extra, setExtra] = useState<Delivery[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [replaying, setReplaying] = useState<string | null>(null);
  const [following, setFollowing] = useState(false);
  // Every 5 s; every second while a replayed delivery is still being applied, so its row follows it.
  const first = useResource((signal) => fetchDeliveries(project.id, null, signal), [project.id], following ? 1000 : 5000);
  const anyPending = !!first.data?.items.some((d) => d.outcome === 'pending');
  useEffect(() => {
    if (!anyPending) setFollowing(false);
  }, [anyPending]);
  useEffect(() => {
    if (first.data && extra.length === 0) setCursor(first.data.nextCursor);
  }, [first.data, extra.length]);

  async function more() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const r = await fetchDeliveries(project.id, cursor);
      setExtra((prev) => [...prev, ...r.items]);
      setCursor(r.nextCursor);
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setLoadingMore(false);
    }
  }

  async function replay(d: Delivery) {
    setReplaying(d.id);
    try {
      await replayDelivery(project.id, d.id);
      // Its own row shows the replay: pending now, then what applying it again decided.
      const pending = (x: Delivery) => (x.id === d.id ? { ...x, outcome: 'pending' as const, error: null } : x);
      if (first.data) first.setData({ ...first.data, items: first.data.items.map(pending) });
      setExtra((prev) => prev.map(pending));
      setFollowing(true);
    } catch (err) {
      toast(`Replay failed: ${errorMessage(err)}`, 'error');
    } finally {
      setReplaying(null);
    }
  }

  // Pages fetched later can repeat a delivery that moved while paging; keep its first sighting.
  const items = [...new Map([...(first.data?.items ?? []), ...extra].reverse().map((d) => [d.id, d])).values()].reverse();

  return (
    <section className="panel" id="deliveries" aria-labelledby="deliveries-h">
      <div className="panel-header">
        <h2 id="deliveries-h">Recent deliveries</h2>
        <Button size="sm" variant="ghost" onClick={() => void first.reload()}>
          Refresh
        </Button>
      </div>
      {first.error && !first.data && <Alert>{first.error}</Alert>}
      {first.loading && <Skeleton lines={3} />}
      {first.data && first.data.rejectedCount > 0 && (
        <Alert kind="warning" title={`${first.data.rejectedCount} rejected ${first.data.rejectedCount === 1 ? 'delivery' : 'deliveries'}`}>
          {first.data.lastRejectedAt && <>The last one arrived {relativeTime(first.data.lastRejectedAt, now)}. </>}
          Deliveries with a missing or wrong signature are rejected and not stored. If this keeps happening, check that the secret on the provider matches the
          one generated here.
        </Alert>
      )}
      {first.data && items.length === 0 && (
        <EmptyState title="No deliveries yet">
          When the webhook is set up, each event {providerName} sends shows up here with what Baton did with it.
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <time dateTime={d.receivedAt} title={absoluteTime(d.receivedAt)}>
                      {relativeTime(d.receivedAt, now)}
                    </time>
                  </td>
                  <td>
                    <code>
                      {d.event}
                      {/* On a phone the name breaks before its action rather than mid-word. */}
                      {d.action && (
                        <>
                          <wbr />.{d.action}
                        </>
                      )}
                    </code>
                    <span className="muted small delivery-id" title="Delivery id">
                      {d.deliveryId}
                    </span>
                    {/* The ticket its pull request moved: a narrow line, so the table still fits a phone. */}
                    {d.ticket && (
                      <span className="small delivery-ticket">
                        <Link href={`/tickets/${encodeURIComponent(d.ticket.key)}`} title={d.ticket.title}>
                          {d.ticket.key}
                        </Link>
                      </span>
                    )}
                  </td>
                  <td>
                    <Badge tone={OUTCOME_TONE[d.outcome] ?? 'neutral'}>{OUTCOME_LABEL[d.outcome] ?? d.outcome}</Badge>
                    {!d.verified && <span className="muted small"> · unverified</span>}
                    {!!d.duplicates && <span className="muted small delivery-dupes"> · sent {d.duplicates + 1}×</span>}
                    {d.error && <span className="delivery-error">{d.error}</span>}
                  </td>
                  <td className="cell-actions">
                    {d.verified && editable && (
                      <Button size="sm" busy={replaying === d.id} onClick={() => void replay(d)} aria-label={`Replay delivery ${d.deliveryId}`}>
                        Replay
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <Button size="sm" onClick={() => void more()} busy={loadingMore}>
          Load older deliveries
        </Button>
      )}
    </section>
  );
}
