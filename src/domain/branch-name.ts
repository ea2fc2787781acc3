// Feature branch names for Start work. A branch name reaches the provider's ref APIs, so it is
// built only from validated parts and checked against `git check-ref-format` rules.

const MAX_SLUG = 50;
const MAX_REF = 200;

/** "Refund flow: Über-fast!" → "refund-flow-uber-fast"; ASCII only, at most 50 characters, cut at a word. */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= MAX_SLUG) return ascii;
  const cut = ascii.slice(0, MAX_SLUG + 1);
  const atWord = cut.lastIndexOf('-');
  return (atWord > 10 ? cut.slice(0, atWord) : cut.slice(0, MAX_SLUG)).replace(/-+$/, '');
}

/**
 * Why `name` is not a valid branch name (the rules of `git check-ref-format --branch`), or null.
 * https://git-scm.com/docs/git-check-ref-format
 */
export function refNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_REF) return `is longer than ${MAX_REF} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: git refuses control characters in ref names, so this rule looks for them
  if (/[\x00-\x20\x7f]/.test(name)) return 'contains a space or control character';
  if (/[~^:?*[\\]/.test(name)) return 'contains one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name === '@') return 'is "@"';
  if (name.includes('//')) return 'contains "//"';
  if (name.startsWith('/') || name.endsWith('/')) return 'starts or ends with "/"';
  if (name.startsWith('-')) return 'starts with "-"';
  if (name.endsWith('.')) return 'ends with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'has a component starting with "."';
    if (part.endsWith('.lock')) return 'has a component ending with ".lock"';
  }
  if (!/^[\x21-\x7e]+$/.test(name)) return 'contains non-ASCII characters';
  return null;
}

export class InvalidBranchName extends Error {
  constructor(name: string, problem: string) {
    super(`Branch name "${name}" ${problem}`);
    this.name = 'InvalidBranchName';
  }
}

/** `<prefix>/<KEY>-<slug of title>`, or `<prefix>/<KEY>` when the title has no ASCII letters or digits. */
export function branchName(prefix: string, ticketKey: string, title: string): string {
  const slug = slugify(title);
  const name = `${prefix.replace(/^\/+|\/+$/g, '')}/${ticketKey}${slug ? `-${slug}` : ''}`;
  const problem = refNameProblem(name);
  if (problem) throw new InvalidBranchName(name, problem);
  return name;
}
