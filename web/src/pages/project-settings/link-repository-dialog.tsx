import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Dialog, EmptyState, Field, Spinner } from '../../components/ui.tsx';
import { useProviderLabel } from '../../git-providers.tsx';
import { useResource } from '../../hooks.ts';
import { Link } from '../../router.tsx';
import { fetchCredentials } from '../../services/credentials.ts';
import { errorMessage } from '../../services/http.ts';
import { fetchAvailableRepositories, linkRepository } from '../../services/repositories.ts';
import type { AvailableRepository, Project, Repository } from '../../types.ts';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function LinkRepositoryDialog({
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
  const providerName = useProviderLabel()(project.provider);
  const credentials = useResource(
    (signal) =>
      fetchCredentials(signal)
        // Only a credential for this project's provider and server can list its repositories.
        .then((items) => items.filter((c) => c.provider === project.provider && (!project.settings.baseUrl || c.baseUrl === project.settings.baseUrl))),
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
    fetchAvailableRepositories(project.id, { credentialId, search: query, page: 1 }, ctl.signal)
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
      const r = await fetchAvailableRepositories(project.id, { credentialId, search: query, page: page + 1 });
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
      await linkRepository(project.id, { credentialId, owner: r.owner, name: r.name });
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
          title={`You have no ${providerName} credential${project.settings.baseUrl ? ` for ${hostOf(project.settings.baseUrl)}` : ''}`}
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
