// Reading a delivery the way every provider's webhook adapter needs to: headers in whatever case
// the sender used, and a body that may or may not be JSON. Before the acknowledgement an adapter
// reads only what the headers and the first bytes say; the job that applies a delivery parses it.
import type { WebhookHeaders } from './types.ts';

/** A header's value, or undefined; names are matched case-insensitively. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  // Node hands over lower-case names; other callers may not.
  if (headers[wanted] !== undefined) return headers[wanted];
  const found = Object.keys(headers).find((key) => key.toLowerCase() === wanted);
  return found === undefined ? undefined : headers[found];
}

/** The value at `path` inside a parsed body as text (a number as its digits); null when absent or empty. */
export function textAt(body: unknown, ...path: string[]): string | null {
  let node = body;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'number' && Number.isFinite(node)) return String(node);
  return typeof node === 'string' && node.length > 0 ? node : null;
}

/** The raw body parsed as JSON, or undefined when it is not JSON. */
export function jsonBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Whether the body is shaped like a JSON object — `{` first and `}` last, bar whitespace — without
 * parsing it: a form-encoded or plain-text body is refused at once; a signed body that only looks
 * like JSON fails when its job parses it, with the parser's message in the delivery log.
 */
export function looksLikeJsonObject(rawBody: Buffer): boolean {
  let start = 0;
  let end = rawBody.length - 1;
  while (start <= end && isSpace(rawBody[start])) start++;
  while (end >= start && isSpace(rawBody[end])) end--;
  return end > start && rawBody[start] === 0x7b && rawBody[end] === 0x7d;
}

// `{"action":"opened",…` — a plain word, so no escapes to undo.
const LEADING_ACTION = /^\s*\{\s*"action"\s*:\s*"([\w.:-]{1,100})"/;

/**
 * The top-level `action` when it is the body's first member, read from the first bytes; undefined
 * when the body does not start that way (no action, or one further in: parse to know).
 */
export function leadingAction(rawBody: Buffer): string | undefined {
  return LEADING_ACTION.exec(rawBody.toString('latin1', 0, 160))?.[1];
}

/** The top-level `action` string of a JSON body, or null; parses only when it is not the first member. */
export function actionOf(rawBody: Buffer): string | null {
  const leading = leadingAction(rawBody);
  if (leading !== undefined) return leading;
  const action = (jsonBody(rawBody) as { action?: unknown } | undefined)?.action;
  return typeof action === 'string' ? action : null;
}
