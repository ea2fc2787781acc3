import { type FormEvent, useEffect, useState } from 'react';
import { useMe } from '../auth.tsx';
import { ProviderFields, ProviderSelect } from '../components/provider-settings.tsx';
import { Alert, Badge, Button, EmptyState, Field, type FormErrors, formErrors, noErrors, Skeleton, useToast } from '../components/ui.tsx';
import { absoluteTime, relativeTime } from '../format.ts';
import { cleanValues, useProviderChoice, useProviderLabel, useProviders } from '../git-providers.tsx';
import { useDocumentTitle, useNow, useResource } from '../hooks.ts';
import { createCredential, deleteCredential, fetchCredentials, fetchCredentialUsage } from '../services/credentials.ts';
import { errorMessage } from '../services/http.ts';
import type { Credential, CredentialUsage } from '../types.ts';
import './profile.css';
import { AccountSection } from './profile/account.tsx';
import { ApiTokensSection } from './profile/api-tokens.tsx';
import { GitHubAppSection } from './profile/github-app.tsx';

export function ProfilePage() {
  useDocumentTitle('Profile');
  const me = useMe();
  const credentials = useResource((signal) => fetchCredentials(signal), []);
  const [justAdded, setJustAdded] = useState<string | null>(null);
  // Deep links such as #git-credentials (from a Start work refused for want of one): scroll once the list is there.
  const loaded = !!credentials.data;
  useEffect(() => {
    if (loaded && window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [loaded]);

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <div>
          <h1>Profile</h1>
          <p className="muted">
            {me.name} · {me.email}
            {me.isAdmin && (
              <>
                {' '}
                · <Badge tone="purple">Admin</Badge>
              </>
            )}
          </p>
        </div>
      </header>

      <AccountSection />

      <section className="panel" id="git-credentials" aria-labelledby="creds-h">
        <div className="panel-header">
          <h2 id="creds-h">Git credentials</h2>
        </div>
        <p className="muted small">
          Start work acts as you: it creates branches and pull requests with your own token. Tokens are encrypted at rest and never shown again after you save
          them.
        </p>
        {credentials.error && !credentials.data && <Alert>{credentials.error}</Alert>}
        {credentials.loading && <Skeleton lines={2} />}
        {credentials.data && credentials.data.length === 0 && (
          <EmptyState title="No credentials yet">Add a personal access token below so Baton can open branches and pull requests as you.</EmptyState>
        )}
        {credentials.data && credentials.data.length > 0 && (
          <ul className="cred-list" aria-label="Saved credentials">
            {credentials.data.map((c) => (
              <CredentialRow
                key={c.id}
                credential={c}
                highlight={c.id === justAdded}
                onDeleted={() => credentials.setData((prev) => (prev ?? []).filter((x) => x.id !== c.id))}
              />
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="add-cred-h">
        <div className="panel-header">
          <h2 id="add-cred-h">Add a credential</h2>
        </div>
        <AddCredentialForm
          onSaved={(c) => {
            setJustAdded(c.id);
            credentials.setData((prev) => [...(prev ?? []).filter((x) => x.id !== c.id), c]);
          }}
        />
      </section>

      <GitHubAppSection />
      <ApiTokensSection />
    </div>
  );
}

function CredentialRow({ credential: c, highlight, onDeleted }: { credential: Credential; highlight: boolean; onDeleted: () => void }) {
  const toast = useToast();
  const now = useNow();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // What uses it, fetched when Delete is pressed so the question names them.
  const [usage, setUsage] = useState<CredentialUsage | null>(null);
  const label = useProviderLabel()(c.provider);
  const kept =
    useProviders()
      .list?.find((p) => p.kind === c.provider)
      ?.credential.fields.filter((f) => f.kept && typeof c[f.name] === 'string') ?? [];
  const expired = c.expiresAt ? new Date(c.expiresAt).getTime() < now : false;

  async function ask() {
    setConfirming(true);
    setUsage(null);
    try {
      setUsage(await fetchCredentialUsage(c.id));
    } catch {
      // The question is still asked; only the names are missing.
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await deleteCredential(c.id);
      toast(`Credential for ${c.owner} deleted`);
      onDeleted();
    } catch (err) {
      toast(`Couldn't delete: ${errorMessage(err)}`, 'error');
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <li className={`cred${highlight ? ' cred-new' : ''}`} aria-label={`${label} credential for ${c.owner}`}>
      <div className="cred-main">
        <div className="cred-title">
          <strong>{c.owner}</strong>
          <Badge>{label}</Badge>
          {c.missing.length === 0 && !expired ? <Badge tone="green">Valid</Badge> : <Badge tone="amber">Needs attention</Badge>}
        </div>
        <dl className="cred-facts">
          <div>
            <dt>Signed in as</dt>
            <dd>{c.login}</dd>
          </div>
          {kept.map((f) => (
            <div key={f.name}>
              <dt>{f.label}</dt>
              <dd>{String(c[f.name])}</dd>
            </div>
          ))}
          <div>
            <dt>Token</dt>
            <dd>
              <span aria-hidden="true">•••• {c.last4}</span>
              <span className="sr-only">ending in {c.last4}</span>
            </dd>
          </div>
          {c.baseUrl && (
            <div>
              <dt>Server</dt>
              <dd>{c.baseUrl}</dd>
            </div>
          )}
          <div>
            <dt>Expires</dt>
            <dd className={expired ? 'text-danger' : undefined}>
              {c.expiresAt ? (expired ? `Expired ${relativeTime(c.expiresAt, now)}` : absoluteTime(c.expiresAt)) : 'Never'}
            </dd>
          </div>
          <div>
            <dt>Checked</dt>
            <dd>{c.validatedAt ? relativeTime(c.validatedAt, now) : 'never'}</dd>
          </div>
        </dl>
        {c.scopes.length > 0 && (
          <p className="cred-scopes">
            <span className="muted small">Scopes: </span>
            {c.scopes.map((s) => (
              <code key={s} className="chip">
                {s}
              </code>
            ))}
          </p>
        )}
        {c.missing.length > 0 && (
          <Alert kind="warning" title="Missing permissions">
            Start work may fail until the token also has: {c.missing.join(', ')}.
          </Alert>
        )}
      </div>
      {confirming && usage && (usage.repositories.length > 0 || usage.startWork.length > 0) && (
        <Alert kind="warning" title="This credential is in use">
          {usage.repositories.length > 0 && (
            <p>
              Baton syncs pull requests and manages webhooks of {usage.repositories.map((r) => `${r.owner}/${r.name} (${r.projectKey})`).join(', ')} with it;
              they stop until someone links them again with another credential.
            </p>
          )}
          {usage.startWork.length > 0 && (
            <p>Start work is running with it on {usage.startWork.map((t) => `${t.ticketKey} (${t.title})`).join(', ')}; it fails if the credential goes now.</p>
          )}
        </Alert>
      )}
      <div className="cred-actions">
        {confirming ? (
          <>
            <Button size="sm" variant="danger" busy={busy} onClick={() => void remove()} autoFocus>
              Delete credential
            </Button>
            <Button size="sm" onClick={() => setConfirming(false)}>
              Keep
            </Button>
          </>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => void ask()} aria-label={`Delete credential for ${c.owner}`}>
            Delete
          </Button>
        )}
      </div>
    </li>
  );
}

function AddCredentialForm({ onSaved }: { onSaved: (c: Credential) => void }) {
  const { providers, provider, choose } = useProviderChoice();
  const [owner, setOwner] = useState('');
  const [token, setToken] = useState('');
  const [extra, setExtra] = useState<Record<string, string | undefined>>({});
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [saved, setSaved] = useState<Credential | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!provider) return;
    // Checked by the server, which names each field as this form labels it.
    setBusy(true);
    setErrors(noErrors);
    setSaved(null);
    try {
      const body = { provider: provider.kind, owner: owner.trim(), token: token.trim(), ...cleanValues(provider.credential.fields, extra) };
      const c = await createCredential(body);
      setToken(''); // the token is write-only: never keep it around once saved
      setOwner('');
      setExtra({});
      setSaved(c);
      onSaved(c);
    } catch (err) {
      // The message says what is wrong in full ("token lacks Pull requests: write on acme");
      // show it above the form even when a field is named too.
      const fe = formErrors(err, ['provider', 'owner', 'token', ...provider.credential.fields.map((f) => f.name)]);
      setErrors({ form: errorMessage(err), fields: fe.fields });
    } finally {
      setBusy(false);
    }
  }

  if (!provider) return providers.error ? <Alert>{providers.error}</Alert> : <Skeleton lines={3} />;
  const o = provider.owner;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add a credential">
      {saved && (
        <Alert kind={saved.missing.length ? 'warning' : 'success'} title={`Saved — signed in as ${saved.login}`}>
          {saved.scopes.length > 0 && <p>Scopes: {saved.scopes.join(', ')}.</p>}
          {saved.missing.length > 0 ? <p>Missing: {saved.missing.join(', ')}.</p> : <p>The token has everything Start work needs.</p>}
        </Alert>
      )}
      {errors.form && <Alert title="The token was not saved">{errors.form}</Alert>}
      <div className="field-row">
        <ProviderSelect
          label="Provider"
          className="field-narrow"
          list={providers.list ?? []}
          value={provider.kind}
          error={errors.fields.provider}
          onChange={(kind) => {
            choose(kind);
            setExtra({});
          }}
        />
        <Field label={o.label} hint={o.hint} error={errors.fields.owner}>
          {(p) => <input {...p} value={owner} placeholder={o.placeholder} spellCheck={false} autoCapitalize="off" onChange={(e) => setOwner(e.target.value)} />}
        </Field>
      </div>
      <Field label="Token" hint={provider.credential.tokenHelp} error={errors.fields.token}>
        {(p) => (
          <input {...p} type="password" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} className="mono-input" />
        )}
      </Field>
      <ProviderFields fields={provider.credential.fields} values={extra} onChange={setExtra} errors={errors.fields} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Checking token…' : 'Validate and save'}
        </Button>
      </div>
    </form>
  );
}
