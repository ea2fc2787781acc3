// Single-key shortcuts (Linear and GitHub style): they act only when nobody is typing and no
// dialog is open, and never with Ctrl, Cmd or Alt, which belong to the browser.
import { useEffect, useRef } from 'react';

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Calls the handler named by the key pressed, in lower case (`e.key`: "c", "/", "?", "escape"). */
export function useShortcuts(handlers: Record<string, (e: KeyboardEvent) => void>): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const handler = ref.current[e.key.toLowerCase()];
      if (!handler) return;
      e.preventDefault();
      handler(e);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** What the `?` dialog lists, in the order it lists them. */
export const SHORTCUTS: Array<[keys: string, what: string]> = [
  ['Ctrl K / ⌘ K', 'Command palette: jump to a project or ticket'],
  ['c', 'New ticket (on a board)'],
  ['/', 'Search the board'],
  ['j / k', 'Next / previous card'],
  ['Enter', 'Open the focused card'],
  ['Shift ← / Shift →', 'Move the focused card to the previous / next column'],
  ['Esc', 'Close a dialog; from a ticket, back to its board'],
  ['?', 'This list'],
];
