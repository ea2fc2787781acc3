/** Now as stored: ISO 8601 UTC, which sorts correctly as text on every engine. */
export function nowIso(): string {
  return new Date().toISOString();
}

export function isoIn(ms: number, from: Date = new Date()): string {
  return new Date(from.getTime() + ms).toISOString();
}

export function newId(): string {
  return crypto.randomUUID();
}
