// The load client for every target: autocannon with a fixed number of connections, each sending
// the next prepared delivery as soon as its previous one was answered (a closed loop).
import autocannon from 'autocannon';
import type { Delivery } from './deliveries.ts';

export interface Burst {
  count: number;
  /** Answered 2xx; the rate counts only these. */
  ok: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Cores the client itself kept busy (its CPU time / wall time): well under 1 says it was not the limit. */
  clientCores: number;
}

export async function burst(url: string, deliveries: Delivery[], connections: number): Promise<Burst> {
  let next = 0;
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    amount: deliveries.length,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          const d = deliveries[next++ % deliveries.length];
          return { ...request, method: 'POST', path: d.path, headers: d.headers, body: d.body };
        },
      },
    ],
  });
  const used = process.cpuUsage(cpu);
  const ok = result['2xx'];
  return {
    count: deliveries.length,
    ok,
    seconds: result.duration,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    clientCores: (used.user + used.system) / 1e6 / result.duration,
  };
}
