// Who a comment mentions. "@name" names a person who can see the ticket by any of their handles:
// the first word of their name, their whole name written without spaces, or the part of their
// email address before the "@" — all compared without case ("@ben", "@BenBuilder",
// "@ben.b"). A handle that fits several people mentions none of them rather than the wrong one.
// Text in code (`inline` or fenced) mentions nobody, and an "@" inside a word (an email
// address) is not a mention.

export interface Mentionable {
  id: string;
  name: string;
  email: string;
}

const MENTION = /(?<![\p{L}\p{N}_.@-])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

/** The text without code, where "@" means nothing. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|(?![\s\S]))/gm, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** The handles written after "@" in the text, lower-cased, without trailing punctuation. */
export function mentionedHandles(markdown: string): string[] {
  const handles = [...withoutCode(markdown).matchAll(MENTION)].map((m) => m[1].replace(/[._-]+$/, '').toLowerCase());
  return [...new Set(handles.filter(Boolean))];
}

function handlesOf(person: Mentionable): string[] {
  const name = person.name.trim().toLowerCase();
  return [...new Set([name.split(/\s+/)[0], name.replace(/\s+/g, ''), person.email.split('@')[0].toLowerCase()])].filter(Boolean);
}

/** The people the text mentions among `people`, each once. */
export function resolveMentions(markdown: string, people: Mentionable[]): string[] {
  const byHandle = new Map<string, Set<string>>();
  for (const person of people) for (const h of handlesOf(person)) byHandle.set(h, (byHandle.get(h) ?? new Set()).add(person.id));
  const ids = new Set<string>();
  for (const handle of mentionedHandles(markdown)) {
    const matches = byHandle.get(handle);
    if (matches?.size === 1) ids.add([...matches][0]);
  }
  return [...ids];
}
