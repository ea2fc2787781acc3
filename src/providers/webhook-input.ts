// Reading a delivery the way every provider's webhook adapter needs to: headers in whatever case
// the sender used, and a body that may or may not be JSON.
import type { WebhookHeaders } from './types.ts';

/** A header's value, or undefined; names are matched case-insensitively. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const found = Object.keys(headers).find((key) => key.toLowerCase() === wanted);
  return found === undefined ? undefined : headers[found];
}

/** The raw body parsed as JSON, or undefined when it is not JSON. */
export function jsonBody(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    return undefined;
  }
}
