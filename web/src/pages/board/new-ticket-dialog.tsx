import { type FormEvent, useState } from 'react';
import { inputLimits } from '../../../generated/api-types.ts';
import { CriteriaEditor, type DraftCriterion } from '../../components/criteria-editor.tsx';
import { MarkdownEditor } from '../../components/markdown-editor.tsx';
import { MemberOptions, StatusOptions } from '../../components/options.tsx';
import { Alert, Button, Dialog, Field, type FormErrors, formErrors, noErrors } from '../../components/ui.tsx';
import { createTicket, type NewTicket } from '../../services/tickets.ts';
import type { Member, Project, Repository, Status, Ticket } from '../../types.ts';

const LIMITS = inputLimits['POST /api/projects/{projectId}/tickets'];
const TICKET_FIELDS = ['title', 'spec', 'acceptanceCriteria', 'assigneeId', 'reviewerId', 'repositoryId', 'status'];

export function NewTicketDialog({
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
    // Checked by the server, which names each field as this form labels it.
    setBusy(true);
    setErrors(noErrors);
    try {
      const body: NewTicket = {
        title: title.trim(),
        spec,
        acceptanceCriteria: criteria.map((c) => c.text.trim()).filter(Boolean),
        status,
      };
      if (assigneeId) body.assigneeId = assigneeId;
      if (reviewerId) body.reviewerId = reviewerId;
      if (repositoryId) body.repositoryId = repositoryId;
      const t = await createTicket(project.id, body);
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
        <Field label="Title" error={errors.fields.title} count={{ value: title, max: LIMITS.title }}>
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
