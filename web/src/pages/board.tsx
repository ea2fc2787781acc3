import { type DragEvent, useMemo, useRef, useState } from 'react';
import { ProjectHeader } from '../components/project-header.tsx';
import { resourceFallback } from '../components/resource-fallback.tsx';
import { Alert, Button, EmptyState, Skeleton, useToast } from '../components/ui.tsx';
import { STATUS_LABEL } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link, useLocation } from '../router.tsx';
import { errorMessage } from '../services/http.ts';
import { fetchLabels } from '../services/labels.ts';
import { fetchMembers } from '../services/members.ts';
import { fetchProjectByKey, syncProject } from '../services/projects.ts';
import { fetchRepositories } from '../services/repositories.ts';
import { useShortcuts } from '../shortcuts.ts';
import type { BoardColumn, Project, Status, TicketSummary } from '../types.ts';
import { Card, DRAG_TYPE } from './board/card.tsx';
import { BoardFilters, filterFromUrl, isFiltered } from './board/filters.tsx';
import { NewTicketDialog } from './board/new-ticket-dialog.tsx';
import { useBoard } from './board/use-board.ts';
import './board.css';

export function BoardPage({ projectKey }: { projectKey: string }) {
  const project = useResource((signal) => fetchProjectByKey(projectKey, signal), [projectKey]);
  useDocumentTitle(project.data ? `${project.data.key} board` : 'Board');

  const fallback = resourceFallback(project, 'project', 2);
  if (fallback || !project.data) return fallback;
  return <Board project={project.data} />;
}

/** Moves focus to the next (1) or previous (-1) card, in reading order. */
function focusCard(step: 1 | -1) {
  const links = [...document.querySelectorAll<HTMLElement>('.board .card-link')];
  if (!links.length) return;
  const at = links.indexOf(document.activeElement as HTMLElement);
  const next = links[at < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step))];
  next.focus();
  next.scrollIntoView({ block: 'nearest', inline: 'nearest' });
}

