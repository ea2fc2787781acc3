// What a search box's text asks for. A ticket key ("PAY-12", any case) asks for that ticket
// alone; anything else is a list of words, each matching the start of a word in the ticket's
// key, title or spec, all of them required ("refund part" finds "Partial refunds"). Punctuation
// separates words and is otherwise ignored, so no input can be read as query syntax.

import { parseTicketKey } from './keys.ts';

export type SearchTerms = { kind: 'key'; key: string } | { kind: 'words'; words: string[] } | { kind: 'nothing' };

/** Words beyond this many add nothing a person would notice and only cost time. */
const MAX_WORDS = 8;

export function searchTerms(text: string): SearchTerms {
  const trimmed = text.trim();
  const key = trimmed.toUpperCase();
  if (parseTicketKey(key)) return { kind: 'key', key };
  const words = [...new Set((trimmed.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 64)))].slice(0, MAX_WORDS);
  return words.length ? { kind: 'words', words } : { kind: 'nothing' };
}
