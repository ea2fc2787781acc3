import { z } from 'zod';

// How input that does not fit its schema is explained to the person who typed it: one sentence
// per problem, naming the field as the form labels it and saying what would fit ("Title must be
// at most 200 characters."). Labels are the schemas' `.meta({ title })`, or labels the caller
// passes for fields whose name depends on the input (a provider's "Workspace" or "API root").
// zod's own wording ("Too small: expected string to have >=1 characters") and field keys never
// reach a person; a schema's own message (`z.string().regex(re, 'must be …')`) is kept, as the
// words after the label.

/** What a value must be, as the words that follow its label; zod uses it for issues that carry no message of their own. */
export const describeProblem: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'is required';
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'is required' : `must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `needs at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'item' : 'items'}`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `can have at most ${issue.maximum} items`;
      return `must be at most ${issue.maximum}`;
    case 'invalid_format':
      return FORMAT_WORDS[issue.format] ?? 'has characters that are not allowed here';
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return 'is not a field Baton accepts here; leave it out';
    default:
      return 'is not valid';
  }
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object with fields',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'must be an email address, such as ana@example.com',
  url: 'must be a web address starting with https://',
  uuid: 'must be an id as Baton returns it (a UUID)',
  datetime: 'must be a date and time such as 2026-01-31T09:00:00Z',
};

export interface Explained {
  /** Every problem as a sentence, for a message shown above a form. */
  message: string;
  /** One sentence per field, keyed by the field's path ("settings.baseUrl"), for showing under the input. */
  fields: Record<string, string>;
}

export interface ExplainOptions {
  /** The schema the input was checked against, for the labels in its `.meta({ title })`. */
  schema?: z.ZodType;
  /** Labels by path that win over the schema's (they may depend on the input). */
  labels?: Record<string, string>;
  /** Put before every path in `fields` (e.g. "settings."), when the schema describes part of a request. */
  prefix?: string;
  /** What to call an issue about the input as a whole (e.g. "The request body"). */
  whole?: string;
  /** What to say after an unknown field's name, instead of the general words. */
  unknownField?: string;
}

/** Issues from a parse (with `describeProblem` as its error map) as sentences for people. */
export function explainIssues(issues: readonly z.core.$ZodIssue[], options: ExplainOptions = {}): Explained {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const path of paths) {
      const key = `${options.prefix ?? ''}${path.map(String).join('.')}`;
      const label = options.labels?.[path.map(String).join('.')] ?? labelAt(options.schema, path) ?? fallbackLabel(path, options.whole);
      const problem = issue.code === 'unrecognized_keys' && options.unknownField ? options.unknownField : issue.message;
      fields[key || 'body'] ??= sentence(`${label} ${problem}`);
    }
  }
  return { message: Object.values(fields).join(' '), fields };
}

function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function fallbackLabel(path: readonly PropertyKey[], whole = 'The request'): string {
  return path.length ? `"${path.map(String).join('.')}"` : whole;
}

/**
 * The label of the field at `path`: the title of the innermost schema along the path that has
 * one, followed by the item's number once the path went into a list ("Acceptance criterion 3").
 */
export function labelAt(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string | null {
  let node: z.core.$ZodType | undefined = schema;
  let label: string | null = null;
  let item: number | null = null;
  for (let i = 0; node; i++) {
    for (const layer of layers(node)) {
      const title = z.globalRegistry.get(layer)?.title;
      if (title) {
        label = item === null ? title : `${title} ${item + 1}`;
        break;
      }
    }
    if (i === path.length) break;
    const segment = path[i];
    node = child(node, segment);
    if (typeof segment === 'number') item = segment;
  }
  return node ? label : null;
}

/** A schema and the schemas it wraps (optional, nullable, default, a transform's input, …), outermost first. */
function layers(schema: z.core.$ZodType): z.core.$ZodType[] {
  const out = [schema];
  for (let s = unwrapOnce(schema); s; s = unwrapOnce(s)) out.push(s);
  return out;
}

function unwrapOnce(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
  if (def.type === 'pipe') return def.in;
  return def.innerType;
}

function child(schema: z.core.$ZodType, segment: PropertyKey): z.core.$ZodType | undefined {
  for (const layer of layers(schema)) {
    const def = layer._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    if (def.type === 'object' && def.shape) return def.shape[String(segment)];
    if (def.type === 'array') return def.element;
    if (def.type === 'record') return def.valueType;
  }
  return undefined;
}
