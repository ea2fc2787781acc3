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

let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): the time in milliseconds, then a counter that goes up within the same
 * millisecond in this process, then random bits. Rows written one after another by one process
 * sort in the order they were written, even within one millisecond.
 */
export function orderedId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    counter = crypto.getRandomValues(new Uint16Array(1))[0] & 0x3ff; // leave room to count up
  } else {
    counter++;
    if (counter > 0xfff) {
      lastMs++; // the counter ran out: borrow the next millisecond, as RFC 9562 allows
      counter = 0;
    }
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let ms = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
