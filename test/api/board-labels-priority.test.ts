import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITIES } from '../../src/domain/priority.ts';
import { TICKET_STATUSES } from '../../src/domain/status.ts';
import { startTestBaton, type TestBaton, type TestUser } from '../support/baton.ts';
import { engines } from '../support/databases.ts';

// The board filtered by labels (one or several: tickets carrying any of them) and priorities
// (one or several), combined with each other, the other filters and search: the cards and the
// true count of every column match what the tickets say, a column's remaining pages hold the
// rest, archived tickets stay off, and someone outside the project gets nothing of it.

interface Made {
  key: string;
  status: string;
  priority: string;
  labels: string[];
  assigned: boolean;
  refund: boolean;
}

const TICKETS = 40;

describe.each(engines)('board filters by label and priority on %s', (engine) => {
  let baton: TestBaton;
  let owner: TestUser;
  let dev: TestUser;
  let outsider: TestUser;
  let projectId: string;
  let otherProjectId: string;
  const label: Record<string, string> = {};
  let foreignLabel: string;
  const made: Made[] = [];
  let archivedKey: string;

  const boardOf = async (query: string, who: TestUser = owner, project = projectId) => {
    const res = await who.api.get(`/api/projects/${project}/board${query}`);
    expect(res.status).toBe(200);
    return res.body as { columns: Array<{ status: string; count: number; items: Array<{ key: string }>; nextCursor: string | null }> };
  };
  /** What the board should answer: each column's keys, newest first, from what the tickets were made with. */
  const expected = (keep: (t: Made) => boolean) =>
    Object.fromEntries(
      TICKET_STATUSES.map((s) => [
        s,
        made
          .filter((t) => t.status === s && keep(t))
          .map((t) => t.key)
          .reverse(),
      ]),
    );
  const columnsOf = (board: Awaited<ReturnType<typeof boardOf>>) => Object.fromEntries(board.columns.map((c) => [c.status, c.items.map((t) => t.key)]));
  const countsOf = (board: Awaited<ReturnType<typeof boardOf>>) => Object.fromEntries(board.columns.map((c) => [c.status, c.count]));
  const lengths = (columns: Record<string, string[]>) => Object.fromEntries(Object.entries(columns).map(([s, keys]) => [s, keys.length]));

  beforeAll(async () => {
    baton = await startTestBaton({ engine });
    owner = await baton.addUser({ name: 'Olive Owner' });
    dev = await baton.addUser({ name: 'Dana Dev' });
    outsider = await baton.addUser({ name: 'Otto Outsider' });
    projectId = (await owner.api.post('/api/projects', { key: 'FLT', name: 'Filters', provider: 'github' })).body.id;
    otherProjectId = (await outsider.api.post('/api/projects', { key: 'OUT', name: 'Outside', provider: 'github' })).body.id;
    expect((await owner.api.post(`/api/projects/${projectId}/members`, { userId: dev.id, role: 'member' })).status).toBe(200);
    for (const [name, color] of [
      ['bug', '#d73a4a'],
      ['ui', '#0075ca'],
      ['perf', '#fbca04'],
    ]) {
      label[name] = (await owner.api.post(`/api/projects/${projectId}/labels`, { name, color })).body.id;
    }
    foreignLabel = (await outsider.api.post(`/api/projects/${otherProjectId}/labels`, { name: 'bug', color: '#d73a4a' })).body.id;
    // The outsider's own ticket carries their label, so a filter by it on the project would find it if it leaked.
    await outsider.api.post(`/api/projects/${otherProjectId}/tickets`, { title: 'Their refund', priority: 'urgent', labelIds: [foreignLabel] });

    for (let i = 0; i < TICKETS; i++) {
      const t: Omit<Made, 'key'> = {
        status: TICKET_STATUSES[i % TICKET_STATUSES.length],
        priority: PRIORITIES[Math.floor(i / 3) % PRIORITIES.length],
        labels: [...(i % 2 === 0 ? ['bug'] : []), ...(i % 3 === 0 ? ['ui'] : []), ...(i % 7 === 0 ? ['perf'] : [])],
        assigned: i % 4 === 0,
        refund: i % 5 < 2,
      };
      const res = await dev.api.post(`/api/projects/${projectId}/tickets`, {
        title: `${t.refund ? 'Refund' : 'Chore'} ${i}`,
        status: t.status,
        priority: t.priority,
        labelIds: t.labels.map((n) => label[n]),
        ...(t.assigned && { assigneeId: dev.id }),
      });
      expect(res.status).toBe(201);
      made.push({ key: res.body.key, ...t });
    }
    // Archived: carries everything the filters ask for, and stays off the board.
    archivedKey = (
      await dev.api.post(`/api/projects/${projectId}/tickets`, {
        title: 'Refund archived',
        priority: 'urgent',
        labelIds: [label.bug, label.ui],
        assigneeId: dev.id,
      })
    ).body.key;
    expect((await dev.api.patch(`/api/tickets/${archivedKey}`, { archived: true })).status).toBe(200);
  });
  afterAll(() => baton?.stop());

  it('narrows by one label, by any of several, and by one or several priorities, with true counts per column', async () => {
    const cases: Array<[string, (t: Made) => boolean]> = [
      [`labelId=${label.bug}`, (t) => t.labels.includes('bug')],
      [`labelId=${label.ui},${label.perf}`, (t) => t.labels.includes('ui') || t.labels.includes('perf')],
      [`labelId=${label.ui}&labelId=${label.perf}`, (t) => t.labels.includes('ui') || t.labels.includes('perf')],
      ['priority=urgent', (t) => t.priority === 'urgent'],
      ['priority=high,urgent', (t) => t.priority === 'high' || t.priority === 'urgent'],
      ['priority=none', (t) => t.priority === 'none'],
    ];
    for (const [query, keep] of cases) {
      const board = await boardOf(`?${query}`);
      const want = expected(keep);
      expect(columnsOf(board), query).toEqual(want);
      expect(countsOf(board), query).toEqual(lengths(want));
    }
    // A sanity check on the data itself, so the cases above are not trivially empty or full.
    expect(made.filter((t) => t.labels.includes('bug')).length).toBe(TICKETS / 2);
    expect(made.filter((t) => t.priority === 'urgent').length).toBeGreaterThan(0);
  });

  it('combines label and priority with each other, the assignee and search', async () => {
    const cases: Array<[string, (t: Made) => boolean]> = [
      [`labelId=${label.bug}&priority=high,urgent`, (t) => t.labels.includes('bug') && ['high', 'urgent'].includes(t.priority)],
      [
        `labelId=${label.ui},${label.bug}&priority=low&assigneeId=${dev.id}`,
        (t) => (t.labels.includes('ui') || t.labels.includes('bug')) && t.priority === 'low' && t.assigned,
      ],
      [`labelId=${label.bug}&priority=none,medium&q=refund`, (t) => t.labels.includes('bug') && ['none', 'medium'].includes(t.priority) && t.refund],
      [`labelId=${label.perf}&assigneeId=none`, (t) => t.labels.includes('perf') && !t.assigned],
    ];
    for (const [query, keep] of cases) {
      const board = await boardOf(`?${query}`);
      const want = expected(keep);
      expect(columnsOf(board), query).toEqual(want);
      expect(countsOf(board), query).toEqual(lengths(want));
      expect(Object.values(want).flat().length, `${query} finds something`).toBeGreaterThan(0);
    }
    expect(JSON.stringify(await boardOf(`?labelId=${label.bug}&priority=urgent`))).not.toContain(archivedKey);
  });

  it('counts every ticket of a column under the filter when a page shows fewer, and the rest of the column pages through', async () => {
    const query = `labelId=${label.bug},${label.ui}&priority=none,low,medium`;
    const keep = (t: Made) => (t.labels.includes('bug') || t.labels.includes('ui')) && ['none', 'low', 'medium'].includes(t.priority);
    const want = expected(keep);
    const board = await boardOf(`?${query}&limit=1`);
    expect(countsOf(board)).toEqual(lengths(want));
    const fullest = board.columns.reduce((a, b) => (b.count > a.count ? b : a));
    expect(fullest.count).toBeGreaterThan(1);
    expect(fullest.items.map((t) => t.key)).toEqual(want[fullest.status].slice(0, 1));

    const keys = fullest.items.map((t) => t.key);
    for (let cursor = fullest.nextCursor; cursor; ) {
      const page = await owner.api.get(`/api/projects/${projectId}/tickets?status=${fullest.status}&${query}&limit=1&cursor=${cursor}`);
      expect(page.status).toBe(200);
      keys.push(...page.body.items.map((t: { key: string }) => t.key));
      cursor = page.body.nextCursor;
    }
    expect(keys).toEqual(want[fullest.status]);
  });

  it('gives someone outside the project nothing: not the board, not through their own board with its labels', async () => {
    const refused = await outsider.api.get(`/api/projects/${projectId}/board?labelId=${label.bug}&priority=urgent`);
    expect(refused.status).toBe(404);
    expect(JSON.stringify(refused.body)).not.toMatch(/FLT-|Refund/);
    expect((await outsider.api.get(`/api/projects/${projectId}/tickets?labelId=${label.bug}`)).status).toBe(404);

    // Another project's label on one's own board finds nothing; a project's label on another's board neither.
    const own = await boardOf(`?labelId=${label.bug}`, outsider, otherProjectId);
    expect(own.columns.every((c) => c.count === 0 && c.items.length === 0)).toBe(true);
    const foreign = await boardOf(`?labelId=${foreignLabel}`);
    expect(foreign.columns.every((c) => c.count === 0 && c.items.length === 0)).toBe(true);
    // The outsider's own label finds their own ticket only.
    const theirs = await boardOf(`?labelId=${foreignLabel}&priority=urgent`, outsider, otherProjectId);
    expect(theirs.columns.flatMap((c) => c.items.map((t) => t.key))).toEqual(['OUT-1']);
  });

  it('refuses a bad label or priority filter naming the parameter and what fits', async () => {
    const refused = async (query: string) => {
      const res = await owner.api.get(`/api/projects/${projectId}/board?${query}`);
      expect(res.status, query).toBe(400);
      return res.body.error.details.fields;
    };
    expect(await refused('labelId=bug')).toEqual({ labelId: expect.stringContaining('must be the ids of labels of the project, separated by commas') });
    expect(await refused(`labelId=${label.bug},nope`)).toHaveProperty('labelId');
    expect(await refused('labelId=,')).toHaveProperty('labelId');
    const many = Array.from({ length: 21 }, () => label.bug).join(',');
    expect(await refused(`labelId=${many}`)).toHaveProperty('labelId');
    expect(await refused('priority=asap')).toEqual({ priority: expect.stringContaining('must be none, low, medium, high or urgent') });
    expect(await refused('priority=high,asap')).toHaveProperty('priority');
  });
});
