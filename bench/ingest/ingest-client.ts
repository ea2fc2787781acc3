// The load client shared by both targets of the webhook benchmark: keep-alive node:http, a fixed
// number of deliveries in flight, per-request acknowledgement latency.
import { createHmac } from 'node:crypto';
import http from 'node:http';

export interface Delivery {
  path: string;
  body: Buffer;
  headers: Record<string, string>;
}

export interface RunResult {
  count: number;
  ok: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
}

export const sign = (body: Buffer, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export function createClient(baseUrl: string, concurrency: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

  function send(d: Delivery): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: d.path, method: 'POST', agent, headers: { ...d.headers, 'content-length': String(d.body.length) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(d.body);
    });
  }

  function get(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path, method: 'GET', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Sends `make(i)` for i in [0, count) with `concurrency` in flight; closed loop. */
  async function run(count: number, make: (i: number) => Delivery): Promise<RunResult> {
    const latenciesMs: number[] = [];
    let next = 0;
    let ok = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          const i = next++;
          if (i >= count) return;
          const d = make(i);
          const t = performance.now();
          const res = await send(d);
          latenciesMs.push(performance.now() - t);
          if (res.status >= 200 && res.status < 300) ok++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latenciesMs.sort((a, b) => a - b);
    return { count, ok, seconds, perSecond: count / seconds, latenciesMs };
  }

  return { send, get, run, close: () => agent.destroy() };
}
