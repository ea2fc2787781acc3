import { useState } from 'react';
import { Alert, Button, CopyButton } from '../../components/ui.tsx';
import { STEP_LABEL } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { StartWork, Ticket } from '../../types.ts';

const STEP_ICON: Record<string, string> = { pending: '○', running: '', done: '✓', failed: '✕', skipped: '–' };
const STEP_STATUS_TEXT: Record<string, string> = { pending: 'waiting', running: 'in progress', done: 'done', failed: 'failed', skipped: 'skipped' };

/** Why pressing Start work was refused before anything ran (no credential, no repository…). */
export interface StartRefusal {
  message: string;
  /** The API's `details.reason`: `no_credential` gets a link to where it is fixed. */
  reason?: string;
}

/** Where a missing or refused credential is fixed. */
export const CREDENTIALS_HREF = '/profile#git-credentials';

export function StartWorkPanel({
  ticket,
  hasRepos,
  projectKey,
  refusal,
  onStart,
}: {
  ticket: Ticket;
  hasRepos: boolean;
  projectKey: string;
  refusal: StartRefusal | null;
  onStart: () => Promise<void>;
}) {
  const [busy, setBusy] = useState(false);
  const sw: StartWork | null = ticket.startWork;
  async function go() {
    setBusy(true);
    try {
      await onStart();
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="panel" aria-labelledby="start-h">
      <div className="panel-header">
        <h2 id="start-h">Start work</h2>
        {sw?.status === 'succeeded' && <span className="save-indicator save-ok">Done</span>}
        {sw?.status === 'running' && <span className="save-indicator">Running…</span>}
        {sw?.status === 'failed' && <span className="save-indicator save-error">Stopped</span>}
      </div>
      {refusal && (
        <Alert title="Start work did not start">
          <p>{refusal.message}</p>
          {refusal.reason === 'no_credential' && (
            <p>
              <Link href={CREDENTIALS_HREF}>Add a credential in Profile → Git credentials</Link>
            </p>
          )}
        </Alert>
      )}
      {!sw && (
        <>
          <p className="muted small">
            Creates a branch, commits this spec as <code>.tickets/{ticket.key}.md</code>, opens a pull request with the acceptance criteria and requests a
            reviewer — acting as you.
          </p>
          {!hasRepos ? (
            <Alert kind="info">
              Link a repository first in <Link href={`/projects/${encodeURIComponent(projectKey)}/settings#git`}>project settings</Link>.
            </Alert>
          ) : (
            <Button variant="primary" className="btn-block" busy={busy} onClick={() => void go()}>
              Start work
            </Button>
          )}
        </>
      )}
      {sw && (
        <>
          <ol className="steps" aria-live="polite">
            {sw.steps.map((step) => (
              <li key={step.name} className={`step step-${step.status}`}>
                <span className="step-icon" aria-hidden="true">
                  {step.status === 'running' ? <span className="spinner spinner-inline" /> : STEP_ICON[step.status]}
                </span>
                <div className="step-body">
                  <span className="step-name">
                    {STEP_LABEL[step.name] ?? step.name}
                    <span className="sr-only">: {STEP_STATUS_TEXT[step.status] ?? step.status}</span>
                  </span>
                  {step.detail && <span className="step-detail">{step.detail}</span>}
                  {step.error && <span className="step-error">{step.error}</span>}
                </div>
              </li>
            ))}
          </ol>
          {sw.status === 'failed' && (
            <div className="stack">
              {sw.error && !sw.steps.some((s) => s.error === sw.error) && <Alert>{sw.error}</Alert>}
              {/* A step refused by the provider over the token ("Bad credentials", a missing scope) is fixed where credentials live. */}
              {[sw.error, ...sw.steps.map((s) => s.error)].some((e) => e && /credential|token|scope|permission/i.test(e)) && (
                <p className="small">
                  <Link href={CREDENTIALS_HREF}>Check your credential in Profile → Git credentials</Link>
                </p>
              )}
              <Button variant="primary" busy={busy} onClick={() => void go()}>
                Retry
              </Button>
            </div>
          )}
        </>
      )}
      {ticket.branch && (
        <div className="branch">
          <span className="muted small">Branch</span>
          <code className="branch-name">{ticket.branch}</code>
          <CopyButton text={ticket.branch} label="Copy branch name" />
        </div>
      )}
    </section>
  );
}
