import type { IncidentType } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createTeam, createUser } from '../../../test/factories/directory.js';
import { buildIncidentTypeInput, buildWorkflow, insertIncidentRow } from '../../../test/factories/types.js';
import { createTestApp } from '../../../test/harness.js';
import { getIncidentType } from './type.queries.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

describe('incident type routes', () => {
  let ctx: Ctx;
  let admin: { authorization: string };
  let agent: { authorization: string };
  let adminId: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    const a = await createUser(ctx.deps, { role: 'admin' });
    adminId = a.id;
    admin = await bearerFor(ctx.deps, a.id);
    agent = await bearerFor(ctx.deps, (await createUser(ctx.deps, { role: 'agent' })).id);
  });
  afterAll(() => ctx.close());

  const create = async (overrides = {}) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: buildIncidentTypeInput(overrides) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as IncidentType;
  };
  const patch = (idOrKey: string, payload: Record<string, unknown>, headers: Record<string, string> = {}, as = admin) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/incident-types/${idOrKey}`, headers: { ...as, ...headers }, payload });
  const auditFor = (entityId: string) =>
    ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'incident_type').where('entity_id', '=', entityId).orderBy('seq').execute();

  it('creates a type (admin), presents it with its JSON Schema and records the audit', async () => {
    const team = await createTeam(ctx.deps);
    const input = buildIncidentTypeInput({ defaultTeamId: team.id });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: input });
    expect(res.statusCode, res.body).toBe(201);
    const type = res.json() as IncidentType;
    expect(res.headers.etag).toBe('"1"');
    expect(type).toMatchObject({ key: input.key, prefix: input.prefix, defaultTeamId: team.id, pack: null, packVersion: null, customizedAt: null, version: 1, active: true });
    expect(type.schema).toMatchObject({ type: 'object', properties: { summary: { type: 'string', maxLength: 50, 'x-kind': 'string' } } });
    const audit = await auditFor(type.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', actor_id: adminId, before: null, after: { key: input.key, prefix: input.prefix, version: 1 } });
    expect((audit[0]!.after as Record<string, unknown>).schema).toBeUndefined();
  });

  it('lets only admins create or change types', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: agent, payload: buildIncidentTypeInput() });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const type = await create();
    const p = await patch(type.key, { version: 1, active: false }, {}, agent);
    expect(p.statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/incident-types' })).statusCode).toBe(401);
  });

  it('refuses a duplicate key or prefix with already_exists', async () => {
    const type = await create();
    const dupKey = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: buildIncidentTypeInput({ key: type.key }) });
    expect(dupKey.statusCode).toBe(409);
    expect(dupKey.json().error).toMatchObject({ code: 'already_exists', details: [{ path: 'body.key' }] });
    const dupPrefix = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: buildIncidentTypeInput({ prefix: type.prefix }) });
    expect(dupPrefix.statusCode).toBe(409);
    expect(dupPrefix.json().error).toMatchObject({ code: 'already_exists', details: [{ path: 'body.prefix' }] });
  });

  it('answers invalid definitions with validation_failed and the path of each problem', async () => {
    const badState = buildIncidentTypeInput();
    badState.workflow.transitions[0]!.to = 'limbo';
    const r1 = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: { ...badState, prefix: 'lower' } });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.code).toBe('validation_failed');
    expect(r1.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body.prefix', 'body.workflow.transitions.0.to']));

    const badGuard = buildIncidentTypeInput();
    badGuard.workflow.transitions[0]!.requires = { fields: ['custom.ghost'] };
    badGuard.fields.push({ ...badGuard.fields[0]! });
    const r2 = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: { ...badGuard, defaultTeamId: '00000000-0000-4000-8000-000000000000' } });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details).toEqual([
      { path: 'body.fields.3.key', message: 'field key "summary" is used twice' },
      { path: 'body.workflow.transitions.0.requires.fields.0', message: '"custom.ghost" is not a field of this type' },
      { path: 'body.defaultTeamId', message: 'is not an existing team' },
    ]);
  });

  it('refuses NUL bytes anywhere in a definition instead of failing on write', async () => {
    const input = buildIncidentTypeInput();
    input.name.de = 'Test\u0000typ';
    input.workflow.states[1]!.label.en = 'Act\u0000ive';
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types', headers: admin, payload: input });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'body.name.de', message: 'must not contain NUL characters' },
      { path: 'body.workflow.states.1.label.en', message: 'must not contain NUL characters' },
    ]);
  });

  it('lists active types to everyone and inactive ones to admins asking for all', async () => {
    const active = await create();
    const retired = await create({ active: false });
    const keys = async (headers: Record<string, string>, query = '') =>
      ((await ctx.app.inject({ method: 'GET', url: `/api/v1/incident-types${query}`, headers })).json() as { items: IncidentType[] }).items.map((t) => t.key);
    expect(await keys(agent)).toContain(active.key);
    expect(await keys(agent)).not.toContain(retired.key);
    expect(await keys(agent, '?all=true')).not.toContain(retired.key);
    expect(await keys(admin)).not.toContain(retired.key);
    expect(await keys(admin, '?all=true')).toEqual(expect.arrayContaining([active.key, retired.key]));
  });

  it('gets one type by id or key, and 404 for anything else', async () => {
    const type = await create();
    for (const ref of [type.id, type.key]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/incident-types/${ref}`, headers: agent });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: type.id, key: type.key, schema: { type: 'object' } });
    }
    for (const ref of ['00000000-0000-4000-8000-000000000000', 'no-such-type', '%00', 'UPPER']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/incident-types/${ref}`, headers: agent });
      expect(res.statusCode, ref).toBe(404);
    }
  });

  it('changes a type with If-Match or a body version, marks it customized and audits before and after', async () => {
    const type = await create();
    const cached = await getIncidentType(ctx.deps.db, type.key);
    expect(Object.isFrozen(cached?.workflow.states[0])).toBe(true);
    expect(await getIncidentType(ctx.deps.db, type.id)).toBe(cached);
    ctx.deps.clock.set('2026-05-01T10:00:00Z');
    const r1 = await patch(type.key, { name: { en: 'Renamed', de: 'Umbenannt' } }, { 'if-match': '"1"' });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.headers.etag).toBe('"2"');
    expect(r1.json()).toMatchObject({ name: { en: 'Renamed' }, version: 2, customizedAt: '2026-05-01T10:00:00.000Z', prefix: type.prefix, fields: type.fields });
    ctx.deps.clock.set('2026-05-02T10:00:00Z');
    const r2 = await patch(type.id, { version: 2, restricted: true });
    expect(r2.statusCode, r2.body).toBe(200);
    expect(r2.json()).toMatchObject({ version: 3, restricted: true, name: { en: 'Renamed' }, customizedAt: '2026-05-01T10:00:00.000Z' });
    ctx.deps.clock.release();
    const read = await ctx.app.inject({ method: 'GET', url: `/api/v1/incident-types/${type.key}`, headers: agent });
    expect(read.json()).toMatchObject({ version: 3, restricted: true, name: { en: 'Renamed' } });
    expect(read.headers.etag).toBe('"3"');
    const audit = await auditFor(type.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    expect(audit[1]).toMatchObject({ actor_id: adminId, before: { version: 1, name: { en: type.name.en } }, after: { version: 2, name: { en: 'Renamed' } } });
    expect(audit[2]).toMatchObject({ before: { restricted: false }, after: { restricted: true } });
  });

  it('needs a version (428), refuses a stale one (409) and disagreeing ones (400)', async () => {
    const type = await create();
    const missing = await patch(type.key, { active: false });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().error.code).toBe('precondition_required');
    expect((await patch(type.key, { active: false }, { 'if-match': '1' })).statusCode).toBe(200);
    const stale = await patch(type.key, { active: true }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    const disagree = await patch(type.key, { version: 2, active: true }, { 'if-match': '"3"' });
    expect(disagree.statusCode).toBe(400);
    expect((await patch(type.key, { active: true }, { 'if-match': 'abc' })).json().error.details).toEqual([{ path: 'headers.if-match', message: 'must be a version number' }]);
    expect((await auditFor(type.id)).map((a) => a.action)).toEqual(['create', 'update']);
    const key = await patch(type.key, { version: 2, key: 'renamed-key' });
    expect(key.statusCode).toBe(400);
    expect((await patch('no-such-type', { version: 1, active: true })).statusCode).toBe(404);
  });

  it('refuses to remove or recategorise a workflow state incidents are in, naming states and counts', async () => {
    const type = await create();
    await insertIncidentRow(ctx.deps.db, type, 'waiting', 1);
    await insertIncidentRow(ctx.deps.db, type, 'waiting', 2);
    await insertIncidentRow(ctx.deps.db, type, 'active', 3);
    const base = buildWorkflow();
    const withoutWaiting = {
      ...base,
      states: base.states.filter((s) => s.key !== 'waiting'),
      transitions: base.transitions.filter((t) => t.to !== 'waiting' && !t.from.includes('waiting')).map((t) => ({ ...t, from: t.from.filter((f) => f !== 'waiting') })),
    };
    const removed = await patch(type.key, { version: 1, workflow: withoutWaiting });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().error).toMatchObject({ code: 'conflict', details: [{ state: 'waiting', count: 2, change: 'removed' }] });
    expect(removed.json().error.message).toContain('waiting (2 incidents)');

    const recategorised = { ...base, states: base.states.map((s) => (s.key === 'active' ? { ...s, category: 'waiting' as const } : s)) };
    const moved = await patch(type.key, { version: 1, workflow: recategorised });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().error.details).toEqual([{ state: 'active', count: 1, change: 'category_changed' }]);

    const brokenInitial = await patch(type.key, { version: 1, workflow: { ...base, initial: 'gone' } });
    expect(brokenInitial.statusCode).toBe(400);
    expect(brokenInitial.json().error.details).toEqual([{ path: 'body.workflow.initial', message: 'initial state "gone" is not a state' }]);

    const renamedOnly = { ...base, states: base.states.map((s) => (s.key === 'waiting' ? { ...s, label: { en: 'On hold' } } : s)) };
    const ok = await patch(type.key, { version: 1, workflow: renamedOnly });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await auditFor(type.id)).map((a) => a.action)).toEqual(['create', 'update']);
  });

  it('refuses to take another type\'s prefix on change', async () => {
    const a = await create();
    const b = await create();
    const res = await patch(b.key, { version: 1, prefix: a.prefix });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('already_exists');
  });
});
