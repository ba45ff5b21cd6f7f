import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, postIncident, setupIncidentWorld, teamIdBySlug, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { systemActor } from '../../platform/context.js';
import { startEscalation } from './escalation.commands.js';
import { createDailySchedule, createPolicy, minutes, notificationsOf, runDueJobs } from './escalation.test-support.js';

describe('running escalations', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let itOps: string;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let scheduleId: string;

  const start = (incidentId: string, policyId: string, headers = staff.agent.headers) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/escalations`, headers, payload: { policyId } });
  const escalationsOf = async (incidentId: string) => (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${incidentId}/escalations`, headers: staff.agent.headers })).json().items;
  const rowOf = (id: string) => ctx.deps.db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const titles = async (p: Person) => (await notificationsOf(ctx.deps, p.id)).map((n) => `${n.kind}:${n.title.split(':')[0]}`);
  const advance = async (ms: number) => {
    ctx.deps.clock.advance(ms);
    return runDueJobs(ctx.deps);
  };
  const twoLevels = () => createPolicy(ctx.app, staff.admin.headers, { teamId: itOps, levels: [{ delayMinutes: 10, targets: [{ kind: 'schedule', id: scheduleId }] }, { delayMinutes: 15, targets: [{ kind: 'user', id: carol.id }] }] });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    itOps = await teamIdBySlug(ctx.deps, 'it-operations');
    alice = await createPerson(ctx.deps, 'agent', { name: 'Alice', teamSlugs: ['it-operations'] });
    bob = await createPerson(ctx.deps, 'agent', { name: 'Bob', teamSlugs: ['it-operations'] });
    carol = await createPerson(ctx.deps, 'manager', { name: 'Carol', teamSlugs: ['it-operations'] });
    scheduleId = await createDailySchedule(ctx.app, staff.admin.headers, itOps, [alice.id, bob.id]);
  });
  beforeEach(async () => {
    await ctx.deps.db.deleteFrom('notifications').execute();
    await ctx.deps.db.deleteFrom('jobs').execute();
    ctx.deps.clock.set('2026-06-01T10:00:00Z');
  });
  afterAll(() => ctx.close());

  it('pages the on-call person, escalates level by level at each delay, repeats, then is exhausted', async () => {
    const policy = await createPolicy(ctx.app, staff.admin.headers, { teamId: itOps, repeatCount: 1, levels: [{ delayMinutes: 10, targets: [{ kind: 'schedule', id: scheduleId }] }, { delayMinutes: 15, targets: [{ kind: 'user', id: carol.id }] }] });
    const incident = await postIncident(ctx.app, staff.agent.headers, { severity: 'critical', impact: 'high', urgency: 'high' });
    const res = await start(incident.id, policy.id);
    expect(res.statusCode).toBe(201);
    const started = res.json();
    expect(started).toMatchObject({ state: 'running', nextLevel: 1, repeat: 0, repeatCount: 1, reason: 'started by hand', policy: { id: policy.id, name: policy.name, version: 1 }, startedBy: { id: staff.agent.id } });
    expect(started.levels[0].targets[0]).toEqual({ kind: 'schedule', id: scheduleId, name: expect.any(String) });
    expect((await timelineOf(ctx.deps, incident.id)).at(-1)).toMatchObject({ type: 'escalation.started', actor_id: staff.agent.id, data: { escalationId: started.id, reason: 'started by hand', levels: 2, repeatCount: 1 } });
    expect((await auditOf(ctx.deps, started.id)).map((a) => a.action)).toEqual(['start']);

    expect(await runDueJobs(ctx.deps)).toBe(2);
    expect(await titles(alice)).toEqual(['paged:Paged']);
    const [page] = await notificationsOf(ctx.deps, alice.id);
    expect(page).toMatchObject({ incident_id: incident.id, urgency: 'high' });
    expect(page!.ack_url).toMatch(/^http:\/\/localhost:\d+\/ack\/[A-Za-z0-9_-]{103}$/);
    const step = (await timelineOf(ctx.deps, incident.id)).filter((e) => e.type === 'escalation.step');
    expect(step).toHaveLength(1);
    expect(step[0]!.data).toMatchObject({
      escalationId: started.id,
      level: 1,
      repeat: 0,
      targets: [{ kind: 'schedule', id: scheduleId, via: 'on_call', users: [{ id: alice.id, name: 'Alice' }] }],
      paged: [{ id: alice.id, name: 'Alice' }],
      skipped: [],
      dueAt: '2026-06-01T10:00:00.000Z',
      lateByMs: 0,
    });

    expect(await advance(minutes(9))).toBe(0);
    expect(await advance(minutes(1))).toBe(2);
    expect(await titles(carol)).toEqual(['escalated:Escalated (level 2)']);
    expect(await advance(minutes(15))).toBe(2);
    expect(await titles(alice)).toEqual(['paged:Paged', 'escalated:Escalated (level 1)']);
    expect(await advance(minutes(10))).toBe(2);
    expect(await advance(minutes(14))).toBe(0);
    ctx.deps.clock.advance(1_500);
    expect(await advance(minutes(1))).toBe(1);
    expect(await advance(minutes(60))).toBe(0);
    expect(await titles(carol)).toHaveLength(2);
    expect(await titles(bob)).toEqual([]);

    const [after] = await escalationsOf(incident.id);
    expect(after).toMatchObject({ state: 'exhausted', nextLevel: null, nextStepAt: null, stopReason: 'nobody acknowledged after the last level' });
    expect(after.pages.map((p: { level: number; repeat: number; user: { name: string } }) => `${p.repeat}/${p.level}/${p.user.name}`)).toEqual(['0/1/Alice', '0/2/Carol', '1/1/Alice', '1/2/Carol']);
    expect((await timelineOf(ctx.deps, incident.id)).at(-1)).toMatchObject({ type: 'escalation.stopped', data: { escalationId: started.id, state: 'exhausted', dueAt: '2026-06-01T10:50:00.000Z', lateByMs: 1_500 } });
    expect((await auditOf(ctx.deps, started.id)).map((a) => a.action)).toEqual(['start', 'step', 'step', 'step', 'step', 'exhaust']);
  });

  it('runs a policy once per incident at a time, and refuses closed incidents, unknown policies, reporters and unseen incidents', async () => {
    const policy = await twoLevels();
    const incident = await postIncident(ctx.app, staff.agent.headers);
    expect((await start(incident.id, policy.id)).statusCode).toBe(201);
    const again = await start(incident.number, policy.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'already_exists', details: [{ path: 'body.policyId' }] });
    const viaCode = await ctx.deps.db.transaction().execute((tx) => startEscalation(tx, ctx.deps, { incidentId: incident.id, policyId: policy.id, reason: 'routing', actor: systemActor }));
    expect(viaCode).toBeNull();

    expect((await start(incident.id, '00000000-0000-4000-8000-000000000000')).json().error.code).toBe('not_found');
    expect((await start(incident.id, policy.id, staff.reporter.headers)).statusCode).toBe(403);
    expect((await start(incident.id, policy.id, staff.auditor.headers)).statusCode).toBe(403);
    expect((await start('INC-1999-000001', policy.id)).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}/escalations`, headers: staff.reporter.headers })).statusCode).toBe(403);

    const closed = await postIncident(ctx.app, staff.agent.headers);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${closed.id}/transitions`, headers: staff.agent.headers, payload: { to: 'investigating' } });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${closed.id}/transitions`, headers: staff.agent.headers, payload: { to: 'resolved', resolution: 'Restarted' } });
    expect((await start(closed.id, policy.id)).json().error.code).toBe('conflict');
  });

  it('keeps running from its snapshot when the policy is edited or deleted; a new start takes the new version', async () => {
    const policy = await twoLevels();
    const incident = await postIncident(ctx.app, staff.agent.headers);
    const first = (await start(incident.id, policy.id)).json();
    await runDueJobs(ctx.deps);

    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/escalation-policies/${policy.id}`,
      headers: { ...staff.admin.headers, 'if-match': '"1"' },
      payload: { levels: [{ delayMinutes: 10, targets: [{ kind: 'schedule', id: scheduleId }] }, { delayMinutes: 5, targets: [{ kind: 'user', id: bob.id }] }] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().version).toBe(2);

    await advance(minutes(10));
    expect(await titles(carol)).toEqual(['escalated:Escalated (level 2)']);
    expect(await titles(bob)).toEqual([]);
    const [running] = await escalationsOf(incident.id);
    expect(running).toMatchObject({ id: first.id, policy: { version: 1 }, levels: [{ delayMinutes: 10 }, { delayMinutes: 15, targets: [{ kind: 'user', id: carol.id, name: 'Carol' }] }] });

    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/acknowledge`, headers: staff.agent.headers });
    const other = await postIncident(ctx.app, staff.agent.headers);
    expect((await start(other.id, policy.id)).json()).toMatchObject({ policy: { version: 2 }, levels: [{}, { delayMinutes: 5, targets: [{ id: bob.id }] }] });

    const third = await postIncident(ctx.app, staff.agent.headers);
    const orphan = (await start(third.id, policy.id)).json();
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/escalation-policies/${policy.id}`, headers: staff.admin.headers })).statusCode).toBe(204);
    await runDueJobs(ctx.deps);
    await advance(minutes(10));
    expect(await escalationsOf(third.id)).toMatchObject([{ id: orphan.id, state: 'running', policy: { id: null, name: policy.name, version: 2 }, pages: [{ level: 1 }, { level: 2, user: { id: bob.id } }] }]);
  });

  it('stops on acknowledge: the token rotates and the pending step does nothing', async () => {
    const policy = await twoLevels();
    const incident = await postIncident(ctx.app, staff.agent.headers);
    const started = (await start(incident.id, policy.id)).json();
    await runDueJobs(ctx.deps);
    const before = await rowOf(started.id);
    const pending = await ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'escalation.step').where('status', '=', 'queued').execute();
    expect(pending).toHaveLength(1);
    expect(pending[0]!.payload).toMatchObject({ escalationId: started.id, token: before.token, level: 1, repeat: 0 });

    ctx.deps.clock.advance(minutes(3));
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/acknowledge`, headers: alice.headers })).statusCode).toBe(200);
    const after = await rowOf(started.id);
    expect(after).toMatchObject({ state: 'acknowledged', next_step_at: null, stop_reason: 'incident acknowledged' });
    expect(after.token).not.toBe(before.token);
    expect((await timelineOf(ctx.deps, incident.id)).at(-1)).toMatchObject({ type: 'escalation.stopped', actor_id: alice.id, data: { escalationId: started.id, state: 'acknowledged', levelsPaged: 1 } });
    expect((await auditOf(ctx.deps, started.id)).at(-1)).toMatchObject({ action: 'stop', actor_id: alice.id, after: { state: 'acknowledged' } });

    expect(await advance(minutes(60))).toBe(1);
    expect(await titles(carol)).toEqual([]);
    expect((await ctx.deps.db.selectFrom('jobs').select('status').where('name', '=', 'escalation.step').execute()).every((j) => j.status === 'done')).toBe(true);
  });

  it('stops when the incident leaves new by a transition, is resolved, is reassigned or moves to another team', async () => {
    const policy = await twoLevels();
    const outcome = async (change: (id: string) => Promise<unknown>) => {
      const incident = await postIncident(ctx.app, staff.agent.headers, { teamId: itOps });
      const started = (await start(incident.id, policy.id)).json();
      await runDueJobs(ctx.deps);
      await change(incident.id);
      await advance(minutes(60));
      await advance(minutes(60));
      const row = await rowOf(started.id);
      return `${row.state}: ${row.stop_reason}`;
    };
    const patch = (id: string, payload: Record<string, unknown>) => ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${id}`, headers: { ...staff.manager.headers, 'if-match': '"1"' }, payload });
    const transition = (id: string, payload: Record<string, unknown>) => ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/transitions`, headers: staff.agent.headers, payload });

    expect(await outcome((id) => transition(id, { to: 'investigating' }))).toBe('acknowledged: incident acknowledged');
    expect(await outcome((id) => transition(id, { to: 'closed', comment: 'Duplicate' }))).toBe('resolved: incident closed');
    expect(await outcome((id) => patch(id, { assigneeId: bob.id }))).toBe('cancelled: reassigned');
    const security = await teamIdBySlug(ctx.deps, 'security');
    expect(await outcome((id) => patch(id, { teamId: security }))).toBe('cancelled: moved to another team');
    const original = await postIncident(ctx.app, staff.agent.headers);
    expect(await outcome((id) => ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${id}/merge`, headers: staff.agent.headers, payload: { into: original.id } }))).toBe(
      'cancelled: merged into another incident',
    );
    expect(await outcome((id) => patch(id, { title: 'Only the title changes' }))).toBe('exhausted: nobody acknowledged after the last level');
    expect(await titles(carol)).toEqual(['escalated:Escalated (level 2)']);
  });

  it('pages a team through its on-call people or, with none, all its members; moves on at once when nobody can be paged', async () => {
    const lonely = await createPerson(ctx.deps, 'agent', { name: 'Lonely' });
    const nightTeam = (await ctx.app.inject({ method: 'POST', url: '/api/v1/teams', headers: staff.admin.headers, payload: { slug: `night-${Date.now()}`, name: 'Night shift' } })).json().id as string;
    const emptyTeam = (await ctx.app.inject({ method: 'POST', url: '/api/v1/teams', headers: staff.admin.headers, payload: { slug: `empty-${Date.now()}`, name: 'Nobody' } })).json().id as string;
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/teams/${nightTeam}/members/${lonely.id}`, headers: staff.admin.headers, payload: { role: 'member' } });
    const policy = await createPolicy(ctx.app, staff.admin.headers, {
      teamId: itOps,
      levels: [
        { delayMinutes: 5, targets: [{ kind: 'team', id: emptyTeam }] },
        { delayMinutes: 5, targets: [{ kind: 'team', id: itOps }, { kind: 'team', id: nightTeam }, { kind: 'user', id: alice.id }] },
      ],
    });
    const incident = await postIncident(ctx.app, staff.agent.headers);
    await start(incident.id, policy.id);
    await runDueJobs(ctx.deps);
    const steps = (await timelineOf(ctx.deps, incident.id)).filter((e) => e.type === 'escalation.step').map((e) => e.data);
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatchObject({ level: 1, targets: [{ kind: 'team', id: emptyTeam, via: 'nobody', users: [] }], paged: [] });
    expect(steps[1]).toMatchObject({
      level: 2,
      targets: [
        { kind: 'team', id: itOps, via: 'on_call', users: [{ id: alice.id }] },
        { kind: 'team', id: nightTeam, via: 'members', users: [{ id: lonely.id }] },
        { kind: 'user', id: alice.id, via: 'user' },
      ],
    });
    expect((steps[1]!.paged as Array<{ id: string }>).map((p) => p.id).sort()).toEqual([alice.id, lonely.id].sort());
    expect(await titles(alice)).toEqual(['escalated:Escalated (level 2)']);
  });

  it('leaves out, and names, people who may not see a restricted incident', async () => {
    const security = await teamIdBySlug(ctx.deps, 'security');
    const responder = await createPerson(ctx.deps, 'agent', { name: 'Responder', teamSlugs: ['security'] });
    const policy = await createPolicy(ctx.app, staff.admin.headers, { teamId: security, levels: [{ delayMinutes: 5, targets: [{ kind: 'user', id: responder.id }, { kind: 'user', id: alice.id }] }] });
    const incident = await postIncident(ctx.app, responder.headers, { type: 'security', teamId: security, detectedAt: '2026-06-01T09:00:00Z' });
    expect((await start(incident.id, policy.id, responder.headers)).statusCode).toBe(201);
    await runDueJobs(ctx.deps);
    const step = (await timelineOf(ctx.deps, incident.id)).find((e) => e.type === 'escalation.step');
    expect(step!.data).toMatchObject({ paged: [{ id: responder.id }], skipped: [{ id: alice.id, reason: 'inactive, or may not see the incident' }] });
    expect(await titles(alice)).toEqual([]);
    expect(await titles(responder)).toEqual(['paged:Paged']);
  });
});
