// The bell in the top bar: how many notifications are unread (polled, cheaply), and on click the
// latest ones, each a link to its ticket that marks it read. "Mark all read" covers what is shown,
// so one that arrives while the list is open stays unread.
import { useEffect, useId, useRef, useState } from 'react';
import { relativeTime } from '../format.ts';
import { useNow, useResource } from '../hooks.ts';
import { Link, useLocation } from '../router.tsx';
import { errorMessage } from '../services/http.ts';
import { fetchNotifications, fetchUnreadCount, markAllNotificationsRead, markNotificationRead } from '../services/notifications.ts';
import type { Notification, NotificationKind } from '../types.ts';
import { Button, Spinner } from './ui.tsx';
import './notification-bell.css';

const POLL_MS = 30_000;

const WHAT: Record<NotificationKind, (actor: string) => string> = {
  assigned: (actor) => `${actor} assigned you`,
  review_requested: (actor) => `${actor} requested your review`,
  mentioned: (actor) => `${actor} mentioned you`,
  pr_merged: () => 'Pull request merged',
  start_work_failed: () => 'Start work failed',
};

export function notificationText(n: Notification): string {
  return WHAT[n.kind](n.actor?.name ?? 'Baton');
}

export function NotificationBell() {
  const count = useResource((signal) => fetchUnreadCount(signal), [], POLL_MS);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  const unread = count.data ?? 0;

  // Leaving the page (a notification was followed) closes the list.
  // biome-ignore lint/correctness/useExhaustiveDependencies: pathname is the trigger
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onDown = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [open]);

  return (
    <div className="bell" ref={root}>
      <button
        ref={button}
        type="button"
        className="topnav-link bell-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen((o) => !o)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && <NotificationPanel id={panelId} onUnreadChange={(n) => count.setData(n)} />}
    </div>
  );
}

function NotificationPanel({ id, onUnreadChange }: { id: string; onUnreadChange: (n: number) => void }) {
  const list = useResource((signal) => fetchNotifications(signal), []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const page = list.data;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the page's own count is the news
  useEffect(() => {
    if (page) onUnreadChange(page.unreadCount);
  }, [page]);

  const readOne = (n: Notification) => {
    if (n.readAt || !page) return;
    const readAt = new Date().toISOString();
    const unreadCount = Math.max(0, page.unreadCount - 1);
    list.setData({ ...page, unreadCount, items: page.items.map((i) => (i.id === n.id ? { ...i, readAt } : i)) });
    // Following the link closes this list at once: tell the bell now, not from an effect.
    onUnreadChange(unreadCount);
    markNotificationRead(n.id).catch((err) => setError(errorMessage(err)));
  };

  const readAll = async () => {
    const newest = page?.items[0];
    if (!newest) return;
    setBusy(true);
    setError(null);
    try {
      await markAllNotificationsRead(newest.createdAt);
      await list.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id={id} className="bell-panel" aria-label="Notifications">
      <header className="bell-panel-header">
        <h2>Notifications</h2>
        {page && page.unreadCount > 0 && (
          <Button size="sm" variant="ghost" busy={busy} onClick={() => void readAll()}>
            Mark all read
          </Button>
        )}
      </header>
      {error && (
        <p className="bell-error" role="alert">
          {error}
        </p>
      )}
      {list.error && !page && (
        <p className="bell-error" role="alert">
          {list.error}
        </p>
      )}
      {list.loading && <Spinner label="Loading notifications…" />}
      {page && page.items.length === 0 && (
        <p className="bell-empty">Nothing yet. You are told here when you are assigned, asked to review, or your work moves.</p>
      )}
      {page && page.items.length > 0 && (
        <ul className="bell-list">
          {page.items.map((n) => (
            <li key={n.id} className={n.readAt ? 'bell-item' : 'bell-item bell-item-unread'}>
              <Link href={`/tickets/${encodeURIComponent(n.ticket.key)}`} onClick={() => readOne(n)}>
                <span className="bell-what">
                  {!n.readAt && <span className="sr-only">Unread: </span>}
                  {notificationText(n)}
                </span>
                <span className="bell-ticket">
                  <span className="bell-key">{n.ticket.key}</span> {n.ticket.title}
                </span>
                {n.detail && <span className="bell-detail">{n.detail}</span>}
                <time className="bell-time" dateTime={n.createdAt}>
                  {relativeTime(n.createdAt, now)}
                </time>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function BellIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round">
      <path d="M4 11V7a4 4 0 0 1 8 0v4l1.2 1.5H2.8L4 11Z" />
      <path d="M6.5 14a1.6 1.6 0 0 0 3 0" strokeLinecap="round" />
    </svg>
  );
}
