import { type FormEvent, useEffect, useState } from 'react';
import {
  type AvailableRepository,
  api,
  type Credential,
  type Delivery,
  enc,
  errorMessage,
  type Member,
  type Project,
  type ProjectSettings,
  qs,
  type Repository,
  type Role,
  type WebhookInfo,
} from '../api.ts';
import { useMe } from '../auth.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { cleanSettings, ProviderSettingsFields } from '../components/provider-settings.tsx';
import { resourceFallback } from '../components/resource-fallback.tsx';
import {
  Alert,
  Avatar,
  Badge,
  Button,
  CopyButton,
  Dialog,
  EmptyState,
  Field,
  type FormErrors,
  formErrors,
  noErrors,
  Skeleton,
  Spinner,
  useToast,
} from '../components/ui.tsx';
import { absoluteTime, OUTCOME_LABEL, PROVIDER_LABEL, relativeTime } from '../format.ts';
import { useDocumentTitle, useNow, useResource } from '../hooks.ts';
import { fetchMembers, fetchProjectByKey, fetchUsers } from '../projects-data.ts';
import { Link } from '../router.tsx';

export function ProjectSettingsPage({ projectKey }: { projectKey: string }) {
  const project = useResource((signal) => fetchProjectByKey(projectKey, signal), [projectKey]);
  useDocumentTitle(project.data ? `${project.data.key} settings` : 'Settings');

  // Deep links like #git: scroll once the sections exist.
  const ready = !!project.data;
  useEffect(() => {
    if (!ready || !window.location.hash) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [ready]);

  const fallback = resourceFallback(project, 'project', 3);
  if (fallback || !project.data) return fallback;
  const p = project.data;
  return (
    <div className="page">
      <ProjectHeader project={p} current="settings" />
      <nav className="settings-nav" aria-label="Settings sections">
        <a href="#general">General</a>
        <a href="#members">Members</a>
        <a href="#git">Git</a>
        <a href="#webhooks">Webhooks</a>
        <a href="#deliveries">Deliveries</a>
      </nav>
      <GeneralSection project={p} onSaved={(np) => project.setData(np)} />
      <MembersSection project={p} />
      <RepositoriesSection project={p} />
      <WebhookSection project={p} />
      <DeliveriesSection project={p} />
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

const canManage = (p: Project, isAdmin: boolean) => isAdmin || p.role === 'owner';

function GeneralSection({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  const me = useMe();
  const toast = useToast();
  const [name, setName] = useState(project.name);
  const [settings, setSettings] = useState<ProjectSettings>(project.settings ?? {});
  const [branchPrefix, setBranchPrefix] = useState(project.branchPrefix ?? '');
  const [draft, setDraft] = useState(project.draftPullRequests);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const editable = canManage(project, me.isAdmin);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      const body: Record<string, unknown> = {
        name: name.trim(),
        settings: cleanSettings(project.provider, settings),
        draftPullRequests: draft,
      };
      // The API has no "no prefix" value; an empty field leaves the prefix as it is.
      if (branchPrefix.trim()) body.branchPrefix = branchPrefix.trim();
      const p = await api.patch<Project>(`/projects/${enc(project.id)}`, body);
      onSaved({ ...project, ...p });
      toast('Project settings saved', 'success');
    } catch (err) {
      setErrors(formErrors(err, ['name', 'settings', 'settings.baseUrl', 'settings.organization', 'settings.project', 'branchPrefix', 'draftPullRequests']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" id="general" aria-labelledby="general-h">
      <div className="panel-header">
        <h2 id="general-h">General</h2>
      </div>
      <form className="form" onSubmit={submit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <fieldset disabled={!editable} className="fieldset-plain">
          <div className="field-row">
            <Field label="Key" hint="Part of every ticket key; it can't be changed." className="field-narrow">
              {(p) => <input {...p} value={project.key} readOnly disabled />}
            </Field>
            <Field label="Name" error={errors.fields.name}>
              {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
          </div>
          <h3 className="subheading">{PROVIDER_LABEL[project.provider]} settings</h3>
          <ProviderSettingsFields provider={project.provider} settings={settings} onChange={setSettings} errors={errors.fields} />
          <div className="field-row">
            <Field label="Branch prefix" error={errors.fields.branchPrefix} hint="Start work creates branches under this prefix.">
              {(p) => <input {...p} value={branchPrefix} spellCheck={false} onChange={(e) => setBranchPrefix(e.target.value)} />}
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
            Open pull requests as drafts
          </label>
        </fieldset>
        {editable ? (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy}>
              Save changes
            </Button>
          </div>
        ) : (
          <p className="muted small">Only project owners and admins can change these settings.</p>
        )}
      </form>
    </section>
  );
}

function MembersSection({ project }: { project: Project }) {
  const me = useMe();
  const toast = useToast();
  const editable = canManage(project, me.isAdmin);
  const members = useResource((signal) => fetchMembers(project.id, signal), [project.id]);
  const users = useResource((signal) => (editable ? fetchUsers(signal) : Promise.resolve([])), [editable]);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const candidates = (users.data ?? []).filter((u) => !(members.data ?? []).some((m) => m.userId === u.id));

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!userId) {
      setError('Choose a person to add.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/projects/${enc(project.id)}/members`, { userId, role });
      setUserId('');
      await members.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(m: Member) {
    try {
      await api.del(`/projects/${enc(project.id)}/members/${enc(m.userId)}`);
      members.setData((prev) => (prev ?? []).filter((x) => x.userId !== m.userId));
      toast(`${m.name} removed from ${project.key}`);
    } catch (err) {
      toast(`Couldn't remove ${m.name}: ${errorMessage(err)}`, 'error');
    }
  }

  return (
    <section className="panel" id="members" aria-labelledby="members-h">
      <div className="panel-header">
        <h2 id="members-h">Members</h2>
      </div>
      {members.error && !members.data && <Alert>{members.error}</Alert>}
      {members.loading && <Skeleton lines={2} />}
      {members.data && (
        <ul className="member-list" aria-label="Members">
          {members.data.map((m) => (
            <li key={m.userId} className="member">
              <Avatar name={m.name} size={28} />
              <div className="member-info">
                <strong>{m.name}</strong>
                <span className="muted small">{m.email}</span>
              </div>
              <Badge tone={m.role === 'owner' ? 'purple' : 'neutral'}>{m.role === 'owner' ? 'Owner' : 'Member'}</Badge>
              {editable && m.userId !== me.id && (
                <Button size="sm" variant="ghost" onClick={() => void remove(m)} aria-label={`Remove ${m.name}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={add} aria-label="Add a member">
          <label className="sr-only" htmlFor="add-member">
            Person
          </label>
          <select id="add-member" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{users.loading ? 'Loading people…' : candidates.length ? 'Add a person…' : 'Everyone is a member already'}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="add-member-role">
            Role
          </label>
          <select id="add-member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
          <Button type="submit" busy={busy} disabled={!candidates.length}>
            Add member
          </Button>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}

function RepositoriesSection({ project }: { project: Project }) {
  const toast = useToast();
  const repos = useResource(
    (signal) => api.get<{ items: Repository[] }>(`/projects/${enc(project.id)}/repositories`, { signal }).then((r) => r.items),
    [project.id],
  );
  const [linking, setLinking] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);

  async function unlink(r: Repository) {
    try {
      await api.del(`/projects/${enc(project.id)}/repositories/${enc(r.id)}`);
      repos.setData((prev) => (prev ?? []).filter((x) => x.id !== r.id));
      toast(`${r.owner}/${r.name} unlinked`);
    } catch (err) {
      toast(`Couldn't unlink: ${errorMessage(err)}`, 'error');
    } finally {
      setConfirm(null);
    }
  }

  return (
    <section className="panel" id="git" aria-labelledby="git-h">
      <div className="panel-header">
        <h2 id="git-h">Repositories</h2>
        <Button size="sm" variant="primary" onClick={() => setLinking(true)}>
          Link existing repository
        </Button>
      </div>
      {repos.error && !repos.data && <Alert>{repos.error}</Alert>}
      {repos.loading && <Skeleton lines={2} />}
      {repos.data && repos.data.length === 0 && (
        <EmptyState
          title="No repositories linked"
          action={
            <Button variant="primary" onClick={() => setLinking(true)}>
              Link existing repository
            </Button>
          }
        >
          Link the repository where work on this project's tickets happens. Start work opens branches and pull requests there.
        </EmptyState>
      )}
      {repos.data && repos.data.length > 0 && (
        <ul className="repo-list" aria-label="Linked repositories">
          {repos.data.map((r) => (
            <li key={r.id} className="repo">
              <div className="repo-info">
                <a href={r.webUrl} target="_blank" rel="noopener noreferrer" className="repo-name">
                  {r.owner}/{r.name}
                </a>
                <span className="muted small">default branch {r.defaultBranch}</span>
              </div>
              {confirm === r.id ? (
                <span className="row-actions">
                  <Button size="sm" variant="danger" onClick={() => void unlink(r)} autoFocus>
                    Unlink
                  </Button>
                  <Button size="sm" onClick={() => setConfirm(null)}>
                    Keep
                  </Button>
                </span>
              ) : (
                <Button size="sm" variant="ghost" onClick={() => setConfirm(r.id)} aria-label={`Unlink ${r.owner}/${r.name}`}>
                  Unlink
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {linking && (
        <LinkRepositoryDialog
          project={project}
          linked={repos.data ?? []}
          onClose={() => setLinking(false)}
          onLinked={(r) => {
            setLinking(false);
            toast(`${r.owner}/${r.name} linked`, 'success');
            void repos.reload();
          }}
        />
      )}
    </section>
  );
}

function LinkRepositoryDialog({
  project,
  linked,
  onClose,
  onLinked,
}: {
  project: Project;
  linked: Repository[];
  onClose: () => void;
  onLinked: (r: { owner: string; name: string }) => void;
}) {
  const credentials = useResource(
    (signal) =>
      api
        .get<{ items: Credential[] }>('/me/credentials', { signal })
        // Only a credential for this project's provider and server can list its repositories.
        .then((r) => r.items.filter((c) => c.provider === project.provider && (!project.settings.baseUrl || c.baseUrl === project.settings.baseUrl))),
    [project.provider, project.settings.baseUrl],
  );
  const [credentialId, setCredentialId] = useState('');
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AvailableRepository[]>([]);
  const [page, setPage] = useState(1);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [linkingName, setLinkingName] = useState<string | null>(null);

  useEffect(() => {
    if (!credentialId && credentials.data?.length) setCredentialId(credentials.data[0].id);
  }, [credentials.data, credentialId]);

  // Debounce typing, then search page 1.
  useEffect(() => {
    const t = window.setTimeout(() => setQuery(search.trim()), 300);
    return () => window.clearTimeout(t);
  }, [search]);

  useEffect(() => {
    if (!credentialId) return;
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    api
      .get<{ items: AvailableRepository[]; hasMore: boolean }>(
        `/projects/${enc(project.id)}/repositories/available${qs({ credentialId, search: query, page: 1 })}`,
        { signal: ctl.signal },
      )
      .then((r) => {
        setResults(r.items);
        setHasMore(r.hasMore);
        setPage(1);
      })
      .catch((err: unknown) => {
        if (!ctl.signal.aborted) {
          setResults([]);
          setError(errorMessage(err));
        }
      })
      .finally(() => !ctl.signal.aborted && setLoading(false));
    return () => ctl.abort();
  }, [credentialId, query, project.id]);

  async function more() {
    setLoading(true);
    try {
      const r = await api.get<{ items: AvailableRepository[]; hasMore: boolean }>(
        `/projects/${enc(project.id)}/repositories/available${qs({ credentialId, search: query, page: page + 1 })}`,
      );
      setResults((prev) => [...prev, ...r.items]);
      setHasMore(r.hasMore);
      setPage(page + 1);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }

  async function link(r: AvailableRepository) {
    const full = `${r.owner}/${r.name}`;
    setLinkingName(full);
    setError(null);
    try {
      await api.post(`/projects/${enc(project.id)}/repositories`, { credentialId, owner: r.owner, name: r.name });
      onLinked(r);
    } catch (err) {
      setError(`Couldn't link ${full}: ${errorMessage(err)}`);
      setLinkingName(null);
    }
  }

  const isLinked = (r: AvailableRepository) =>
    linked.some((l) => l.owner.toLowerCase() === r.owner.toLowerCase() && l.name.toLowerCase() === r.name.toLowerCase());
  const chosen = credentials.data?.find((c) => c.id === credentialId);

  return (
    <Dialog title="Link existing repository" onClose={onClose} wide>
      {credentials.loading && <Spinner label="Loading your credentials…" />}
      {credentials.error && <Alert>{credentials.error}</Alert>}
      {credentials.data && credentials.data.length === 0 && (
        <EmptyState
          title={`You have no ${PROVIDER_LABEL[project.provider]} credential${project.settings.baseUrl ? ` for ${hostOf(project.settings.baseUrl)}` : ''}`}
          action={
            <Link href="/profile" className="btn btn-primary">
              Add a credential in your profile
            </Link>
          }
        >
          Baton lists repositories with your own token. Add one for the organization that owns the repository, then come back here.
        </EmptyState>
      )}
      {credentials.data && credentials.data.length > 0 && (
        <div className="form">
          <div className="field-row">
            <Field label="Credential" className="field-narrow">
              {(p) => (
                <select {...p} value={credentialId} onChange={(e) => setCredentialId(e.target.value)}>
                  {credentials.data!.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.owner} ({c.login})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Search repositories" hint={chosen ? `Repositories of ${chosen.owner} that your token can see.` : undefined}>
              {(p) => <input {...p} type="search" value={search} placeholder="Filter by name" autoFocus onChange={(e) => setSearch(e.target.value)} />}
            </Field>
          </div>
          {error && <Alert>{error}</Alert>}
          <div aria-live="polite" aria-busy={loading} className="repo-results">
            {loading && results.length === 0 ? (
              <Spinner label="Searching…" />
            ) : results.length === 0 && !error ? (
              <p className="muted">{query ? `No repositories match “${query}”.` : 'No repositories found for this credential.'}</p>
            ) : (
              <ul className="repo-list" aria-label="Available repositories">
                {results.map((r) => {
                  const full = `${r.owner}/${r.name}`;
                  const already = isLinked(r);
                  return (
                    <li key={full} className="repo">
                      <div className="repo-info">
                        <span className="repo-name">{full}</span>
                        <span className="muted small">
                          {r.private ? 'Private' : 'Public'} · default branch {r.defaultBranch}
                        </span>
                      </div>
                      {already ? (
                        <Badge tone="green">Linked</Badge>
                      ) : (
                        <Button size="sm" busy={linkingName === full} disabled={!!linkingName} onClick={() => void link(r)} aria-label={`Link ${full}`}>
                          Link
                        </Button>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            {hasMore && (
              <Button size="sm" onClick={() => void more()} busy={loading}>
                Load more
              </Button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}

function WebhookSection({ project }: { project: Project }) {
  const me = useMe();
  const editable = canManage(project, me.isAdmin);
  const info = useResource((signal) => api.get<WebhookInfo>(`/projects/${enc(project.id)}/webhook-secret`, { signal }), [project.id]);
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
      const r = await api.post<WebhookInfo>(`/projects/${enc(project.id)}/webhook-secret`);
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
          <p className="muted small">
            {PROVIDER_LABEL[project.provider]} tells Baton about pull request changes through a webhook, so tickets move on the board by themselves.
          </p>
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
                <>No secret yet. Generate one, then paste it into the webhook settings on {PROVIDER_LABEL[project.provider]}.</>
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

          <div className="setup-steps">
            <h3 className="subheading">Set it up on {PROVIDER_LABEL[project.provider]}</h3>
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

const OUTCOME_TONE: Record<string, 'green' | 'red' | 'amber' | 'neutral' | 'blue'> = {
  applied: 'green',
  ignored: 'neutral',
  duplicate: 'neutral',
  rejected: 'red',
  failed: 'red',
  pending: 'blue',
};

interface DeliveryPage {
  items: Delivery[];
  rejectedCount: number;
  lastRejectedAt?: string | null;
  nextCursor: string | null;
}

function DeliveriesSection({ project }: { project: Project }) {
  const me = useMe();
  const editable = canManage(project, me.isAdmin);
  const toast = useToast();
  const now = useNow();
  const [extra, setExtra] = useState<Delivery[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [replaying, setReplaying] = useState<string | null>(null);
  const first = useResource((signal) => api.get<DeliveryPage>(`/projects/${enc(project.id)}/deliveries`, { signal }), [project.id], 5000);
  useEffect(() => {
    if (first.data && extra.length === 0) setCursor(first.data.nextCursor);
  }, [first.data, extra.length]);

  async function more() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const r = await api.get<DeliveryPage>(`/projects/${enc(project.id)}/deliveries${qs({ cursor })}`);
      setExtra((prev) => [...prev, ...r.items]);
      setCursor(r.nextCursor);
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setLoadingMore(false);
    }
  }

  async function replay(d: Delivery) {
    setReplaying(d.id);
    try {
      await api.post(`/projects/${enc(project.id)}/deliveries/${enc(d.id)}/replay`);
      toast(`Delivery ${d.deliveryId} queued for replay`);
      window.setTimeout(() => void first.reload(), 1000);
    } catch (err) {
      toast(`Replay failed: ${errorMessage(err)}`, 'error');
    } finally {
      setReplaying(null);
    }
  }

  // Pages fetched later can repeat a delivery that moved while paging; keep its first sighting.
  const items = [...new Map([...(first.data?.items ?? []), ...extra].reverse().map((d) => [d.id, d])).values()].reverse();

  return (
    <section className="panel" id="deliveries" aria-labelledby="deliveries-h">
      <div className="panel-header">
        <h2 id="deliveries-h">Recent deliveries</h2>
        <Button size="sm" variant="ghost" onClick={() => void first.reload()}>
          Refresh
        </Button>
      </div>
      {first.error && !first.data && <Alert>{first.error}</Alert>}
      {first.loading && <Skeleton lines={3} />}
      {first.data && first.data.rejectedCount > 0 && (
        <Alert kind="warning" title={`${first.data.rejectedCount} rejected ${first.data.rejectedCount === 1 ? 'delivery' : 'deliveries'}`}>
          {first.data.lastRejectedAt && <>The last one arrived {relativeTime(first.data.lastRejectedAt, now)}. </>}
          Deliveries with a missing or wrong signature are rejected and not stored. If this keeps happening, check that the secret on the provider matches the
          one generated here.
        </Alert>
      )}
      {first.data && items.length === 0 && (
        <EmptyState title="No deliveries yet">
          When the webhook is set up, each event {PROVIDER_LABEL[project.provider]} sends shows up here with what Baton did with it.
        </EmptyState>
      )}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <time dateTime={d.receivedAt} title={absoluteTime(d.receivedAt)}>
                      {relativeTime(d.receivedAt, now)}
                    </time>
                  </td>
                  <td>
                    <code>
                      {d.event}
                      {d.action ? `.${d.action}` : ''}
                    </code>
                    <span className="muted small delivery-id" title="Delivery id">
                      {d.deliveryId}
                    </span>
                  </td>
                  <td>
                    <Badge tone={OUTCOME_TONE[d.outcome] ?? 'neutral'}>{OUTCOME_LABEL[d.outcome] ?? d.outcome}</Badge>
                    {!d.verified && <span className="muted small"> · unverified</span>}
                    {!!d.duplicates && <span className="muted small delivery-dupes"> · sent {d.duplicates + 1}×</span>}
                    {d.error && <span className="delivery-error">{d.error}</span>}
                  </td>
                  <td className="cell-actions">
                    {d.verified && editable && (
                      <Button size="sm" busy={replaying === d.id} onClick={() => void replay(d)} aria-label={`Replay delivery ${d.deliveryId}`}>
                        Replay
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <Button size="sm" onClick={() => void more()} busy={loadingMore}>
          Load older deliveries
        </Button>
      )}
    </section>
  );
}
