import { type FormEvent, useState } from 'react';
import { api, enc, errorMessage, type Member, type Project, qs, type Repository, type Status, type Ticket, type TicketSummary } from '../api.ts';
import { CriteriaEditor, type DraftCriterion } from '../components/criteria-editor.tsx';
import { MarkdownEditor } from '../components/markdown-editor.tsx';
import { MemberOptions, StatusOptions } from '../components/options.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { resourceFallback } from '../components/resource-fallback.tsx';
import { Alert, Avatar, Button, Dialog, EmptyState, Field, type FormErrors, formErrors, noErrors, PrBadge, Skeleton, useToast } from '../components/ui.tsx';
import { STATUS_LABEL, STATUSES } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { fetchAll, fetchMembers, fetchProjectByKey } from '../projects-data.ts';
import { Link, navigate, useLocation } from '../router.tsx';

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
  const repos = useResource(
    (signal) => api.get<{ items: Repository[] }>(`/projects/${enc(project.id)}/repositories`, { signal }).then((r) => r.items),
    [project.id],
  );
  const tickets = useResource(
    (signal) => fetchAll<TicketSummary>(`/projects/${enc(project.id)}/tickets${qs({ assigneeId, limit: 100 })}`, signal),
    [project.id, assigneeId],
    POLL_MS,
  );

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
      const updated = await api.patch<Ticket>(`/tickets/${enc(t.key)}`, { status });
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
      await api.post(`/projects/${enc(project.id)}/sync`);
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
          members={members.data ?? []}
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

function Card({ ticket: t, busy, onStatus }: { ticket: TicketSummary; busy: boolean; onStatus: (s: Status) => void }) {
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

const TICKET_FIELDS = ['title', 'spec', 'acceptanceCriteria', 'assigneeId', 'reviewerId', 'repositoryId', 'status'];

function NewTicketDialog({
  project,
  members,
  repositories,
  onClose,
  onCreated,
}: {
  project: Project;
  members: Member[];
  repositories: Repository[];
  onClose: () => void;
  onCreated: (t: Ticket) => void;
}) {
  const [title, setTitle] = useState('');
  const [spec, setSpec] = useState('');
  const [criteria, setCriteria] = useState<DraftCriterion[]>([]);
  const [assigneeId, setAssigneeId] = useState('');
  const [reviewerId, setReviewerId] = useState('');
  const [repositoryId, setRepositoryId] = useState(repositories.length === 1 ? repositories[0].id : '');
  const [status, setStatus] = useState<Status>('backlog');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) {
      setErrors({ form: null, fields: { title: 'Give the ticket a title.' } });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const body: Record<string, unknown> = {
        title: title.trim(),
        spec,
        acceptanceCriteria: criteria.map((c) => c.text.trim()).filter(Boolean),
        status,
      };
      if (assigneeId) body.assigneeId = assigneeId;
      if (reviewerId) body.reviewerId = reviewerId;
      if (repositoryId) body.repositoryId = repositoryId;
      const t = await api.post<Ticket>(`/projects/${enc(project.id)}/tickets`, body);
      onCreated(t);
    } catch (err) {
      const fe = formErrors(err, TICKET_FIELDS);
      // Criteria errors arrive per item ("acceptanceCriteria.2"); show them under the list.
      const critErr = Object.entries(fe.fields).find(([k]) => k.startsWith('acceptanceCriteria'));
      if (critErr) fe.fields.acceptanceCriteria = critErr[1];
      setErrors(fe);
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={`New ticket in ${project.key}`}
      wide
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="new-ticket" busy={busy}>
            Create ticket
          </Button>
        </>
      }
    >
      <form id="new-ticket" className="form" onSubmit={submit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <Field label="Title" error={errors.fields.title}>
          {(p) => <input {...p} required autoFocus value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Refund a card payment" />}
        </Field>
        <MarkdownEditor label="Spec" value={spec} onChange={setSpec} rows={8} error={errors.fields.spec} placeholder="What should be built, and why?" />
        <fieldset className="fieldset">
          <legend className="field-label">Acceptance criteria</legend>
          <CriteriaEditor items={criteria} onChange={setCriteria} />
          {errors.fields.acceptanceCriteria && <p className="field-error">{errors.fields.acceptanceCriteria}</p>}
        </fieldset>
        <div className="field-row field-row-3">
          <Field label="Assignee" error={errors.fields.assigneeId}>
            {(p) => (
              <select {...p} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
                <option value="">Unassigned</option>
                <MemberOptions members={members} />
              </select>
            )}
          </Field>
          <Field label="Reviewer" error={errors.fields.reviewerId}>
            {(p) => (
              <select {...p} value={reviewerId} onChange={(e) => setReviewerId(e.target.value)}>
                <option value="">Choose automatically</option>
                <MemberOptions members={members} />
              </select>
            )}
          </Field>
          <Field label="Status" error={errors.fields.status}>
            {(p) => (
              <select {...p} value={status} onChange={(e) => setStatus(e.target.value as Status)}>
                <StatusOptions />
              </select>
            )}
          </Field>
        </div>
        <Field
          label="Repository"
          error={errors.fields.repositoryId}
          hint={repositories.length === 0 ? 'No repository linked to this project yet; you can choose one later.' : undefined}
        >
          {(p) => (
            <select {...p} value={repositoryId} onChange={(e) => setRepositoryId(e.target.value)} disabled={repositories.length === 0}>
              <option value="">None yet</option>
              {repositories.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.owner}/{r.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
    </Dialog>
  );
}
