import { useState } from 'react';
import { useMe } from '../../auth.tsx';
import { Alert, Button, CopyButton, Skeleton } from '../../components/ui.tsx';
import { absoluteTime, relativeTime } from '../../format.ts';
import { useProviderLabel } from '../../git-providers.tsx';
import { useNow, useResource } from '../../hooks.ts';
import { errorMessage } from '../../services/http.ts';
import { fetchWebhook, generateWebhookSecret } from '../../services/webhooks.ts';
import type { Project } from '../../types.ts';
import { canManage } from './can-manage.ts';
import { RepositoryWebhooks } from './repository-webhooks.tsx';

export function WebhookSection({ project }: { project: Project }) {
  const providerName = useProviderLabel()(project.provider);
  const me = useMe();
  const editable = canManage(project, me.isAdmin);
  const info = useResource((signal) => fetchWebhook(project.id, signal), [project.id]);
  const [secret, setSecret] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const now = useNow();

  async function generate() {
    setBusy(true);
    setError(null);
    setConfirmRotate(false);
    try {
      const r = await generateWebhookSecret(project.id);
      setSecret(r.secret ?? null);
      info.setData(r);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const w = info.data;
  return (
    <section className="panel" id="webhooks" aria-labelledby="webhooks-h">
      <div className="panel-header">
        <h2 id="webhooks-h">Webhooks</h2>
      </div>
      {info.error && !w && <Alert>{info.error}</Alert>}
      {info.loading && <Skeleton lines={3} />}
      {w && (
        <div className="stack">
          <p className="muted small">{providerName} tells Baton about pull request changes through a webhook, so tickets move on the board by themselves.</p>
          <div className="copy-field">
            <span className="field-label" id="wh-url-label">
              Payload URL
            </span>
            <div className="copy-row">
              <code className="copy-value">{w.url}</code>
              <CopyButton text={w.url} label="Copy URL" />
            </div>
          </div>

          {secret ? (
            <section className="secret-box" aria-label="New webhook secret">
              <Alert kind="warning" title="Copy this secret now">
                It won't be shown again. If you lose it, generate a new one.
              </Alert>
              <fieldset className="copy-row" aria-label="Webhook secret">
                <code className="copy-value secret-value">{secret}</code>
                <CopyButton text={secret} label="Copy secret" />
              </fieldset>
              {w.previousAcceptedUntil && (
                <p className="muted small">
                  The previous secret keeps working until {absoluteTime(w.previousAcceptedUntil)}, so you have time to update the provider.
                </p>
              )}
            </section>
          ) : (
            <p className="small">
              {w.createdAt ? (
                <>
                  Secret set {relativeTime(w.createdAt, now)}
                  {w.previousAcceptedUntil && new Date(w.previousAcceptedUntil).getTime() > now && (
                    <> · the previous secret is accepted until {absoluteTime(w.previousAcceptedUntil)}</>
                  )}
                  .
                </>
              ) : (
                <>No secret yet. Generate one, then paste it into the webhook settings on {providerName}.</>
              )}
            </p>
          )}
          {error && <Alert>{error}</Alert>}
          {editable &&
            (w.createdAt && !confirmRotate ? (
              <div>
                <Button onClick={() => setConfirmRotate(true)}>Rotate secret</Button>
              </div>
            ) : w.createdAt && confirmRotate ? (
              <fieldset className="confirm-row" aria-label="Confirm rotation">
                <span className="small">A new secret replaces the current one; the old one keeps working for a grace period.</span>
                <Button variant="primary" busy={busy} onClick={() => void generate()} autoFocus>
                  Generate new secret
                </Button>
                <Button onClick={() => setConfirmRotate(false)}>Cancel</Button>
              </fieldset>
            ) : (
              <div>
                <Button variant="primary" busy={busy} onClick={() => void generate()}>
                  Generate secret
                </Button>
              </div>
            ))}

          <RepositoryWebhooks projectId={project.id} editable={editable} />

          <div className="setup-steps">
            <h3 className="subheading">Set it up on {providerName}</h3>
            <ol>
              {w.setup.steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
            <dl className="facts">
              <div>
                <dt>Content type</dt>
                <dd>
                  <code>{w.setup.contentType}</code>
                </dd>
              </div>
              <div>
                <dt>Events</dt>
                <dd>
                  {w.setup.events.map((e) => (
                    <code key={e} className="chip">
                      {e}
                    </code>
                  ))}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      )}
    </section>
  );
}
