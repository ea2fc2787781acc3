import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { createProject, newSecret } from './support.ts';

const MiB = 1024 * 1024;

interface Answer {
  status: number;
  headers: Record<string, string>;
  /** Body bytes this client had written when the answer's headers arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends a request head declaring `declared` bytes (or chunked), then body bytes in 64 KiB pieces
 * — at most `willSend` of them — until the server answers; reports how much had been sent then.
 */
function sendLarge(url: string, path: string, headers: Record<string, string>, willSend: number, declared: number | 'chunked'): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let sent = 0;
    let received = '';
    let answered = false;
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const frame = (b: Buffer) => (declared === 'chunked' ? Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]) : b);
    const pump = () => {
      while (!answered && sent < willSend && !socket.destroyed) {
        sent += piece.length;
        if (!socket.write(frame(piece))) return void socket.once('drain', pump);
      }
    };
    socket.on('connect', () => {
      const lines = [`POST ${path} HTTP/1.1`, `host: ${hostname}:${port}`, 'content-type: application/json'];
      lines.push(declared === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${declared}`);
      for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      pump();
    });
    socket.on('data', (d) => {
      received += d.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (answered || end < 0) return;
      answered = true;
      const [statusLine, ...rest] = received.slice(0, end).split('\r\n');
      const parsed = Object.fromEntries(rest.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, sentWhenAnswered: sent });
      socket.destroy();
    });
    // The server may close while this client is still writing: only a missing answer is a failure.
    socket.on('error', (err) => {
      if (!answered) reject(err);
    });
    socket.on('close', () => {
      if (!answered) reject(new Error(`closed without an answer after ${sent} bytes`));
    });
  });
}

describe('webhook ingress rejects before reading', () => {
  let baton: TestBaton;
  let owner: TestUser;
  let projectId: string;

  beforeAll(async () => {
    baton = await startTestBaton();
    owner = await baton.addUser();
    projectId = await createProject(owner, { key: 'BIG' });
    await newSecret(owner, projectId);
  });
  afterAll(() => baton?.stop());

  const rejected = async () =>
    (await baton.ctx.db.kysely.selectFrom('projects').select('rejected_deliveries').where('id', '=', projectId).executeTakeFirstOrThrow()).rejected_deliveries;

  it('answers 404 for an unknown project while a declared 24 MiB body is still being sent, and closes the connection', async () => {
    const answer = await sendLarge(baton.url, `/api/webhooks/github/${crypto.randomUUID()}`, { 'x-github-event': 'pull_request' }, 24 * MiB, 24 * MiB);
    expect(answer.status).toBe(404);
    expect(answer.sentWhenAnswered).toBeLessThan(24 * MiB);
    expect(answer.headers.connection).toBe('close');
  });

  it('answers 401 for an unsigned 24 MiB delivery before reading it, and counts it', async () => {
    const before = await rejected();
    const answer = await sendLarge(baton.url, `/api/webhooks/github/${projectId}`, { 'x-github-event': 'pull_request' }, 24 * MiB, 24 * MiB);
    expect(answer.status).toBe(401);
    expect(answer.sentWhenAnswered).toBeLessThan(24 * MiB);
    expect(answer.headers.connection).toBe('close');
    expect(await rejected()).toBe(before + 1);
  });

  it('refuses a declared length over the cap at once, and stops reading a chunked body at the cap', async () => {
    const signed = { 'x-github-event': 'pull_request', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
    const declared = await sendLarge(baton.url, `/api/webhooks/github/${projectId}`, signed, 30 * MiB, 30 * MiB);
    expect(declared.status).toBe(413);
    expect(declared.sentWhenAnswered).toBeLessThan(30 * MiB);
    const chunked = await sendLarge(baton.url, `/api/webhooks/github/${projectId}`, signed, 40 * MiB, 'chunked');
    expect(chunked.status).toBe(413);
    expect(chunked.sentWhenAnswered).toBeLessThan(40 * MiB);
  });
});
