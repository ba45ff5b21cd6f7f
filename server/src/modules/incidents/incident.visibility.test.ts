import type { Incident } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { actorFor, createPerson, postIncident, setupIncidentWorld, type Person, type Staff } from '../../../test/factories/incidents.js';
import { systemActor } from '../../platform/context.js';
import { getVisibleIncidentRow, visibleIncidentIds } from './index.js';

describe('who sees which incident', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let teamAgent: Person;
  let outsider: Person;
  let assignee: Person;
  let otherReporter: Person;
  let secret: Incident;
  let open: Incident;
  const marker = 'quuxbreach';

  const get = (ref: string, who: Person) => ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${ref}`, headers: who.headers });
  const list = (who: Person, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/incidents?limit=200${query}`, headers: who.headers });
  const listedIds = async (who: Person, query = '') => {
    const res = await list(who, query);
    expect(res.statusCode).toBe(200);
    return { ids: (res.json().items as Incident[]).map((i) => i.id), total: res.json().total as number };
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    teamAgent = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'] });
    outsider = await createPerson(ctx.deps, 'agent', { teamSlugs: ['it-operations'] });
    assignee = await createPerson(ctx.deps, 'agent');
    otherReporter = await createPerson(ctx.deps, 'reporter');
    secret = await postIncident(ctx.app, staff.reporter.headers, { type: 'security', title: `Suspicious login ${marker}`, detectedAt: '2026-05-01T07:00:00Z' });
    open = await postIncident(ctx.app, staff.reporter.headers, { title: `Printer jam ${marker}` });
  });
  afterAll(() => ctx.close());

  it('hides a restricted incident from an agent outside its teams: 404, absent from list, total and search', async () => {
    for (const url of [`/api/v1/incidents/${secret.id}`, `/api/v1/incidents/${secret.number}`, `/api/v1/incidents/${secret.id}/timeline`, `/api/v1/incidents/${secret.id}/comments`, `/api/v1/incidents/${secret.id}/watchers`]) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: outsider.headers });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const patch = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${secret.id}`, headers: { ...outsider.headers, 'if-match': '"1"' }, payload: { title: 'x' } });
    expect(patch.statusCode).toBe(404);
    const comment = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${secret.id}/comments`, headers: outsider.headers, payload: { body: 'hello' } });
    expect(comment.statusCode).toBe(404);

    const all = await listedIds(outsider);
    expect(all.ids).toContain(open.id);
    expect(all.ids).not.toContain(secret.id);
    expect(all.total).toBe(all.ids.length);
    const search = await listedIds(outsider, `&q=${marker}`);
    expect(search).toEqual({ ids: [open.id], total: 1 });
  });

  it('shows a restricted incident to its team, the type team, its reporter, its assignee, admins and auditors', async () => {
    for (const who of [teamAgent, staff.reporter, staff.admin, staff.auditor]) {
      expect((await get(secret.id, who)).statusCode).toBe(200);
      const search = await listedIds(who, `&q=${marker}`);
      expect(search.ids).toContain(secret.id);
    }
    expect((await get(secret.id, assignee)).statusCode).toBe(404);
    const assign = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${secret.id}`, headers: { ...teamAgent.headers, 'if-match': '"1"' }, payload: { assigneeId: assignee.id } });
    expect(assign.statusCode).toBe(200);
    expect((await get(secret.id, assignee)).statusCode).toBe(200);
    expect((await listedIds(assignee, '&assigneeId=me')).ids).toEqual([secret.id]);

    // Moving it to the outsider's team makes it theirs to see.
    const itOps = (await ctx.deps.db.selectFrom('teams').select('id').where('slug', '=', 'it-operations').executeTakeFirstOrThrow()).id;
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${secret.id}`, headers: { ...teamAgent.headers, 'if-match': '"2"' }, payload: { teamId: itOps } });
    expect((await get(secret.id, outsider)).statusCode).toBe(200);
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${secret.id}`, headers: { ...teamAgent.headers, 'if-match': '"3"' }, payload: { teamId: null } });
    expect((await get(secret.id, outsider)).statusCode).toBe(404);
    // The type's default team still sees it without being the incident's team.
    expect((await get(secret.id, teamAgent)).statusCode).toBe(200);
  });

  it('shows reporters only what they reported or watch', async () => {
    expect((await get(open.id, otherReporter)).statusCode).toBe(404);
    expect(await listedIds(otherReporter)).toEqual({ ids: [], total: 0 });
    const mine = await postIncident(ctx.app, otherReporter.headers, { title: 'My desk lamp' });
    expect((await listedIds(otherReporter)).ids).toEqual([mine.id]);

    const watch = await ctx.app.inject({ method: 'PUT', url: `/api/v1/incidents/${open.id}/watchers/${otherReporter.id}`, headers: staff.manager.headers });
    expect(watch.statusCode).toBe(200);
    expect((await get(open.id, otherReporter)).statusCode).toBe(200);
    expect((await listedIds(otherReporter)).total).toBe(2);
    // Watching a restricted incident does not open it to a reporter outside its teams.
    const watchSecret = await ctx.app.inject({ method: 'PUT', url: `/api/v1/incidents/${secret.id}/watchers/${otherReporter.id}`, headers: staff.admin.headers });
    expect(watchSecret.statusCode).toBe(400);
    expect((await get(secret.id, otherReporter)).statusCode).toBe(404);

    for (const who of [staff.manager, staff.agent, outsider]) expect((await get(open.id, who)).statusCode).toBe(200);
  });

  it('lets reporters read only public comments and timeline events, and search only public text', async () => {
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${open.id}/comments`, headers: staff.agent.headers, payload: { body: 'internal note zorblax' } });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${open.id}/comments`, headers: staff.agent.headers, payload: { body: 'public answer', visibility: 'public' } });
    const comments = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${open.id}/comments`, headers: staff.reporter.headers });
    expect((comments.json().items as Array<{ body: string }>).map((c) => c.body)).toEqual(['public answer']);
    const timeline = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${open.id}/timeline`, headers: staff.reporter.headers });
    expect((timeline.json().items as Array<{ visibility: string; type: string }>).every((e) => e.visibility === 'public')).toBe(true);
    expect((timeline.json().items as Array<{ type: string }>).map((e) => e.type)).toEqual(['incident.created', 'comment.added']);

    expect((await listedIds(staff.reporter, '&q=zorblax')).total).toBe(0);
    expect((await listedIds(staff.agent, '&q=zorblax')).ids).toEqual([open.id]);
  });

  it('offers the same rule to other modules, in SQL', async () => {
    const ids = async (actorId: string) => (await visibleIncidentIds(ctx.deps.db, await actorFor(ctx.deps, actorId)).execute()).map((r) => r.id);
    expect(await ids(outsider.id)).not.toContain(secret.id);
    expect(await ids(teamAgent.id)).toContain(secret.id);
    expect((await visibleIncidentIds(ctx.deps.db, systemActor).execute()).length).toBeGreaterThanOrEqual(3);
    expect(await getVisibleIncidentRow(ctx.deps.db, await actorFor(ctx.deps, outsider.id), secret.number)).toBeNull();
    expect((await getVisibleIncidentRow(ctx.deps.db, await actorFor(ctx.deps, staff.auditor.id), secret.number))?.id).toBe(secret.id);
    expect(await getVisibleIncidentRow(ctx.deps.db, systemActor, 'not-an-id')).toBeNull();
  });

  it('asks anonymous callers to sign in', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/incidents' });
    expect(res.statusCode).toBe(401);
  });
});
