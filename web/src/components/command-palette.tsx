// Ctrl/Cmd+K anywhere: a search box that jumps to a project (by key or name) or a ticket (by
// key, title or spec, across every project you can see); and `?`, the list of shortcuts.
import { useEffect, useId, useState } from 'react';
import { navigate } from '../router.tsx';
import { searchAllTickets } from '../services/board.ts';
import { fetchProjects } from '../services/projects.ts';
import { SHORTCUTS, useShortcuts } from '../shortcuts.ts';
import type { Project, TicketSummary } from '../types.ts';
import { Dialog } from './ui.tsx';
import './command-palette.css';

const SEARCH_DELAY_MS = 150;

interface Choice {
  id: string;
  label: string;
  hint: string;
  href: string;
}

export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setHelp(false);
        setOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useShortcuts({ '?': () => setHelp(true) });

  return (
    <>
      {open && <Palette onClose={() => setOpen(false)} />}
      {help && (
        <Dialog title="Keyboard shortcuts" onClose={() => setHelp(false)}>
          <dl className="shortcut-list">
            {SHORTCUTS.map(([keys, what]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </Dialog>
      )}
    </>
  );
}

function Palette({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [projects, setProjects] = useState<Project[]>([]);
  const [tickets, setTickets] = useState<TicketSummary[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();

  useEffect(() => {
    const ctl = new AbortController();
    fetchProjects(ctl.signal).then(setProjects, () => {});
    return () => ctl.abort();
  }, []);
  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setTickets([]);
      return;
    }
    const ctl = new AbortController();
    const t = window.setTimeout(() => searchAllTickets(q, ctl.signal).then(setTickets, () => {}), SEARCH_DELAY_MS);
    return () => {
      window.clearTimeout(t);
      ctl.abort();
    };
  }, [text]);

  const needle = text.trim().toLowerCase();
  const choices: Choice[] = [
    ...projects
      .filter((p) => !needle || p.key.toLowerCase().includes(needle) || p.name.toLowerCase().includes(needle))
      .slice(0, 5)
      .map((p) => ({ id: `p-${p.id}`, label: p.name, hint: `${p.key} board`, href: `/projects/${encodeURIComponent(p.key)}` })),
    ...tickets.map((t) => ({ id: `t-${t.id}`, label: t.title, hint: t.key, href: `/tickets/${encodeURIComponent(t.key)}` })),
  ];
  const current = Math.min(active, Math.max(0, choices.length - 1));
  const go = (c: Choice | undefined) => {
    if (!c) return;
    onClose();
    navigate(c.href);
  };

  return (
    <Dialog title="Go to" onClose={onClose}>
      <input
        autoFocus
        className="palette-input"
        type="text"
        role="combobox"
        aria-label="Project or ticket"
        aria-expanded={choices.length > 0}
        aria-controls={listId}
        aria-activedescendant={choices[current]?.id}
        placeholder="Project, ticket key, or words of a ticket"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((current + (e.key === 'ArrowDown' ? 1 : choices.length - 1)) % Math.max(1, choices.length));
          }
          if (e.key === 'Enter') {
            e.preventDefault();
            go(choices[current]);
          }
        }}
      />
      <div className="palette-list" id={listId} role="listbox" aria-label="Matches">
        {choices.map((c, i) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox above handles the keys
          <div key={c.id} id={c.id} role="option" tabIndex={-1} aria-selected={i === current} className="palette-choice" onClick={() => go(c)}>
            <span className="palette-label">{c.label}</span>
            <span className="palette-hint">{c.hint}</span>
          </div>
        ))}
        {needle && choices.length === 0 && <p className="palette-none">No project or ticket matches</p>}
      </div>
    </Dialog>
  );
}
