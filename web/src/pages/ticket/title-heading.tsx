import { inputLimits } from '../../../generated/api-types.ts';
import { Button, CharacterCount } from '../../components/ui.tsx';
import type { Ticket } from '../../types.ts';
import { SaveIndicator, type SaveState } from './save-indicator.tsx';

const TITLE_MAX = inputLimits['PATCH /api/tickets/{ticketKey}'].title;

/**
 * The ticket's title as the page's h1, wrapping like any heading; Edit turns it into a text area
 * that wraps the same way and counts towards the limit. Enter saves, Escape gives up.
 */
export function TitleHeading({
  ticket,
  draft,
  setDraft,
  onSave,
  save,
}: {
  ticket: Ticket;
  draft: string | null;
  setDraft: (v: string | null) => void;
  onSave: () => void;
  save: SaveState | undefined;
}) {
  if (draft === null) {
    return (
      <div className="ticket-title">
        <span className="ticket-key">{ticket.key}</span>
        <div className="title-row">
          <h1 className="title-heading">{ticket.title}</h1>
          <Button size="sm" variant="ghost" aria-label="Edit title" onClick={() => setDraft(ticket.title)}>
            Edit
          </Button>
        </div>
        <SaveIndicator s={save} />
      </div>
    );
  }
  return (
    <div className="ticket-title">
      <span className="ticket-key">{ticket.key}</span>
      <label htmlFor="ticket-title" className="sr-only">
        Title
      </label>
      <textarea
        id="ticket-title"
        className="title-input"
        rows={1}
        aria-describedby="ticket-title-count"
        // biome-ignore lint/a11y/noAutofocus: the person just pressed Edit; the field they asked for takes the focus
        autoFocus
        value={draft}
        onChange={(e) => setDraft(e.target.value.replace(/\n/g, ' '))}
        onBlur={onSave}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            (e.target as HTMLTextAreaElement).blur();
          }
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      <CharacterCount id="ticket-title-count" value={draft} max={TITLE_MAX} />
      <SaveIndicator s={save} />
    </div>
  );
}
