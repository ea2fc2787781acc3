import { useState } from 'react';
import { Alert, Button, Skeleton, useToast } from '../../components/ui.tsx';
import { useResource } from '../../hooks.ts';
import { connectGitHubAccount, fetchGitHubAppConnection } from '../../services/github-app.ts';
import { errorMessage } from '../../services/http.ts';

/** Profile → GitHub App: connect your GitHub account so Start work acts as you through the App. */
export function GitHubAppSection() {
  const toast = useToast();
  const connection = useResource((signal) => fetchGitHubAppConnection(signal), []);
  const [busy, setBusy] = useState(false);
  const c = connection.data;
  if (c && !c.configured) return null;

  async function connect() {
    setBusy(true);
    try {
      await connectGitHubAccount();
    } catch (err) {
      toast(`Couldn't start: ${errorMessage(err)}`, 'error');
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="github-app-h">
      <div className="panel-header">
        <h2 id="github-app-h">GitHub App</h2>
        <Button size="sm" variant={c?.connected ? 'secondary' : 'primary'} busy={busy} onClick={() => void connect()}>
          {c?.connected ? 'Connect again' : 'Connect GitHub account'}
        </Button>
      </div>
      {connection.loading && <Skeleton lines={1} />}
      {connection.error && !c && <Alert>{connection.error}</Alert>}
      {c?.connected && <p>Connected as {c.login}. Start work acts as you through the App where it is installed.</p>}
      {c && !c.connected && c.revokedReason && (
        <Alert kind="warning" title="Your GitHub account is no longer connected">
          {c.revokedReason}
        </Alert>
      )}
      {c && !c.connected && !c.revokedReason && (
        <p className="muted small">
          Authorise the organisation's GitHub App once, and Start work opens branches and pull requests as you, without a personal token.
        </p>
      )}
    </section>
  );
}