function Board({ project }: { project: Project }) {
  const toast = useToast();
  const { search } = useLocation();
  const filterKey = search.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the URL's query is the filter
  const filter = useMemo(() => filterFromUrl(search), [filterKey]);
  const [creating, setCreating] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const movedLast = useRef<string | null>(null);

  const members = useResource((signal) => fetchMembers(project.id, signal), [project.id]);
  const repos = useResource((signal) => fetchRepositories(project.id, signal), [project.id]);
  const labels = useResource((signal) => fetchLabels(project.id, signal), [project.id]);
  const board = useBoard(project.id, filter);

  useShortcuts({
    c: () => setCreating(true),
    '/': () => searchRef.current?.focus(),
    j: () => focusCard(1),
    k: () => focusCard(-1),
  });

  async function move(t: TicketSummary, status: Status) {
    // The card re-renders in its new column; keyboard focus goes with it (see Card).
    movedLast.current = t.id;
    try {
      await board.move(t, status);
      toast(`${t.key} moved to ${STATUS_LABEL[status]}`);
    } catch (err) {
      toast(`Couldn't move ${t.key}: ${errorMessage(err)}`, 'error');
    }
  }

  async function sync() {
    setSyncing(true);
    try {
      await syncProject(project.id);
      toast('Syncing pull request status — the board updates as results come in.');
    } catch (err) {
      toast(`Sync failed: ${errorMessage(err)}`, 'error');
    } finally {
      setSyncing(false);
    }
  }

  const columns = board.columns;
  const total = columns?.reduce((n, c) => n + c.count, 0) ?? 0;
  const noRepos = repos.data !== undefined && repos.data.length === 0;
  const filtered = isFiltered(filter);
  const ticketById = (id: string) => columns?.flatMap((c) => c.items).find((t) => t.id === id);

  return (
    <div className="page page-wide">
      <ProjectHeader
        project={project}
        current="board"
        actions={
          <>
            <Button onClick={() => void sync()} busy={syncing}>
              Sync PR status
            </Button>
            <Button variant="primary" onClick={() => setCreating(true)} aria-keyshortcuts="c">
              New ticket
            </Button>
          </>
        }
      />

      <div className="board-toolbar">
        <BoardFilters
          key={project.id}
          filter={filter}
          members={members.data ?? []}
          repositories={repos.data ?? []}
          labels={labels.data ?? []}
          searchRef={searchRef}
        />
        {board.error && columns && (
          <span className="muted small" role="status">
            Board not updated: {board.error}
          </span>
        )}
        {board.live === false && columns && (
          <span className="muted small" role="status">
            Reconnecting for live updates…
          </span>
        )}
      </div>
      <p id="board-move-hint" hidden>
        Shift+Left or Shift+Right moves the card to the previous or next column.
      </p>

      {noRepos && (
        <Alert kind="info" title="No repository linked yet">
          Tickets work without one, but Start work needs a repository.{' '}
          <Link href={`/projects/${encodeURIComponent(project.key)}/settings#git`}>Link a repository in Settings → Git</Link>.
        </Alert>
      )}

      {board.error && !columns && <Alert>{board.error}</Alert>}
      {!columns ? (
        !board.error && <Skeleton lines={4} />
      ) : total === 0 && !filtered ? (
        <EmptyState
          title="No tickets yet"
          action={
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create a ticket
            </Button>
          }
        >
          Write a ticket with a spec and acceptance criteria, then press Start work on it to get a branch and a pull request.
        </EmptyState>
      ) : (
        // data-live: the board follows the server's changes (tests wait for it before changing anything).
        <div className="board" data-live={board.live ? 'true' : undefined}>
          {columns.map((column) => (
            <Column
              key={column.status}
              column={column}
              filtered={filtered}
              pending={board.pending}
              movedLast={movedLast.current}
              onMove={(t, s) => void move(t, s)}
              onDropTicket={(id) => {
                const t = ticketById(id);
                if (t) void move(t, column.status);
              }}
              onMore={() => board.loadMore(column.status).catch((err) => toast(`Couldn't load more: ${errorMessage(err)}`, 'error'))}
            />
          ))}
        </div>
      )}

      {creating && (
        <NewTicketDialog
          project={project}
          members={(members.data ?? []).filter((m) => !m.deactivated)}
          repositories={repos.data ?? []}
          onClose={() => setCreating(false)}
          onCreated={(t) => {
            setCreating(false);
            toast(`${t.key} created`, 'success');
          }}
        />
      )}
    </div>
  );
}

function Column({
  column,
  filtered,
  pending,
  movedLast,
  onMove,
  onDropTicket,
  onMore,
}: {
  column: BoardColumn;
  filtered: boolean;
  pending: Record<string, Status>;
  movedLast: string | null;
  onMove: (t: TicketSummary, s: Status) => void;
  onDropTicket: (ticketId: string) => void;
  onMore: () => void;
}) {
  const [over, setOver] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const { status, count, items } = column;
  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(DRAG_TYPE);
  return (
    <section
      className={`column column-${status}${count === 0 ? ' column-is-empty' : ''}${over ? ' column-drop' : ''}`}
      aria-label={STATUS_LABEL[status]}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        if (!accepts(e)) return;
        e.preventDefault();
        onDropTicket(JSON.parse(e.dataTransfer.getData(DRAG_TYPE)).id);
      }}
    >
      <h2 className="column-title">
        <span className={`status-dot status-${status}`} aria-hidden="true" />
        {STATUS_LABEL[status]}
        <span className="column-count">
          <span aria-hidden="true">{count}</span>
          <span className="sr-only">{count} tickets</span>
        </span>
      </h2>
      {items.length === 0 ? (
        <p className="column-empty">{filtered ? 'Nothing here under these filters' : 'No tickets'}</p>
      ) : (
        <ul className="cards">
          {items.map((t) => (
            <li key={t.id}>
              <Card ticket={t} busy={t.id in pending} refocus={t.id === movedLast} onMove={(s) => onMove(t, s)} />
            </li>
          ))}
        </ul>
      )}
      {column.nextCursor && (
        <Button
          busy={loadingMore}
          onClick={async () => {
            setLoadingMore(true);
            await onMore();
            setLoadingMore(false);
          }}
        >
          Show more ({count - items.length} not shown)
        </Button>
      )}
    </section>
  );
}
