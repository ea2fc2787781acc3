import { useState } from 'react';
import { Alert, Button, useToast } from '../../components/ui.tsx';
import { useResource } from '../../hooks.ts';
import { connectGitHubAccount, fetchGitHubAppInstallations, installGitHubApp, linkThroughGitHubApp } from '../../services/github-app.ts';
import { errorMessage } from '../../services/http.ts';
import type { Project, Repository } from '../../types.ts';

const linkedName = (r: { owner: string; name: string }) => `${r.owner}/${r.name}`.toLowerCase();

/**
 * Settings → Git: install the GitHub App and link repositories it reaches that the signed-in person's
 * GitHub account can access (so they connect it first). Shown only where the App fits the project.
 */
export function GitHubAppPanel({ project, linked, onLinked }: { project: Project; linked: Repository[]; onLinked: () => void }) {
  const toast = useToast();
  const [refresh, setRefresh] = useState(new URLSearchParams(window.location.search).get('github-app') === 'installed');
  const installations = useResource((signal) => fetchGitHubAppInstallations(project.id, refresh, signal), [project.id, refresh]);
  const [busy, setBusy] = useState<string | null>(null);
  const data = installations.data;
  if (!data?.configured) return installations.error ? <Alert>{installations.error}</Alert> : null;
  const isLinked = new Set(linked.map(linkedName));

  async function install() {
    setBusy('install');
    try {
      await installGitHubApp(project.id);
    } catch (err) {
      toast(`Couldn't start: ${errorMessage(err)}`, 'error');
      setBusy(null);
    }
  }

  async function connect() {
    setBusy('connect');
    try {
      await connectGitHubAccount(project.id);
    } catch (err) {
      toast(`Couldn't start: ${errorMessage(err)}`, 'error');
      setBusy(null);
    }
  }

  async function link(repo: { owner: string; name: string }) {
    setBusy(linkedName(repo));
    try {
      await linkThroughGitHubApp(project.id, repo);
      toast(`${repo.owner}/${repo.name} linked`, 'success');
      onLinked();
    } catch (err) {
      toast(`Couldn't link: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="github-app" aria-label="GitHub App">
      <div className="panel-header">
        <h3>GitHub App</h3>
        <span className="row-actions">
          <Button size="sm" onClick={() => setRefresh(true)} disabled={installations.loading}>
            Refresh
          </Button>
          <Button size="sm" variant="primary" busy={busy === 'install'} onClick={() => void install()}>
            Install the GitHub App
          </Button>
        </span>
      </div>
      {!data.connected && (
        <Alert kind="info" title="Your GitHub account is not connected">
          <p>{data.message}</p>
          <Button size="sm" variant="primary" busy={busy === 'connect'} onClick={() => void connect()}>
            Connect GitHub account
          </Button>
        </Alert>
      )}
      {data.connected && data.items.length === 0 && (
        <p className="muted small">
          Your GitHub account can access no installation of the App yet. Install it on your organisation, then link its repositories here.
        </p>
      )}
      {data.items.map((i) => (
        <div key={i.id}>
          <p className="small">
            Installed on <strong>{i.account}</strong>
            {i.status === 'suspended' && ' — suspended: its repositories are not synced until an owner unsuspends it on GitHub'}
            {i.status === 'uninstalled' && ' — uninstalled: its repositories are no longer synced through the App'}
          </p>
          <ul className="repo-list" aria-label={`Repositories of ${i.account}`}>
            {i.repositories.map((r) => (
              <li key={linkedName(r)} className="repo">
                <span className="repo-name">
                  {r.owner}/{r.name}
                </span>
                {isLinked.has(linkedName(r)) ? (
                  <span className="muted small">linked</span>
                ) : (
                  <Button size="sm" busy={busy === linkedName(r)} onClick={() => void link(r)}>
                    Link
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
