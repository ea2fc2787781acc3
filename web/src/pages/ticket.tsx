import { useEffect, useRef, useState } from 'react';
import { CriteriaEditor, type DraftCriterion, draftCriterion } from '../components/criteria-editor.tsx';
import { Markdown, MarkdownEditor } from '../components/markdown-editor.tsx';
import { MemberOptions, StatusOptions } from '../components/options.tsx';
import { resourceFallback } from '../components/resource-fallback.tsx';
import { Alert, Button, Field, useToast } from '../components/ui.tsx';
import { PRIORITIES, PRIORITY_LABEL } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { ApiError, errorMessage } from '../services/http.ts';
import { fetchMembers } from '../services/members.ts';
import { fetchProjects } from '../services/projects.ts';
import { fetchRepositories } from '../services/repositories.ts';
import { fetchTicket, startWork as requestStartWork, syncTicket, type TicketChange, updateTicket } from '../services/tickets.ts';
import { useShortcuts } from '../shortcuts.ts';
import type { Member, Priority, Status, Ticket } from '../types.ts';
import { Comments } from './ticket/comments.tsx';
import { History } from './ticket/history.tsx';
import { LabelsField } from './ticket/labels-field.tsx';
import { PullRequestsPanel } from './ticket/pull-requests-panel.tsx';
import { SaveIndicator, type SaveState } from './ticket/save-indicator.tsx';
import { type StartRefusal, StartWorkPanel } from './ticket/start-work-panel.tsx';
import { TicketActions } from './ticket/ticket-actions.tsx';
import { TitleHeading } from './ticket/title-heading.tsx';
import './ticket.css';

export function TicketPage({ ticketKey: rawKey }: { ticketKey: string }) {
  const ticketKey = rawKey.toUpperCase();
  const [running, setRunning] = useState(false);
  const ticket = useResource(
    async (signal) => {
      try {
        return await fetchTicket(ticketKey, signal);
      } catch (err) {
        // 400: not even shaped like a ticket key; to a person that is the same as missing.
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return null;
        throw err;
      }
    },
    [ticketKey],
    running ? 1000 : 3000,
  );
  const isRunning = ticket.data?.startWork?.status === 'running';
  useEffect(() => setRunning(isRunning), [isRunning]);
  useDocumentTitle(ticket.data ? `${ticket.data.key} ${ticket.data.title}` : ticketKey);

  const fallback = resourceFallback(ticket, 'ticket', 6);
  if (fallback || !ticket.data) return fallback;
  return <TicketView ticket={ticket.data} pollError={ticket.error} setTicket={ticket.setData} reload={ticket.reload} />;
}

