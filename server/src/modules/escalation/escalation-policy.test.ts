import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, setupIncidentWorld, teamIdBySlug, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createDailySchedule } from './escalation.test-support.js';

describe('escalation policies API', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let itOps: string;
  let security: string;
  let lead: Person;
  let oncall: Person;
  let scheduleId: string;
  const missing = '00000000-0000-4000-8000-000000000000';

  const post = (headers: Record<string, string>, payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/v1/escalation-policies', headers, payload: payload as Record<string, unknown> });
  const body = (overrides: Record<string, unknown> = {}) => ({
    teamId: itOps,
    name: `IT critical ${Math.random().toString(36).slice(2, 8)}`,
    levels: [
      { delayMinutes: 10, targets: [{ kind: 'schedule', id: scheduleId }] },
      { delayMinutes: 20, targets: [{ kind: 'user', id: lead.id }, { kind: 'team', id: itOps }] },
    ],
    ...overrides,
  });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    itOps = await teamIdBySlug(ctx.deps, 'it-operations');
    security = await teamIdBySlug(ctx.deps, 'security');
    lead = await createPerson(ctx.deps, 'manager', { name: 'Lead', teamSlugs: ['it-operations'] });
    oncall = await createPerson(ctx.deps, 'agent', { name: 'On call', teamSlugs: ['it-operations'] });
    scheduleId = await createDailySchedule(ctx.app, staff.admin.headers, itOps, [oncall.id]);
  });
  afterAll(() => ctx.close());

  it('creates a policy with named targets and an audit record; reads it back and lists it by team', async () => {
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const res = await post(staff.admin.headers, body({ name: 'IT critical', description: 'Nights and weekends', repeatCount: 2 }));
    expect(res.statusCode).toBe(201);
    const policy = res.json();
    expect(policy).toMatchObject({
      team: { id: itOps, name: 'IT Operations' },
      name: 'IT critical',
      description: 'Nights and weekends',
      repeatCount: 2,
      version: 1,
      createdAt: '2026-06-01T08:00:00.000Z',
      levels: [
        { delayMinutes: 10, targets: [{ kind: 'schedule', id: scheduleId, name: expect.stringMatching(/^Primary/) }] },
        { delayMinutes: 20, targets: [{ kind: 'user', id: lead.id, name: 'Lead' }, { kind: 'team', id: itOps, name: 'IT Operations' }] },
      ],
    });
    const audit = await auditOf(ctx.deps, policy.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'create', entity_type: 'escalation_policy', actor_id: staff.admin.id, after: { teamId: itOps, name: 'IT critical', repeatCount: 2, version: 1 } });

    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/escalation-policies/${policy.id}`, headers: staff.agent.headers })).json()).toEqual(policy);
    const mine = (await ctx.app.inject({ method: 'GET', url: `/api/v1/escalation-policies?teamId=${itOps}`, headers: staff.auditor.headers })).json();
    expect(mine.items.map((p: { id: string }) => p.id)).toContain(policy.id);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/escalation-policies?teamId=${security}`, headers: staff.agent.headers })).json().items).toEqual([]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/escalation-policies', headers: staff.reporter.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/escalation-policies/${missing}`, headers: staff.agent.headers })).statusCode).toBe(404);
  });

  it('lets admins and managers of the owning team manage, nobody else', async () => {
    expect((await post(lead.headers, body())).statusCode).toBe(201);
    expect((await post(lead.headers, body({ teamId: security }))).json().error.code).toBe('forbidden');
    expect((await post(staff.manager.headers, body())).statusCode).toBe(403);
    expect((await post(staff.agent.headers, body())).statusCode).toBe(403);
    expect((await post(staff.auditor.headers, body())).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/escalation-policies', payload: body() })).statusCode).toBe(401);
  });

  it('refuses targets that do not exist, inactive users, repeated targets and bad numbers, naming each path', async () => {
    const inactive = await createPerson(ctx.deps, 'agent');
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', inactive.id).execute();
    const res = await post(
      staff.admin.headers,
      body({
        levels: [
          { delayMinutes: 5, targets: [{ kind: 'user', id: missing }, { kind: 'schedule', id: missing }] },
          { delayMinutes: 5, targets: [{ kind: 'team', id: missing }, { kind: 'user', id: inactive.id }] },
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed' });
    expect(res.json().error.details).toEqual([
      { path: 'body.levels.0.targets.0.id', message: 'no active user with this id' },
      { path: 'body.levels.0.targets.1.id', message: 'no on-call schedule with this id' },
      { path: 'body.levels.1.targets.0.id', message: 'no team with this id' },
      { path: 'body.levels.1.targets.1.id', message: 'no active user with this id' },
    ]);
    expect((await post(staff.admin.headers, body({ teamId: missing }))).json().error.details).toEqual([{ path: 'body.teamId', message: 'no team with this id' }]);

    const shapes: Array<[Record<string, unknown>, string]> = [
      [{ levels: [] }, 'body.levels'],
      [{ levels: [{ delayMinutes: 0, targets: [{ kind: 'user', id: lead.id }] }] }, 'body.levels.0.delayMinutes'],
      [{ levels: [{ delayMinutes: 5, targets: [] }] }, 'body.levels.0.targets'],
      [{ levels: [{ delayMinutes: 5, targets: [{ kind: 'user', id: lead.id }, { kind: 'user', id: lead.id }] }] }, 'body.levels.0.targets.1'],
      [{ levels: [{ delayMinutes: 5, targets: [{ kind: 'robot', id: lead.id }] }] }, 'body.levels.0.targets.0.kind'],
      [{ repeatCount: 10 }, 'body.repeatCount'],
      [{ name: '  ' }, 'body.name'],
      [{ name: 'a\u0000b' }, 'body.name'],
      [{ surprise: true }, 'body'],
    ];
    for (const [overrides, path] of shapes) {
      const bad = await post(staff.admin.headers, body(overrides));
      expect(bad.statusCode, path).toBe(400);
      expect(bad.json().error.details.map((d: { path: string }) => d.path), path).toContain(path);
    }
  });

  it('refuses a second policy of one name in a team, also when two are created at once', async () => {
    const name = `Duplicate ${Date.now()}`;
    const results = await Promise.all([post(staff.admin.headers, body({ name })), post(staff.admin.headers, body({ name: name.toUpperCase() }))]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error).toMatchObject({ code: 'already_exists', details: [{ path: 'body.name' }] });
    expect((await post(staff.admin.headers, body({ name, teamId: security, levels: [{ delayMinutes: 5, targets: [{ kind: 'user', id: lead.id }] }] }))).statusCode).toBe(201);
  });

  it('changes a policy against its version, with the audit record of before and after; deletes it', async () => {
    const policy = (await post(lead.headers, body())).json();
    const patch = (headers: Record<string, string>, payload: Record<string, unknown>) => ctx.app.inject({ method: 'PATCH', url: `/api/v1/escalation-policies/${policy.id}`, headers, payload });
    expect((await patch(lead.headers, { repeatCount: 1 })).statusCode).toBe(428);
    expect((await patch({ ...lead.headers, 'if-match': '"1"' }, { repeatCount: 1, version: 2 })).json().error.code).toBe('bad_request');
    expect((await patch({ ...staff.agent.headers, 'if-match': '"1"' }, { repeatCount: 1 })).statusCode).toBe(403);
    expect((await patch({ ...lead.headers, 'if-match': '"1"' }, { levels: [{ delayMinutes: 5, targets: [{ kind: 'team', id: missing }] }] })).json().error.details).toEqual([
      { path: 'body.levels.0.targets.0.id', message: 'no team with this id' },
    ]);

    const ok = await patch({ ...lead.headers, 'if-match': '"1"' }, { name: 'Renamed', levels: [{ delayMinutes: 7, targets: [{ kind: 'user', id: oncall.id }] }] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Renamed', version: 2, levels: [{ delayMinutes: 7, targets: [{ kind: 'user', id: oncall.id, name: 'On call' }] }] });
    const stale = await patch({ ...lead.headers, 'if-match': '"1"' }, { repeatCount: 3 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    expect((await auditOf(ctx.deps, policy.id)).at(-1)).toMatchObject({
      action: 'update',
      actor_id: lead.id,
      before: { name: policy.name, version: 1, levels: [{ delayMinutes: 10 }, { delayMinutes: 20 }] },
      after: { name: 'Renamed', version: 2, levels: [{ delayMinutes: 7 }] },
    });

    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/escalation-policies/${policy.id}`, headers: staff.agent.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/escalation-policies/${policy.id}`, headers: lead.headers })).statusCode).toBe(204);
    expect((await auditOf(ctx.deps, policy.id)).at(-1)).toMatchObject({ action: 'delete', before: { name: 'Renamed', version: 2 }, after: null });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/escalation-policies/${policy.id}`, headers: lead.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/escalation-policies/${policy.id}`, headers: lead.headers })).statusCode).toBe(404);
  });

  it('presents a target that was deleted since with a null name', async () => {
    const gone = await createDailySchedule(ctx.app, staff.admin.headers, itOps, [oncall.id]);
    const policy = (await post(staff.admin.headers, body({ levels: [{ delayMinutes: 5, targets: [{ kind: 'schedule', id: gone }] }] }))).json();
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/schedules/${gone}`, headers: staff.admin.headers })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/escalation-policies/${policy.id}`, headers: staff.admin.headers })).json().levels[0].targets).toEqual([{ kind: 'schedule', id: gone, name: null }]);
  });
});
