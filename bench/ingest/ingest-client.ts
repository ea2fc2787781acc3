// A keep-alive node:http client for the paced run, which sends on a schedule (an open loop) and
// reads the ticket list in between.
import http from 'node:http';
import type { Delivery } from './deliveries.ts';

export function createClient(baseUrl: string, maxSockets: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets });

  function request(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path, method, agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    send: (d: Delivery) => request('POST', d.path, { ...d.headers, 'content-length': String(d.body.length) }, d.body),
    get: (path: string, headers: Record<string, string>) => request('GET', path, headers),
    close: () => agent.destroy(),
  };
}
