import { type FormEvent, useState } from 'react';
import { inputLimits } from '../../../generated/api-types.ts';
import { Alert, Badge, Button, CopyButton, EmptyState, Field, type FormErrors, formErrors, noErrors, Skeleton, useToast } from '../../components/ui.tsx';
import { absoluteTime, relativeTime } from '../../format.ts';
import { useNow, useResource } from '../../hooks.ts';
import { createApiToken, fetchApiTokens, revokeApiToken } from '../../services/api-tokens.ts';
import { errorMessage } from '../../services/http.ts';
import type { ApiToken } from '../../types.ts';

const EXPIRY_CHOICES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
  { days: 0, label: 'No expiry' },
];

/** API tokens for scripts: the list with last use and expiry, creating one, revoking one. */
export function ApiTokensSection() {
  const tokens = useResource((signal) => fetchApiTokens(signal), []);
  const [created, setCreated] = useState<(ApiToken & { token: string }) | null>(null);
  const live = tokens.data?.filter((t) => !t.revokedAt) ?? [];

  return (
    <section className="panel" aria-labelledby="tokens-h">
      <div className="panel-header">
        <h2 id="tokens-h">API tokens</h2>
      </div>
      <p className="muted small">
        Scripts call the Baton API with <code>Authorization: Bearer TOKEN</code>. A token acts as you; give it an expiry unless a script needs it for good.
      </p>
      {created && (
        <section className="secret-box" aria-label="New API token">
          <Alert kind="warning" title="Copy this token now">
            It won't be shown again. If you lose it, revoke it and create a new one.
          </Alert>
          <fieldset className="copy-row" aria-label="API token">
            <code className="copy-value secret-value">{created.token}</code>
            <CopyButton text={created.token} label="Copy token" />
          </fieldset>
        </section>
      )}
      {tokens.error && !tokens.data && <Alert>{tokens.error}</Alert>}
      {tokens.loading && <Skeleton lines={2} />}
      {tokens.data && live.length === 0 && <EmptyState title="No API tokens">Create one below when a script needs to call Baton.</EmptyState>}
      {live.length > 0 && (
        <ul className="cred-list" aria-label="API tokens">
          {live.map((t) => (
            <TokenRow key={t.id} token={t} onRevoked={() => tokens.setData((prev) => (prev ?? []).filter((x) => x.id !== t.id))} />
          ))}
        </ul>
      )}
      <CreateTokenForm
        onCreated={(t) => {
          setCreated(t);
          const { token: _shownOnce, ...info } = t;
          tokens.setData((prev) => [info, ...(prev ?? [])]);
        }}
      />
    </section>
  );
}

function TokenRow({ token: t, onRevoked }: { token: ApiToken; onRevoked: () => void }) {
  const toast = useToast();
  const now = useNow();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const expired = t.expiresAt ? new Date(t.expiresAt).getTime() <= now : false;

  async function revoke() {
    setBusy(true);
    try {
      await revokeApiToken(t.id);
      toast(`Token ${t.name} revoked`);
      onRevoked();
    } catch (err) {
      toast(`Couldn't revoke: ${errorMessage(err)}`, 'error');
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <li className="cred" aria-label={`API token ${t.name}`}>
      <div className="cred-main">
        <div className="cred-title">
          <strong>{t.name}</strong>
          {expired && <Badge tone="amber">Expired</Badge>}
        </div>
        <dl className="cred-facts">
          <div>
            <dt>Token</dt>
            <dd>
              <span aria-hidden="true">•••• {t.last4}</span>
              <span className="sr-only">ending in {t.last4}</span>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{relativeTime(t.createdAt, now)}</dd>
          </div>
          <div>
            <dt>Last used</dt>
            <dd>{t.lastUsedAt ? relativeTime(t.lastUsedAt, now) : 'Never'}</dd>
          </div>
          <div>
            <dt>Expires</dt>
            <dd className={expired ? 'text-danger' : undefined}>
              {t.expiresAt ? (expired ? `Expired ${relativeTime(t.expiresAt, now)}` : absoluteTime(t.expiresAt)) : 'Never'}
            </dd>
          </div>
        </dl>
      </div>
      <div className="cred-actions">
        {confirming ? (
          <>
            <Button size="sm" variant="danger" busy={busy} onClick={() => void revoke()} autoFocus>
              Revoke token
            </Button>
            <Button size="sm" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => setConfirming(true)} aria-label={`Revoke API token ${t.name}`}>
            Revoke
          </Button>
        )}
      </div>
    </li>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (t: ApiToken & { token: string }) => void }) {
  const [name, setName] = useState('');
  const [days, setDays] = useState(30);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ form: null, fields: { name: 'Name the token after what will use it.' } });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const expiresAt = days > 0 ? new Date(Date.now() + days * 86_400_000).toISOString() : null;
      onCreated(await createApiToken({ name: name.trim(), expiresAt }));
      setName('');
    } catch (err) {
      setErrors(formErrors(err, ['name', 'expiresAt']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Create an API token">
      {errors.form && <Alert title="The token was not created">{errors.form}</Alert>}
      <div className="field-row">
        <Field
          label="Token name"
          hint="What will use it, e.g. “release script”"
          error={errors.fields.name}
          count={{ value: name, max: inputLimits['POST /api/me/tokens'].name }}
        >
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label="Expiration" error={errors.fields.expiresAt} className="field-narrow">
          {(p) => (
            <select {...p} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.days} value={c.days}>
                  {c.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          Create token
        </Button>
      </div>
    </form>
  );
}
