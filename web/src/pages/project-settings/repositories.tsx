import { useState } from 'react';
import { Alert, Button, EmptyState, Skeleton, useToast } from '../../components/ui.tsx';
import { useResource } from '../../hooks.ts';
import { errorMessage } from '../../services/http.ts';
import { fetchRepositories, unlinkRepository } from '../../services/repositories.ts';
import type { Project, Repository } from '../../types.ts';
import { GitHubAppPanel } from './github-app.tsx';
import { LinkRepositoryDialog } from './link-repository-dialog.tsx';

export function RepositoriesSection({ project }: { project: Project }) {
  const toast = useToast();
  const repos = useResource((signal) => fetchRepositories(project.id, signal), [project.id]);
  const [linking, setLinking] = useState(false);
  const [confirm, setConfirm] = useState<string | null>(null);

  async function unlink(r: Repository) {
    try {
      await unlinkRepository(project.id, r.id);
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
      <GitHubAppPanel project={project} linked={repos.data ?? []} onLinked={() => void repos.reload()} />
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
