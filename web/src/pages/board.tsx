import { useState } from 'react';
import { MemberOptions } from '../components/options.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { resourceFallback } from '../components/resource-fallback.tsx';
import { Alert, Button, EmptyState, Skeleton, useToast } from '../components/ui.tsx';
import { STATUS_LABEL, STATUSES } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { errorMessage } from '../services/http.ts';
import { fetchMembers } from '../services/members.ts';
import { fetchProjectByKey, syncProject } from '../services/projects.ts';
import { fetchRepositories } from '../services/repositories.ts';
import { fetchTickets, updateTicket } from '../services/tickets.ts';
import type { Project, Status, TicketSummary } from '../types.ts';
import { Card } from './board/card.tsx';
import { NewTicketDialog } from './board/new-ticket-dialog.tsx';
import './board.css';

const POLL_MS = 3000;

export function BoardPage({ projectKey }: { projectKey: string }) {
  const project = useResource((signal) => fetchProjectByKey(projectKey, signal), [projectKey]);
  useDocumentTitle(project.data ? `${project.data.key} board` : 'Board');

  const fallback = resourceFallback(project, 'project', 2);
  if (fallback || !project.data) return fallback;
  return <Board project={project.data} />;
}

function Board({ project }: { project: Project }) {
  const toast = useToast();
  const { search } = useLocation();
  const assigneeId = search.get('assignee') ?? '';
  const [creating, setCreating] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [pending, setPending] = useState<Record<string, Status>>({});

  const members = useResource((signal) => fetchMembers(project.id, signal), [project.id]);
  const repos = useResource((signal) => fetchRepositories(project.id, signal), [project.id]);
  const tickets = useResource((signal) => fetchTickets(project.id, { assigneeId }, signal), [project.id, assigneeId], POLL_MS);

  function setFilter(value: string) {
    const params = new URLSearchParams(window.location.search);
    if (value) params.set('assignee', value);
    else params.delete('assignee');
    const q = params.toString();
    navigate(`${window.location.pathname}${q ? `?${q}` : ''}`, { replace: true });
  }

  async function changeStatus(t: TicketSummary, status: Status) {
    // Shown at once; kept over polls that were already in flight until the server answers.
    setPending((p) => ({ ...p, [t.id]: status }));
    // The card re-renders in another column; keep keyboard focus on its status select.
    requestAnimationFrame(() => document.getElementById(`status-${t.id}`)?.focus());
    try {
      const updated = await updateTicket(t.key, { status });
      tickets.setData((prev) => (prev ?? []).map((x) => (x.id === t.id ? { ...x, status: updated?.status ?? status } : x)));
      toast(`${t.key} moved to ${STATUS_LABEL[status]}`);
    } catch (err) {
      toast(`Couldn't move ${t.key}: ${errorMessage(err)}`, 'error');
    } finally {
      setPending(({ [t.id]: _, ...rest }) => rest);
    }
  }

  async function sync() {
    setSyncing(true);
    try {
      await syncProject(project.id);
      toast('Syncing pull request status — the board updates as results come in.');
      window.setTimeout(() => void tickets.reload(), 1500);
    } catch (err) {
      toast(`Sync failed: ${errorMessage(err)}`, 'error');
    } finally {
      setSyncing(false);
    }
  }

  const all = (tickets.data ?? []).map((t) => (pending[t.id] ? { ...t, status: pending[t.id] } : t));
  const noRepos = repos.data !== undefined && repos.data.length === 0;

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
            <Button variant="primary" onClick={() => setCreating(true)}>
              New ticket
            </Button>
          </>
        }
      />

      <div className="board-toolbar">
        <label className="inline-field">
          <span>Assignee</span>
          <select value={assigneeId} onChange={(e) => setFilter(e.target.value)}>
            <option value="">Everyone</option>
            <MemberOptions members={members.data ?? []} />
          </select>
        </label>
        {tickets.error && tickets.data && (
          <span className="muted small" role="status">
            Live updates paused: {tickets.error}
          </span>
        )}
      </div>

      {noRepos && (
        <Alert kind="info" title="No repository linked yet">
          Tickets work without one, but Start work needs a repository.{' '}
          <Link href={`/projects/${encodeURIComponent(project.key)}/settings#git`}>Link a repository in Settings → Git</Link>.
        </Alert>
      )}

      {tickets.error && !tickets.data && <Alert>{tickets.error}</Alert>}
      {tickets.loading ? (
        <Skeleton lines={4} />
      ) : (
        tickets.data &&
        (all.length === 0 && !assigneeId ? (
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
          <div className="board">
            {STATUSES.map((status) => {
              const col = all.filter((t) => t.status === status);
              return (
                <section key={status} className={`column column-${status}`} aria-label={STATUS_LABEL[status]}>
                  <h2 className="column-title">
                    <span className={`status-dot status-${status}`} aria-hidden="true" />
                    {STATUS_LABEL[status]}
                    <span className="column-count">
                      <span aria-hidden="true">{col.length}</span>
                      <span className="sr-only">{col.length} tickets</span>
                    </span>
                  </h2>
                  {col.length === 0 ? (
                    <p className="column-empty">{assigneeId ? 'Nothing here for this person' : 'No tickets'}</p>
                  ) : (
                    <ul className="cards">
                      {col.map((t) => (
                        <li key={t.id}>
                          <Card ticket={t} busy={t.id in pending} onStatus={(s) => void changeStatus(t, s)} />
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        ))
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
            void tickets.reload();
          }}
        />
      )}
    </div>
  );
}