function TicketView({
  ticket,
  pollError,
  setTicket,
  reload,
}: {
  ticket: Ticket;
  pollError: string | null;
  setTicket: (t: Ticket) => void;
  reload: () => Promise<void>;
}) {
  const toast = useToast();
  const projects = useResource((signal) => fetchProjects(signal), []);
  const project = projects.data?.find((p) => p.id === ticket.projectId) ?? null;
  const members = useResource((signal) => fetchMembers(ticket.projectId, signal), [ticket.projectId]);
  const repos = useResource((signal) => fetchRepositories(ticket.projectId, signal), [ticket.projectId]);
  // The key's prefix names the project until the project list has loaded: Esc works at once.
  const projectKey = project?.key ?? ticket.key.split('-')[0];
  useShortcuts({ escape: () => navigate(`/projects/${encodeURIComponent(projectKey)}`) });

  const [titleDraft, setTitleDraft] = useState<string | null>(null);
  const [specDraft, setSpecDraft] = useState<string | null>(null);
  const [criteriaDraft, setCriteriaDraft] = useState<DraftCriterion[] | null>(null);
  const [saves, setSaves] = useState<Record<string, SaveState>>({});
  const [startRefusal, setStartRefusal] = useState<StartRefusal | null>(null);
  const saveSeq = useRef<Record<string, number>>({});
  const criteriaInFlight = useRef(0);

  async function save(section: string, patch: TicketChange): Promise<boolean> {
    const mine = (saveSeq.current[section] = (saveSeq.current[section] ?? 0) + 1);
    setSaves((s) => ({ ...s, [section]: { state: 'saving' } }));
    try {
      const res = await updateTicket(ticket.key, patch);
      if (mine !== saveSeq.current[section]) return true; // a newer save of this section follows
      setTicket(res);
      setSaves((s) => ({ ...s, [section]: { state: 'saved' } }));
      return true;
    } catch (err) {
      let message = errorMessage(err);
      if (err instanceof ApiError && Object.keys(err.fields).length) message = Object.values(err.fields).join(' ');
      setSaves((s) => ({ ...s, [section]: { state: 'error', message } }));
      return false;
    }
  }

  async function saveTitle() {
    if (titleDraft === null) return;
    const title = titleDraft.trim();
    if (!title) {
      setSaves((s) => ({ ...s, title: { state: 'error', message: 'Title is required.' } }));
      return;
    }
    if (title === ticket.title) {
      setTitleDraft(null);
      return;
    }
    if (await save('title', { title })) setTitleDraft(null);
  }

  async function saveSpec() {
    if (specDraft === null) return;
    if (specDraft === ticket.spec || (await save('spec', { spec: specDraft }))) setSpecDraft(null);
  }

  const serverCriteria = ticket.acceptanceCriteria.map((c) => draftCriterion(c.text, c.done, c.id));
  const criteria = criteriaDraft ?? serverCriteria;

  async function commitCriteria(items: DraftCriterion[]) {
    const payload = items.filter((c) => c.text.trim()).map((c) => ({ ...(c.id ? { id: c.id } : {}), text: c.text.trim(), done: c.done }));
    const same =
      payload.length === ticket.acceptanceCriteria.length &&
      payload.every(
        (c, i) => c.id === ticket.acceptanceCriteria[i].id && c.text === ticket.acceptanceCriteria[i].text && c.done === ticket.acceptanceCriteria[i].done,
      );
    if (same) {
      if (criteriaInFlight.current === 0) setCriteriaDraft(null);
      return;
    }
    const mine = (saveSeq.current.criteria ?? 0) + 1; // the number save() is about to take
    criteriaInFlight.current++;
    const ok = await save('criteria', { acceptanceCriteria: payload });
    criteriaInFlight.current--;
    // Only the latest save may drop the draft; an earlier one would discard newer edits.
    if (ok && saveSeq.current.criteria === mine) setCriteriaDraft(null);
  }

  async function startWork() {
    setStartRefusal(null);
    try {
      setTicket(await requestStartWork(ticket.key));
    } catch (err) {
      // Shown on the panel, where it happened, until the next press.
      setStartRefusal({ message: errorMessage(err), reason: err instanceof ApiError ? String(err.details.reason ?? '') : undefined });
      await reload();
    }
  }

  async function syncPrs() {
    try {
      await syncTicket(ticket.key);
      toast('Syncing pull request status…');
      window.setTimeout(() => void reload(), 1000);
    } catch (err) {
      toast(`Sync failed: ${errorMessage(err)}`, 'error');
    }
  }

  // Deactivated people take no new work; one already on the ticket stays shown as such.
  const memberList: Member[] = (members.data ?? []).filter((m) => !m.deactivated);
  const withCurrent = (ref: { id: string; name: string } | null) => {
    if (!ref || memberList.some((m) => m.userId === ref.id)) return memberList;
    const gone = members.data?.some((m) => m.userId === ref.id && m.deactivated);
    return [...memberList, { userId: ref.id, name: gone ? `${ref.name} (deactivated)` : ref.name, email: '', role: 'member' as const, deactivated: !!gone }];
  };

  return (
    <div className="page page-ticket">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/projects">Projects</Link>
        <span aria-hidden="true">/</span>
        <Link href={`/projects/${encodeURIComponent(projectKey)}`}>{project?.name ?? projectKey}</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{ticket.key}</span>
      </nav>

      {pollError && (
        <p className="muted small" role="status">
          Live updates paused: {pollError}
        </p>
      )}

      <div className="ticket-head">
        <TitleHeading ticket={ticket} draft={titleDraft} setDraft={setTitleDraft} onSave={() => void saveTitle()} save={saves.title} />
        <TicketActions ticket={ticket} projectKey={projectKey} onArchive={(archived) => save('archive', { archived })} />
      </div>
      {ticket.archivedAt && (
        <Alert kind="info" title="Archived">
          This ticket is off the board. Restore it to bring it back.
        </Alert>
      )}
      <SaveIndicator s={saves.archive} />

      <div className="ticket-layout">
        <div className="ticket-main">
          <section className="panel" aria-labelledby="spec-h">
            <div className="panel-header">
              <h2 id="spec-h">Spec</h2>
              <SaveIndicator s={saves.spec} />
              {specDraft === null && (
                <Button size="sm" variant="ghost" onClick={() => setSpecDraft(ticket.spec)} aria-label="Edit spec">
                  Edit
                </Button>
              )}
            </div>
            {specDraft === null ? (
              ticket.spec.trim() ? (
                <Markdown source={ticket.spec} className="spec" />
              ) : (
                <p className="muted">
                  No spec yet.{' '}
                  <button type="button" className="link-btn" onClick={() => setSpecDraft('')}>
                    Write one
                  </button>{' '}
                  — it is committed to the branch as <code>.tickets/{ticket.key}.md</code> when work starts.
                </p>
              )
            ) : (
              <div className="form">
                <MarkdownEditor label="Spec" value={specDraft} onChange={setSpecDraft} rows={14} />
                <div className="form-actions">
                  <Button onClick={() => setSpecDraft(null)}>Cancel</Button>
                  <Button variant="primary" busy={saves.spec?.state === 'saving'} onClick={() => void saveSpec()}>
                    Save spec
                  </Button>
                </div>
              </div>
            )}
          </section>

          <section className="panel" aria-labelledby="criteria-h">
            <div className="panel-header">
              <h2 id="criteria-h">Acceptance criteria</h2>
              <span className="muted small">
                {ticket.acceptanceCriteria.filter((c) => c.done).length} of {ticket.acceptanceCriteria.length} done
              </span>
              <SaveIndicator s={saves.criteria} />
            </div>
            <CriteriaEditor items={criteria} onChange={setCriteriaDraft} onCommit={(items) => void commitCriteria(items)} />
          </section>

          <Comments ticketKey={ticket.key} />
        </div>

        <aside className="ticket-side" aria-label="Ticket details">
          <section className="panel" aria-labelledby="details-h">
            <div className="panel-header">
              <h2 id="details-h">Details</h2>
              <SaveIndicator s={saves.details} />
            </div>
            <div className="form form-compact">
              <Field label="Status">
                {(p) => (
                  <select {...p} value={ticket.status} onChange={(e) => void save('details', { status: e.target.value as Status })}>
                    <StatusOptions />
                  </select>
                )}
              </Field>
              <Field label="Priority">
                {(p) => (
                  <select {...p} value={ticket.priority} onChange={(e) => void save('details', { priority: e.target.value as Priority })}>
                    {PRIORITIES.map((v) => (
                      <option key={v} value={v}>
                        {PRIORITY_LABEL[v]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Assignee">
                {(p) => (
                  <select {...p} value={ticket.assignee?.id ?? ''} onChange={(e) => void save('details', { assigneeId: e.target.value || null })}>
                    <option value="">Unassigned</option>
                    <MemberOptions members={withCurrent(ticket.assignee)} />
                  </select>
                )}
              </Field>
              <Field label="Reviewer">
                {(p) => (
                  <select {...p} value={ticket.reviewer?.id ?? ''} onChange={(e) => void save('details', { reviewerId: e.target.value || null })}>
                    <option value="">Choose automatically</option>
                    <MemberOptions members={withCurrent(ticket.reviewer)} />
                  </select>
                )}
              </Field>
              <Field
                label="Repository"
                hint={
                  repos.data && repos.data.length === 0 ? (
                    <>
                      No repository linked yet. <Link href={`/projects/${encodeURIComponent(projectKey)}/settings#git`}>Link one in project settings</Link>.
                    </>
                  ) : undefined
                }
              >
                {(p) => (
                  <select {...p} value={ticket.repositoryId ?? ''} onChange={(e) => void save('details', { repositoryId: e.target.value || null })}>
                    <option value="">{(repos.data?.length ?? 0) === 1 ? 'Project default' : 'Not chosen'}</option>
                    {(repos.data ?? []).map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.owner}/{r.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <LabelsField ticket={ticket} onChange={(labelIds) => save('details', { labelIds })} />
            </div>
          </section>

          <StartWorkPanel ticket={ticket} hasRepos={(repos.data?.length ?? 1) > 0} projectKey={projectKey} refusal={startRefusal} onStart={startWork} />

          <PullRequestsPanel ticket={ticket} onSync={syncPrs} />
        </aside>

        <div className="ticket-history">
          <History entries={ticket.history} />
        </div>
      </div>
    </div>
  );
}
