import { useState } from 'react';
import { Alert, Button, Dialog, useToast } from '../../components/ui.tsx';
import { navigate } from '../../router.tsx';
import { errorMessage } from '../../services/http.ts';
import { deleteTicket } from '../../services/tickets.ts';
import type { Ticket } from '../../types.ts';

/**
 * Archive (off the board, restorable) and delete (asks first; gone from Baton, untouched on the
 * git provider). `onArchive` saves through the page so the ticket shown stays the server's.
 */
export function TicketActions({ ticket, projectKey, onArchive }: { ticket: Ticket; projectKey: string; onArchive: (archived: boolean) => Promise<boolean> }) {
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const archived = ticket.archivedAt !== null;

  async function archive(next: boolean) {
    if (await onArchive(next)) toast(next ? `${ticket.key} archived — it is off the board` : `${ticket.key} is back on the board`);
  }

  async function remove() {
    setDeleting(true);
    try {
      await deleteTicket(ticket.key);
      toast(`${ticket.key} deleted`);
      navigate(`/projects/${encodeURIComponent(projectKey)}`);
    } catch (err) {
      setError(errorMessage(err));
      setDeleting(false);
    }
  }

  return (
    <div className="ticket-actions">
      {archived ? <Button onClick={() => void archive(false)}>Restore</Button> : <Button onClick={() => void archive(true)}>Archive</Button>}
      <Button variant="danger" onClick={() => setConfirming(true)}>
        Delete…
      </Button>
      {confirming && (
        <Dialog
          title={`Delete ${ticket.key}?`}
          onClose={() => setConfirming(false)}
          footer={
            <>
              <Button onClick={() => setConfirming(false)}>Cancel</Button>
              <Button variant="danger" busy={deleting} onClick={() => void remove()}>
                Delete ticket
              </Button>
            </>
          }
        >
          <p>“{ticket.title}” and its spec, acceptance criteria and history are removed from Baton. This cannot be undone — archive it instead to keep it.</p>
          <p className="muted">Its branch and pull request on the git provider stay as they are.</p>
          {error && <Alert>{error}</Alert>}
        </Dialog>
      )}
    </div>
  );
}
