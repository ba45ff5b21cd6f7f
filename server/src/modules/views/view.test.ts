import { viewLimits, viewListQuery, type SavedView } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createIncidentAs, createPerson, setupIncidentWorld, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp } from '../../../test/harness.js';
import type { UserNotice } from '../../platform/events/index.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

describe('saved views', () => {
  let ctx: Ctx;
  let staff: Staff;
  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(() => ctx.close());

  const list = async (who: Person) => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/views', headers: who.headers });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: SavedView[] }).items;
  };
  const create = (who: Person, payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/v1/views', headers: who.headers, payload: payload as object });
  const patch = (who: Person, id: string, payload: unknown) => ctx.app.inject({ method: 'PATCH', url: `/api/v1/views/${id}`, headers: who.headers, payload: payload as object });
  const remove = (who: Person, id: string) => ctx.app.inject({ method: 'DELETE', url: `/api/v1/views/${id}`, headers: who.headers });

  it('creates two default views on the first read, once, with their audit records, and does not bring deleted ones back', async () => {
    const agent = await createPerson(ctx.deps, 'agent');
    const first = await list(agent);
    expect(first.map((v) => v.name)).toEqual(['My open P1-P2', 'Unassigned']);
    expect(first.map((v) => v.position)).toEqual([0, 1]);
    expect(first[0]).toMatchObject({ filters: { assigneeId: 'me', stateCategory: ['new', 'active', 'waiting'], priority: ['P1', 'P2'] }, sort: { key: 'priority', order: 'desc' } });
    const audit = await auditOf(ctx.deps, first[0]!.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', entity_type: 'saved_view', actor_id: agent.id });
    expect(audit[0]!.after).toMatchObject({ name: 'My open P1-P2', origin: 'default' });

    expect((await list(agent)).map((v) => v.id)).toEqual(first.map((v) => v.id));
    for (const v of first) expect((await remove(agent, v.id)).statusCode).toBe(204);
    expect(await list(agent)).toEqual([]);

    const racer = await createPerson(ctx.deps, 'agent');
    const lists = await Promise.all([list(racer), list(racer), list(racer)]);
    expect(new Set(lists.flat().map((v) => v.id)).size).toBe(2);
  });

  it('seeds by role and in the user\'s language', async () => {
    expect((await list(staff.reporter)).map((v) => v.name)).toEqual(['My open reports', 'All my reports']);
    expect((await list(staff.auditor)).map((v) => v.name)).toEqual(['Open P1-P2', 'Recently resolved']);
    const german = await createPerson(ctx.deps, 'manager');
    await ctx.deps.db.updateTable('users').set({ locale: 'de' }).where('id', '=', german.id).execute();
    expect((await list(german)).map((v) => v.name)).toEqual(['Meine offenen P1-P2', 'Nicht zugewiesen']);
  });

  it('stores filters the incident list accepts, so a view is a working list request', async () => {
    const manager = await createPerson(ctx.deps, 'manager');
    const unassigned = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'Nobody has this yet' });
    const assigned = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'Mine already', assigneeId: manager.id });
    const views = await list(manager);
    const byName = Object.fromEntries(views.map((v) => [v.name, v]));
    const open = async (v: SavedView) => {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents?${viewListQuery(v)}`, headers: manager.headers });
      expect(res.statusCode).toBe(200);
      return (res.json() as { items: Array<{ id: string }> }).items.map((i) => i.id);
    };
    const inUnassigned = await open(byName['Unassigned']!);
    expect(inUnassigned).toContain(unassigned.id);
    expect(inUnassigned).not.toContain(assigned.id);
    expect(await open(byName['My open P1-P2']!)).toEqual([assigned.id]);

    const custom = await create(manager, { name: 'Prod outages', filters: { type: 'it-outage', 'custom.environment': 'production', q: 'mail' }, sort: { key: 'updated', order: 'asc' }, columns: ['number', 'title', 'priority'] });
    expect(custom.statusCode).toBe(201);
    const saved = custom.json() as SavedView;
    expect(saved).toMatchObject({ name: 'Prod outages', position: 2, columns: ['number', 'title', 'priority'], sort: { key: 'updated', order: 'asc' } });
    expect(viewListQuery(saved)).toBe('custom.environment=production&q=mail&type=it-outage&sort=updated&order=asc');
    const audit = await auditOf(ctx.deps, saved.id);
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0]!.after).toMatchObject({ filters: { type: 'it-outage' }, origin: 'user' });
  });

  it('rejects filters, sorts and columns the list would not take, with the offending path', async () => {
    const agent = await createPerson(ctx.deps, 'agent');
    const cases: Array<[unknown, string]> = [
      [{ name: 'x', filters: { colour: 'red' } }, 'body.filters.colour'],
      [{ name: 'x', filters: { priority: ['P9'] } }, 'body.filters.priority'],
      [{ name: 'x', filters: { sort: 'created' } }, 'body.filters.sort'],
      [{ name: 'x', filters: { assigneeId: 'someone' } }, 'body.filters.assigneeId'],
      [{ name: 'x', sort: { key: 'colour', order: 'desc' } }, 'body.sort.key'],
      [{ name: 'x', columns: ['number', 'number'] }, 'body.columns'],
      [{ name: 'x', columns: ['secret'] }, 'body.columns.0'],
      [{ name: '   ' }, 'body.name'],
      [{ name: 'x', owner: staff.admin.id }, 'body'],
    ];
    for (const [payload, path] of cases) {
      const res = await create(agent, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const paths = ((res.json() as { error: { details: Array<{ path: string }> } }).error.details ?? []).map((d) => d.path);
      expect(paths.some((p) => p.startsWith(path)), `${JSON.stringify(payload)} -> ${paths.join(', ')}`).toBe(true);
    }
  });

  it('keeps names unique per user without case, and caps the number of views', async () => {
    const agent = await createPerson(ctx.deps, 'agent');
    await list(agent);
    const dup = await create(agent, { name: 'unassigned' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('already_exists');
    expect((await create(staff.manager, { name: 'Unassigned work' })).statusCode).toBe(201);
    for (let i = 2; i < viewLimits.perUser; i++) expect((await create(agent, { name: `View ${i}` })).statusCode).toBe(201);
    const over = await create(agent, { name: 'One too many' });
    expect(over.statusCode).toBe(422);
    expect(over.json().error.code).toBe('unprocessable');
  });

  it('lets only the owner read, change or delete a view', async () => {
    const owner = await createPerson(ctx.deps, 'agent');
    const other = await createPerson(ctx.deps, 'admin');
    const view = (await create(owner, { name: 'Private' })).json() as SavedView;
    expect((await list(other)).map((v) => v.id)).not.toContain(view.id);
    expect((await patch(other, view.id, { name: 'Hijacked' })).statusCode).toBe(404);
    expect((await remove(other, view.id)).statusCode).toBe(404);
    expect((await list(owner)).find((v) => v.id === view.id)?.name).toBe('Private');
  });

  it('reorders on create, patch and delete, and audits each change with before and after', async () => {
    const agent = await createPerson(ctx.deps, 'agent');
    const [mine, unassigned] = await list(agent);
    const top = (await create(agent, { name: 'Top', position: 0 })).json() as SavedView;
    expect((await list(agent)).map((v) => v.name)).toEqual(['Top', 'My open P1-P2', 'Unassigned']);

    const moved = await patch(agent, top.id, { position: 5, name: 'Bottom', columns: ['title'], filters: { stateCategory: 'new' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ name: 'Bottom', position: 2, columns: ['title'], filters: { stateCategory: 'new' } });
    expect((await list(agent)).map((v) => `${v.position}:${v.name}`)).toEqual(['0:My open P1-P2', '1:Unassigned', '2:Bottom']);
    const audit = await auditOf(ctx.deps, top.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);
    expect(audit[1]!.before).toMatchObject({ name: 'Top', position: 0, columns: expect.arrayContaining(['number']) });
    expect(audit[1]!.after).toMatchObject({ name: 'Bottom', position: 2, columns: ['title'] });

    expect((await remove(agent, mine!.id)).statusCode).toBe(204);
    expect((await list(agent)).map((v) => `${v.position}:${v.name}`)).toEqual(['0:Unassigned', '1:Bottom']);
    const deleted = await auditOf(ctx.deps, mine!.id);
    expect(deleted.at(-1)).toMatchObject({ action: 'delete', after: null });
    expect(deleted.at(-1)!.before).toMatchObject({ name: 'My open P1-P2' });
    expect((await remove(agent, mine!.id)).statusCode).toBe(404);
    expect(unassigned).toBeDefined();
  });

  it('announces a change of a view to its owner on the live channel', async () => {
    const agent = await createPerson(ctx.deps, 'agent');
    const seen: UserNotice[] = [];
    const off = ctx.deps.bus.subscribe('vigil_user', (n) => seen.push(n));
    const view = (await create(agent, { name: 'Announced' })).json() as SavedView;
    const deadline = Date.now() + 5000;
    while (!seen.some((n) => n.id === view.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    off();
    expect(seen.find((n) => n.id === view.id)).toEqual({ userId: agent.id, kind: 'saved_view', id: view.id });
  });
});
