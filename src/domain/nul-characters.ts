// The NUL character (U+0000) in text. JSON can carry it as `\u0000`, but PostgreSQL text cannot
// hold it ("invalid byte sequence for encoding UTF8: 0x00"): text that reaches the database
// without it is stored alike on SQLite and PostgreSQL instead of failing on one of them.

/** Text from elsewhere (a provider's payload), which Baton cannot refuse: NUL is dropped. */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '') : text;
}

/**
 * The paths (`['name']`, `['acceptanceCriteria', 0]`) of the strings in `value` that hold NUL, for
 * refusing input a person typed or a client sent: no form can mean it.
 */
export function pathsWithNul(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => pathsWithNul(item, [...path, i]));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.entries(value).flatMap(([key, item]) => pathsWithNul(item, [...path, key]));
  }
  return [];
}
