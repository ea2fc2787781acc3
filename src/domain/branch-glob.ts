// Branch patterns of automation rules ("into branch release/*"). The syntax is the one people
// know from GitHub's branch protection and CI filters: `*` any characters but `/`, `**` any
// characters, `?` one character but `/`, `[abc]`/`[a-z]`/`[!x]` one of a set, `{a,b}` either.
// Anything else stands for itself, so a plain branch name is a pattern that matches only it.

const MAX_PATTERN = 200;

export type CompiledGlob = { ok: true; test: (branch: string) => boolean } | { ok: false; problem: string };

/** The pattern as a matcher, or why it is not a pattern (in words that say what to change). */
export function compileBranchGlob(pattern: string): CompiledGlob {
  if (pattern.trim() === '') return { ok: false, problem: 'is empty: give a branch name or a pattern such as release/*' };
  if (pattern.length > MAX_PATTERN) return { ok: false, problem: `is longer than ${MAX_PATTERN} characters` };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: no branch name holds a space or control character, so a pattern with one can never match
  if (/[\x00-\x20\x7f]/.test(pattern)) return { ok: false, problem: 'contains a space or control character, which no branch name has' };
  if (/[~^:\\]/.test(pattern)) return { ok: false, problem: 'contains one of ~ ^ : \\, which no branch name has' };
  if (pattern.includes('***')) return { ok: false, problem: 'has "***": use * for one path part or ** for any number' };

  let source = '';
  let inAlternation = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) return { ok: false, problem: `has a "[" at character ${i + 1} without its closing "]"` };
      let set = pattern.slice(i + 1, end);
      const negated = set.startsWith('!');
      if (negated) set = set.slice(1);
      if (set === '') return { ok: false, problem: `has an empty set "[]" at character ${i + 1}` };
      if (/[a-zA-Z0-9]-[a-zA-Z0-9]/.test(set)) {
        for (const [, from, to] of set.matchAll(/([a-zA-Z0-9])-([a-zA-Z0-9])/g)) {
          if (from > to) return { ok: false, problem: `has the range "${from}-${to}", which is backwards: write "${to}-${from}"` };
        }
      }
      source += `[${negated ? '^' : ''}${set.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === ']') return { ok: false, problem: `has a "]" at character ${i + 1} without an opening "["` };
    else if (c === '{') {
      if (inAlternation) return { ok: false, problem: `has a "{" inside another "{…}" at character ${i + 1}: alternatives cannot nest` };
      if (!pattern.includes('}', i)) return { ok: false, problem: `has a "{" at character ${i + 1} without its closing "}"` };
      inAlternation = true;
      source += '(?:';
    } else if (c === '}') {
      if (!inAlternation) return { ok: false, problem: `has a "}" at character ${i + 1} without an opening "{"` };
      inAlternation = false;
      source += ')';
    } else if (c === ',' && inAlternation) source += '|';
    else source += c.replace(/[.+()|$^]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`);
  return { ok: true, test: (branch) => regex.test(branch) };
}
