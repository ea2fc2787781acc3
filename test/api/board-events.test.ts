import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPullRequest } from '../../src/features/pr-status/pull-requests.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';
import { linkRepository, pullRequest } from '../support/pr-fixtures.ts';

// The board's live stream through HTTP, with two servers on one database as two processes would
// run: a change made through either one reaches a board open on the other.

interface Stream {
  status: number;
  events: Array<{ event: string; data: any }>;
  close(): void;
}

async function openStream(url: string, token?: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
  const stream: Stream = { status: res.status, events: [], close: () => abort.abort() };
  if (!res.ok || !res.body) return stream;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) stream.events.push({ event, data: data ? JSON.parse(data) : null });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // closed by the test
    }
  })();
  return stream;
}

describe.each(engines)('board events on %s', (engine) => {
  let front: TestBaton;
  let back: TestBaton;
  let owner: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let otherProjectId: string;
  const streams: Stream[] = [];

  const events = (projectKeyId = projectId, user = owner) => openStream(`${front.url}/api/projects/${projectKeyId}/board/events`, user.token);
  const changed = (s: Stream) => s.events.filter((e) => e.event === 'change').flatMap((e) => e.data.ticketIds);

  beforeAll(async () => {
    front = await startTestBaton({ engine });
    const databaseUrl = front.ctx.config.databaseUrl;
    back = await startTestBaton({ engine, env: { BATON_DATABASE_URL: databaseUrl, BATON_DATA_DIR: front.dataDir } });
    owner = await front.addUser({ name: 'Olive Owner' });
    outsider = await front.addUser({ name: 'Otto Outsider' });
    projectId = (await owner.api.post('/api/projects', { key: 'PAY', name: 'Payments', provider: 'github' })).body.id;
    otherProjectId = (await owner.api.post('/api/projects', { key: 'OPS', name: 'Ops', provider: 'github' })).body.id;
  });
  afterAll(async () => {
    // Open streams do not hold a server's shutdown.
    await back?.stop();
    await front?.stop();
    for (const s of streams) s.close();
  });

  it('says ready, then names each ticket changed through the other server: created, moved, its pull request', async () => {
    const stream = await events();
    streams.push(stream);
    expect(stream.status).toBe(200);
    await eventually(() => stream.events.some((e) => e.event === 'ready'), { what: 'ready' });

    const viaBack = (path: string, body: unknown) =>
      fetch(`${back.url}${path}`, {
        method: path.includes('/tickets/') ? 'PATCH' : 'POST',
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));

    const created = await viaBack(`/api/projects/${projectId}/tickets`, { title: 'Refunds' });
    expect(created.status).toBe(201);
    await eventually(() => changed(stream).includes(created.body.id), { what: 'the new ticket' });

    const before = changed(stream).length;
    expect((await viaBack(`/api/tickets/${created.body.key}`, { status: 'in_review' })).status).toBe(200);
    await eventually(() => changed(stream).length > before, { what: 'the move' });

    const repositoryId = await linkRepository(back.ctx.db, projectId, { owner: 'acme', name: 'api' });
    const afterMove = changed(stream).length;
    await back.ctx.db.transaction((tx) =>
      applyPullRequest(tx, {
        repositoryId,
        pullRequest: pullRequest({ number: 3, headBranch: `feature/${created.body.key}-refunds`, state: 'merged' }),
        cause: 'pr_event',
      }),
    );
    await eventually(() => changed(stream).length > afterMove, { what: 'the pull request' });
    expect(new Set(changed(stream))).toEqual(new Set([created.body.id]));
  });

  it("keeps another project's changes out of the stream", async () => {
    const stream = await events();
    streams.push(stream);
    await eventually(() => stream.events.some((e) => e.event === 'ready'), { what: 'ready' });
    const other = await owner.api.post(`/api/projects/${otherProjectId}/tickets`, { title: 'Elsewhere' });
    const mine = await owner.api.post(`/api/projects/${projectId}/tickets`, { title: 'Here' });
    await eventually(() => changed(stream).includes(mine.body.id), { what: 'the change in this project' });
    expect(changed(stream)).not.toContain(other.body.id);
  });

  it('refuses a caller without access as any other route does', async () => {
    expect((await events(projectId, outsider)).status).toBe(404);
    expect((await openStream(`${front.url}/api/projects/${projectId}/board/events`)).status).toBe(401);
    expect((await openStream(`${front.url}/api/projects/not-a-project/board/events`, owner.token)).status).toBe(400);
    expect((await openStream(`${front.url}/api/projects/${projectId}/board/events?since=1`, owner.token)).status).toBe(400);
  });
});
