import { useState } from 'react';
import { Markdown, MarkdownEditor } from '../../components/markdown-editor.tsx';
import { Avatar, Button } from '../../components/ui.tsx';
import { absoluteTime, relativeTime } from '../../format.ts';
import { useNow, useResource } from '../../hooks.ts';
import { addComment, fetchComments } from '../../services/comments.ts';
import { errorMessage } from '../../services/http.ts';

const POLL_MS = 5000;

/** The conversation on a ticket, oldest first, and a markdown box to add to it ("@name" tells that person). */
export function Comments({ ticketKey }: { ticketKey: string }) {
  const now = useNow();
  const comments = useResource((signal) => fetchComments(ticketKey, signal), [ticketKey], POLL_MS);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  async function send() {
    if (!draft.trim()) {
      setError('Write something first.');
      return;
    }
    setSending(true);
    try {
      const comment = await addComment(ticketKey, draft);
      comments.setData((prev) => [...(prev ?? []).filter((c) => c.id !== comment.id), comment]);
      setDraft('');
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="comments-h">
      <div className="panel-header">
        <h2 id="comments-h">Comments</h2>
      </div>
      {(comments.data ?? []).length > 0 && (
        <ol className="comments">
          {(comments.data ?? []).map((c) => (
            <li key={c.id} className="comment">
              <p className="muted small comment-meta">
                <Avatar name={c.author?.name ?? '?'} size={16} /> <strong>{c.author?.name ?? 'A former member'}</strong>{' '}
                <time dateTime={c.createdAt} title={absoluteTime(c.createdAt)}>
                  {relativeTime(c.createdAt, now)}
                </time>
              </p>
              <Markdown source={c.body} className="comment-body" />
            </li>
          ))}
        </ol>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <MarkdownEditor
          label="Comment"
          value={draft}
          onChange={setDraft}
          rows={3}
          placeholder="Markdown; @name tells a project member"
          error={error ?? undefined}
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={sending}>
            Comment
          </Button>
        </div>
      </form>
    </section>
  );
}
