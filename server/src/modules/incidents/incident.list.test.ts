import type { IncidentSummary } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { createIncidentAs, setupIncidentWorld, type Staff } from '../../../test/factories/incidents.js';

describe('listing and searching incidents', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let all: IncidentSummary[];
  const levels = ['high', 'medium', 'low'] as const;

  const list = (query: string, headers = staff.manager.headers) => ctx.app.inject({ method: 'GET', url: `/api/v1/incidents?${query}`, headers });
  const ids = async (query: string, headers = staff.manager.headers) => {
    const res = await list(`limit=200&${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { items: IncidentSummary[]; total: number };
    expect(body.total).toBe(body.items.length);
    return body.items.map((i) => i.id).sort();
  };
  const expected = (pick: (i: IncidentSummary) => boolean) => all.filter(pick).map((i) => i.id).sort();

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    const base = Date.parse('2026-06-01T08:00:00Z');
    for (let i = 0; i < 23; i++) {
      // Three incidents per instant: the sort must break ties by id.
      ctx.deps.clock.set(new Date(base + Math.floor(i / 3) * 60_000));
      await createIncidentAs(ctx.deps, i % 5 === 0 ? staff.reporter.id : staff.agent.id, {
        title: `Incident ${i}`,
        impact: levels[Math.floor(i / 2) % 3],
        urgency: levels[Math.floor(i / 3) % 3],
        businessAreas: i % 2 === 0 ? ['hr'] : ['sales', 'finance'],
        dueAt: i % 4 === 0 ? null : new Date(base + ((i * 7) % 5) * 86_400_000).toISOString(),
        custom: { environment: i % 2 === 0 ? 'production' : 'staging', users_affected: i % 5 === 0 ? 42 : i, major_incident: i % 3 === 0 },
      });
    }
    ctx.deps.clock.set(new Date(base + 86_400_000));
    const first = await list('limit=200&sort=created&order=asc');
    const rows = first.json().items as IncidentSummary[];
    for (const inc of rows.slice(0, 4)) {
      await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${inc.id}`, headers: { ...staff.agent.headers, 'if-match': '"1"' }, payload: { assigneeId: staff.agent.id } });
    }
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${rows[5]!.id}/comments`, headers: staff.agent.headers, payload: { body: 'the switch in rack 7 smells of ozone' } });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${rows[6]!.id}/transitions`, headers: staff.agent.headers, payload: { to: 'investigating' } });
    ctx.deps.clock.release();
    all = (await list('limit=200')).json().items as IncidentSummary[];
    expect(all).toHaveLength(23);
  });
  afterAll(() => ctx.close());

  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const orders: Record<string, (a: IncidentSummary, b: IncidentSummary) => number> = {
    'created:desc': (a, b) => cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
    'created:asc': (a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id),
    'updated:desc': (a, b) => cmp(b.updatedAt, a.updatedAt) || cmp(b.id, a.id),
    'updated:asc': (a, b) => cmp(a.updatedAt, b.updatedAt) || cmp(a.id, b.id),
    'priority:desc': (a, b) => cmp(a.priority, b.priority) || cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id),
    'priority:asc': (a, b) => cmp(b.priority, a.priority) || cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id),
    'dueAt:asc': (a, b) => cmp(a.dueAt ?? '9999', b.dueAt ?? '9999') || cmp(a.id, b.id),
    'dueAt:desc': (a, b) => cmp(b.dueAt ?? '9999', a.dueAt ?? '9999') || cmp(b.id, a.id),
  };

  it.each(Object.keys(orders))('pages through every row exactly once in a stable %s order', async (key) => {
    const [sort, order] = key.split(':');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`sort=${sort}&order=${order}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: IncidentSummary[]; total: number; nextCursor: string | null };
      expect(body.total).toBe(23);
      seen.push(...body.items.map((i) => i.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(6);
    expect(seen).toEqual([...all].sort(orders[key]).map((i) => i.id));
  });

  it('filters by type, state, priority, people, areas and dates', async () => {
    expect(await ids('type=it-outage')).toEqual(expected(() => true));
    expect(await ids('type=security')).toEqual([]);
    expect(await ids('stateCategory=active')).toEqual(expected((i) => i.state.category === 'active'));
    expect(await ids('state=investigating&state=new')).toEqual(expected(() => true));
    expect(await ids('priority=P1&priority=P2')).toEqual(expected((i) => i.priority === 'P1' || i.priority === 'P2'));
    expect(await ids('severity=high')).toEqual(expected((i) => i.severity === 'high'));
    expect(await ids('assigneeId=none')).toEqual(expected((i) => i.assignee === null));
    expect(await ids('assigneeId=me', staff.agent.headers)).toEqual(expected((i) => i.assignee?.id === staff.agent.id));
    expect(await ids(`assigneeId=${staff.agent.id}`)).toHaveLength(4);
    expect(await ids(`reporterId=${staff.reporter.id}`)).toEqual(expected((i) => i.reporter?.id === staff.reporter.id));
    expect(await ids('businessArea=finance')).toEqual(expected((i) => i.businessAreas.includes('finance')));
    expect(await ids('createdFrom=2026-06-01T08:02:00Z&createdTo=2026-06-01T08:04:00Z')).toEqual(expected((i) => i.createdAt >= '2026-06-01T08:02' && i.createdAt < '2026-06-01T08:04'));
    expect(await ids('createdTo=2026-06-01')).toHaveLength(23);
    expect(await ids('updatedFrom=2026-06-02T00:00:00Z')).toHaveLength(5);
    const teamId = all[0]!.team!.id;
    expect(await ids(`teamId=${teamId}`)).toHaveLength(23);
  });

  it('filters on custom field values through the JSON containment index', async () => {
    expect(await ids('custom.environment=production')).toEqual(expected((i) => i.businessAreas.includes('hr')));
    expect(await ids('custom.users_affected=42')).toEqual(expected((i) => i.reporter?.id === staff.reporter.id));
    expect(await ids('custom.major_incident=true&custom.environment=staging')).toHaveLength(4);
    expect(await ids('custom.environment=nowhere')).toEqual([]);
  });

  it('searches titles, descriptions and comments', async () => {
    const withComment = await ids('q=ozone');
    expect(withComment).toHaveLength(1);
    expect(await ids('q=ozone', staff.reporter.headers)).toEqual([]);
    expect(await ids('q="Incident 7"')).toEqual(expected((i) => i.title === 'Incident 7'));
    expect(await ids('q=rack ozone')).toEqual(withComment);
    expect(await ids('q=incident')).toHaveLength(23);
  });

  it('counts with the same filters and visibility, whatever the page size', async () => {
    const res = await list('limit=1&custom.environment=production');
    expect(res.json()).toMatchObject({ total: 12 });
    expect(res.json().items).toHaveLength(1);
    const reporter = await list('limit=1', staff.reporter.headers);
    expect(reporter.json().total).toBe(5);
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['priority=P9', 'querystring.priority'],
      ['limit=0', 'querystring.limit'],
      ['limit=201', 'querystring.limit'],
      ['limit=ten', 'querystring.limit'],
      ['sort=title', 'querystring.sort'],
      ['order=sideways', 'querystring.order'],
      ['createdFrom=yesterday', 'querystring.createdFrom'],
      ['assigneeId=bob', 'querystring.assigneeId'],
      ['teamId=42', 'querystring.teamId'],
      ['stateCategory=open', 'querystring.stateCategory'],
      ['colour=blue', 'querystring.colour'],
      ['custom.Bad-Key=1', 'querystring.custom.Bad-Key'],
      ['custom.environment=a&custom.environment=b', 'querystring.custom.environment'],
      ['q=%00', 'querystring.q'],
      ['type=%00', 'querystring.type'],
      ['createdFrom=0001-01-01', 'querystring.createdFrom'],
      ['updatedTo=0000-12-31T00:00:00Z', 'querystring.updatedTo'],
      ['type=no-such-type', 'querystring.type'],
      ['cursor=not-a-cursor', 'querystring.cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['created', 'x', 'y'])).toString('base64url')}`, 'querystring.cursor'],
    ];
    for (const [query, path] of cases) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.code, query).toBe('validation_failed');
      expect((res.json().error.details as Array<{ path: string }>).map((d) => d.path), query).toContain(path);
    }
    const page = (await list('sort=created&limit=2')).json() as { nextCursor: string };
    const mismatched = await list(`sort=priority&limit=2&cursor=${page.nextCursor}`);
    expect(mismatched.statusCode).toBe(400);
  });
});
