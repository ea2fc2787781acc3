// Log lines for a person at a terminal: time, level, message, then the fields. Anything named
// `url` or `…Url` is for opening, so it gets a line of its own; an error's stack follows its
// line. A small synchronous formatter rather than pino's pretty transport, which would start a
// worker thread (and its memory) for every process.

const LEVELS: Record<number, { label: string; color: number }> = {
  10: { label: 'TRACE', color: 90 },
  20: { label: 'DEBUG', color: 36 },
  30: { label: 'INFO', color: 32 },
  40: { label: 'WARN', color: 33 },
  50: { label: 'ERROR', color: 31 },
  60: { label: 'FATAL', color: 35 },
};
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'v']);
const INDENT = ' '.repeat('00:00:00 ERROR '.length);

export interface PrettyOptions {
  color: boolean;
}

/** One pino record (as parsed from its JSON line) as text ending in a newline. */
export function formatRecord(record: Record<string, unknown>, { color }: PrettyOptions): string {
  const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const level = LEVELS[Number(record.level)] ?? { label: String(record.level), color: 0 };
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now()).toTimeString().slice(0, 8);
  const inline: string[] = [];
  const below: string[] = [];
  const request = requestSummary(record);
  if (request) inline.push(request);
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || value === undefined || (request && REQUEST_FIELDS.has(key))) continue;
    if ((key === 'url' || key.endsWith('Url')) && typeof value === 'string') below.push(paint(1, value));
    else if (key === 'err' && value && typeof value === 'object') below.push(...errorLines(value as Record<string, unknown>));
    else inline.push(`${paint(90, `${key}=`)}${show(value)}`);
  }
  const head = `${paint(90, time)} ${paint(level.color, level.label.padEnd(5))} ${String(record.msg ?? '')}`;
  const lines = [[head, ...inline].join('  '), ...below.map((line) => INDENT + line)];
  return `${lines.join('\n')}\n`;
}

const REQUEST_FIELDS = new Set(['req', 'res', 'responseTime']);

/** "GET /api/projects 200 12 ms" for a request line, instead of its req and res objects. */
function requestSummary(record: Record<string, unknown>): string | null {
  const req = record.req as { method?: unknown; url?: unknown } | undefined;
  const res = record.res as { statusCode?: unknown } | undefined;
  if (!req || typeof req !== 'object' || !res || typeof res !== 'object') return null;
  const time = typeof record.responseTime === 'number' ? ` ${Math.round(record.responseTime)} ms` : '';
  return `${String(req.method)} ${String(req.url)} ${String(res.statusCode)}${time}`;
}

function errorLines(err: Record<string, unknown>): string[] {
  const text = typeof err.stack === 'string' ? err.stack : `${String(err.type ?? 'Error')}: ${String(err.message ?? '')}`;
  return text.split('\n').map((l) => l.trimEnd());
}

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** A pino destination that writes each record formatted for people. */
export function prettyDestination(out: NodeJS.WritableStream, options: PrettyOptions): { write(line: string): void } {
  return {
    write(line: string) {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      out.write(formatRecord(record, options));
    },
  };
}
