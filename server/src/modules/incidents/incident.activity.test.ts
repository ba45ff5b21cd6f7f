import type { Comment, Incident, TimelineEvent } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, postIncident, setupIncidentWorld, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';

describe('comments, watchers and the timeline', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let inc: Incident;
  const comment = (ref: string, who: Person, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/comments`, headers: who.headers, payload });
  const watch = (method: 'PUT' | 'DELETE', ref: string, userId: string, who: Person) => ctx.app.inject({ method, url: `/api/v1/incidents/${ref}/watchers/${userId}`, headers: who.headers });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    inc = await postIncident(ctx.app, staff.reporter.headers, { title: 'Heating broken in room 4.12' });
  });
  afterAll(() => ctx.close());

  it('adds internal comments by default for staff, with a mirrored timeline event and an audit record', async () => {
    const res = await comment(inc.id, staff.agent, { body: 'Technician booked for tomorrow' });
    expect(res.statusCode).toBe(201);
    const c = res.json() as Comment;
    expect(c).toMatchObject({ incidentId: inc.id, author: { id: staff.agent.id, name: staff.agent.name }, body: 'Technician booked for tomorrow', visibility: 'internal' });
    expect((await timelineOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ type: 'comment.added', visibility: 'internal', actor_id: staff.agent.id, data: { commentId: c.id, visibility: 'internal' } });
    expect(await auditOf(ctx.deps, c.id)).toMatchObject([{ entity_type: 'comment', action: 'create', after: { incidentId: inc.id, visibility: 'internal', body: 'Technician booked for tomorrow' } }]);

    const pub = await comment(inc.number, staff.agent, { body: 'We are on it', visibility: 'public' });
    expect((await timelineOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ type: 'comment.added', visibility: 'public', data: { commentId: pub.json().id } });
  });

  it('lets reporters comment in public on their own incidents only, and auditors not at all', async () => {
    const own = await comment(inc.id, staff.reporter, { body: 'Still cold' });
    expect(own.statusCode).toBe(201);
    expect(own.json().visibility).toBe('public');
    expect((await comment(inc.id, staff.reporter, { body: 'Secret', visibility: 'internal' })).statusCode).toBe(403);
    expect((await comment(inc.id, staff.auditor, { body: 'Noted' })).statusCode).toBe(403);

    const other = await createPerson(ctx.deps, 'reporter');
    await watch('PUT', inc.id, other.id, staff.manager);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}`, headers: other.headers })).statusCode).toBe(200);
    expect((await comment(inc.id, other, { body: 'Me too' })).statusCode).toBe(403);
  });

  it('lists comments oldest first in pages; reporters get the public ones', async () => {
    const staffView = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/comments?limit=2`, headers: staff.agent.headers });
    const first = staffView.json() as { items: Comment[]; nextCursor: string };
    expect(first.items.map((c) => c.body)).toEqual(['Technician booked for tomorrow', 'We are on it']);
    const second = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/comments?limit=2&cursor=${first.nextCursor}`, headers: staff.agent.headers });
    expect(second.json()).toEqual({ items: [expect.objectContaining({ body: 'Still cold' })], nextCursor: null });
    const reporterView = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/comments`, headers: staff.reporter.headers });
    expect((reporterView.json().items as Comment[]).map((c) => c.body)).toEqual(['We are on it', 'Still cold']);
    const bad = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/comments?cursor=abc`, headers: staff.agent.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('adds and removes watchers once, with timeline events and audit records', async () => {
    const target = await postIncident(ctx.app, staff.agent.headers);
    const added = await watch('PUT', target.id, staff.manager.id, staff.agent);
    expect(added.statusCode).toBe(200);
    expect(added.json().items).toEqual([{ id: staff.manager.id, name: staff.manager.name }]);
    expect((await watch('PUT', target.id, staff.manager.id, staff.agent)).statusCode).toBe(200);
    const removed = await watch('DELETE', target.id, staff.manager.id, staff.agent);
    expect(removed.json().items).toEqual([]);
    expect((await watch('DELETE', target.id, staff.manager.id, staff.agent)).statusCode).toBe(200);

    const events = (await timelineOf(ctx.deps, target.id)).filter((e) => e.type.startsWith('incident.watcher'));
    expect(events.map((e) => [e.type, e.data.user])).toEqual([
      ['incident.watcher_added', { id: staff.manager.id, name: staff.manager.name }],
      ['incident.watcher_removed', { id: staff.manager.id, name: staff.manager.name }],
    ]);
    const audit = (await auditOf(ctx.deps, target.id)).filter((a) => a.action.startsWith('watcher'));
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ['watcher_add', null, { userId: staff.manager.id }],
      ['watcher_remove', { userId: staff.manager.id }, null],
    ]);
  });

  it('lets reporters change only their own watching, never auditors, and only for people who exist', async () => {
    const own = await postIncident(ctx.app, staff.reporter.headers);
    expect((await watch('PUT', own.id, staff.reporter.id, staff.reporter)).statusCode).toBe(200);
    expect((await watch('PUT', own.id, staff.agent.id, staff.reporter)).statusCode).toBe(403);
    expect((await watch('PUT', own.id, staff.auditor.id, staff.auditor)).statusCode).toBe(403);
    const ghost = await watch('PUT', own.id, '00000000-0000-4000-8000-000000000000', staff.manager);
    expect(ghost.statusCode).toBe(400);
    expect((await watch('PUT', own.id, 'not-a-uuid', staff.manager)).statusCode).toBe(400);
  });

  it('pages the timeline with `after`; reporters read the public events only', async () => {
    const all = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/timeline`, headers: staff.agent.headers });
    const items = all.json().items as TimelineEvent[];
    expect(items[0]).toMatchObject({ type: 'incident.created', incidentId: inc.id, actor: { id: staff.reporter.id, name: staff.reporter.name }, visibility: 'public' });
    const firstPage = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/timeline?limit=2`, headers: staff.agent.headers });
    const page = firstPage.json() as { items: TimelineEvent[]; nextAfter: number };
    expect(page.items.map((e) => e.id)).toEqual(items.slice(0, 2).map((e) => e.id));
    const rest = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/timeline?after=${page.nextAfter}`, headers: staff.agent.headers });
    expect((rest.json().items as TimelineEvent[]).map((e) => e.id)).toEqual(items.slice(2).map((e) => e.id));
    expect(rest.json().nextAfter).toBeNull();

    const reporter = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}/timeline`, headers: staff.reporter.headers });
    const seen = reporter.json().items as TimelineEvent[];
    expect(seen.map((e) => e.id)).toEqual(items.filter((e) => e.visibility === 'public').map((e) => e.id));
    expect(seen.length).toBeLessThan(items.length);
  });
});
