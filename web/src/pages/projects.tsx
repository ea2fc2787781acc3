import { type FormEvent, useState } from 'react';
import { inputLimits } from '../../generated/api-types.ts';
import { useMe } from '../auth.tsx';
import { ProviderFields, ProviderSelect } from '../components/provider-settings.tsx';
import { Alert, Badge, Button, Dialog, EmptyState, Field, type FormErrors, formErrors, noErrors, Skeleton } from '../components/ui.tsx';
import { cleanValues, useProviderChoice, useProviderLabel } from '../git-providers.tsx';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { createProject, fetchProjects, type NewProject } from '../services/projects.ts';
import type { Project } from '../types.ts';
import './projects.css';

export function ProjectsPage() {
  useDocumentTitle('Projects');
  const projects = useResource((signal) => fetchProjects(signal), []);
  const [creating, setCreating] = useState(false);
  const providerLabel = useProviderLabel();

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Projects</h1>
          <p className="muted">Each project has its own board, repositories and webhook.</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          New project
        </Button>
      </header>

      {projects.error && !projects.data && <Alert>{projects.error}</Alert>}
      {projects.loading && <Skeleton lines={4} />}
      {projects.data && projects.data.length === 0 && (
        <EmptyState
          title="No projects yet"
          action={
            <Button variant="primary" onClick={() => setCreating(true)}>
              Create your first project
            </Button>
          }
        >
          A project gives your team a board and a ticket key (like PAY-123), and connects to the repositories on your git provider.
        </EmptyState>
      )}
      {projects.data && projects.data.length > 0 && (
        <ul className="project-list" aria-label="Projects">
          {projects.data.map((p) => (
            <li key={p.id} className="project-row">
              <Link href={`/projects/${encodeURIComponent(p.key)}`} className="project-link">
                <span className="project-key">{p.key}</span>
                <span className="project-name">{p.name}</span>
              </Link>
              <span className="project-meta">
                <Badge>{providerLabel(p.provider)}</Badge>
                {p.role === 'owner' && <Badge tone="purple">Owner</Badge>}
                <Link href={`/projects/${encodeURIComponent(p.key)}/settings`} className="btn btn-ghost btn-sm" aria-label={`Settings for ${p.name}`}>
                  Settings
                </Link>
              </span>
            </li>
          ))}
        </ul>
      )}

      {creating && (
        <CreateProjectDialog
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            setCreating(false);
            navigate(`/projects/${encodeURIComponent(p.key)}/settings#git`);
          }}
        />
      )}
    </div>
  );
}

function CreateProjectDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (p: Project) => void }) {
  const me = useMe();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const { providers, provider, choose } = useProviderChoice();
  const [settings, setSettings] = useState<Record<string, string | undefined>>({});
  const [branchPrefix, setBranchPrefix] = useState('');
  const [draft, setDraft] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!provider) return;
    // Checked by the server, which names each field as this form labels it.
    setBusy(true);
    setErrors(noErrors);
    try {
      const body: NewProject = {
        key,
        name: name.trim(),
        provider: provider.kind,
        settings: cleanValues(provider.settings, settings),
        draftPullRequests: draft,
      };
      if (branchPrefix.trim()) body.branchPrefix = branchPrefix.trim();
      const p = await createProject(body);
      onCreated(p);
    } catch (err) {
      setErrors(formErrors(err, ['key', 'name', 'provider', ...provider.settings.map((f) => `settings.${f.name}`), 'branchPrefix', 'draftPullRequests']));
      setBusy(false);
    }
  }

  return (
    <Dialog
      title="New project"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="create-project" busy={busy} disabled={!provider}>
            Create project
          </Button>
        </>
      }
    >
      <form id="create-project" className="form" onSubmit={submit} noValidate>
        {!me.isAdmin && <p className="muted small">You will be the owner of this project.</p>}
        {errors.form && <Alert>{errors.form}</Alert>}
        <div className="field-row">
          <Field label="Key" error={errors.fields.key} hint="2–10 capitals and digits, like PAY in PAY-123." className="field-narrow">
            {(p) => (
              <input
                {...p}
                required
                autoFocus
                maxLength={10}
                autoCapitalize="characters"
                spellCheck={false}
                placeholder="PAY"
                value={key}
                onChange={(e) => setKey(e.target.value.toUpperCase().replace(/[^A-Z0-9]/g, ''))}
              />
            )}
          </Field>
          <Field label="Name" error={errors.fields.name} count={{ value: name, max: inputLimits['POST /api/projects'].name }}>
            {(p) => <input {...p} required placeholder="Payments" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        {providers.error && !providers.list && <Alert>{providers.error}</Alert>}
        {!provider && !providers.error && <Skeleton lines={2} />}
        {provider && (
          <>
            <ProviderSelect
              label="Git provider"
              list={providers.list ?? []}
              value={provider.kind}
              error={errors.fields.provider}
              onChange={(kind) => {
                // Settings belong to one provider (a GitHub API URL is no Azure DevOps URL).
                choose(kind);
                setSettings({});
              }}
            />
            <ProviderFields fields={provider.settings} values={settings} onChange={setSettings} errors={errors.fields} errorPrefix="settings." />
          </>
        )}
        <details className="more">
          <summary>Branches and pull requests</summary>
          <Field
            label="Branch prefix"
            optional
            error={errors.fields.branchPrefix}
            hint="Start work creates branches under this prefix: letters, digits, “.”, “_” and “-”, at most 40."
          >
            {(p) => <input {...p} placeholder="feature" spellCheck={false} value={branchPrefix} onChange={(e) => setBranchPrefix(e.target.value)} />}
          </Field>
          <label className="check">
            <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
            Open pull requests as drafts
          </label>
        </details>
      </form>
    </Dialog>
  );
}
