import type { Calendar, Incident, IncidentSummary } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, postIncident, setupIncidentWorld, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { clocksByKind, clockWorker, HOUR, MIN, officeHours, post } from './clock.test-support.js';

describe('SLA clocks on incidents', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let lead: Person;
  let office: Calendar;
  const transition = (ref: string, headers: Record<string, string>, body: Record<string, unknown>) => post<Incident>(ctx.app, `/api/v1/incidents/${ref}/transitions`, headers, body);
  const clockEvents = async (id: string) => (await timelineOf(ctx.deps, id)).filter((e) => e.type.startsWith('clock.')).map((e) => `${e.type} ${String(e.data.kind)}`);
  const jobsOf = (clockId: string) =>
    ctx.deps.db.selectFrom('jobs').select(['name', 'run_at', 'status', 'idempotency_key']).where('idempotency_key', 'like', `clocks.%:${clockId}:%`).orderBy('id').execute();

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    lead = await createPerson(ctx.deps, 'agent', { name: 'Ops lead', teamSlugs: ['it-operations'] });
    await ctx.deps.db.updateTable('team_members').set({ role: 'lead' }).where('user_id', '=', lead.id).execute();
    ctx.deps.clock.set('2026-05-29T08:00:00Z');
    office = await post<Calendar>(ctx.app, '/api/v1/calendars', staff.admin.headers, { name: 'Berlin office', timeZone: 'Europe/Berlin', workingHours: officeHours, holidays: [{ date: '2026-06-04' }] }, 201);
    await post(ctx.app, '/api/v1/sla-policies', staff.admin.headers, {
      type: 'it-outage',
      priority: 'P2',
      timeToAcknowledgeMinutes: 30,
      timeToResolveMinutes: 8 * 60,
      timeToFirstPublicUpdateMinutes: 60,
      calendarId: office.id,
      breachActions: { notify: { assignee: true, teamManagers: true }, raisePriorityTo: 'P1' },
    }, 201);
    await post(ctx.app, '/api/v1/sla-policies', staff.admin.headers, { type: 'it-outage', priority: 'P1', timeToAcknowledgeMinutes: 15, timeToResolveMinutes: 4 * 60, calendarId: null }, 201);
    await post(ctx.app, '/api/v1/sla-policies', staff.admin.headers, { type: 'it-outage', priority: 'P3', timeToAcknowledgeMinutes: 60, timeToResolveMinutes: 16 * 60, calendarId: office.id }, 201);
  });
  afterAll(() => ctx.close());

  it('starts the policy\u2019s clocks with a new incident, each with its event and jobs, and shows them on the incident and the list', async () => {
    // Monday 2026-06-01 10:00 in Berlin.
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers, { assigneeId: staff.agent.id });
    expect(inc.priority).toBe('P2');
    const clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(Object.keys(clocks).sort()).toEqual(['sla_ack', 'sla_resolve', 'sla_update']);
    expect(clocks.sla_ack).toMatchObject({ state: 'running', legal: false, targetMs: 30 * MIN, dueAt: '2026-06-01T08:30:00.000Z', remainingMs: 30 * MIN, calendar: { name: 'Berlin office', alwaysOpen: false } });
    expect(clocks.sla_resolve).toMatchObject({ dueAt: '2026-06-02T08:00:00.000Z', warnAt: '2026-06-01T14:00:00.000Z' });
    expect(clocks.sla_update).toMatchObject({ dueAt: '2026-06-01T09:00:00.000Z' });
    expect(await clockEvents(inc.id)).toEqual(['clock.started sla_ack', 'clock.started sla_resolve', 'clock.started sla_update']);
    const jobs = await jobsOf(clocks.sla_resolve!.id);
    expect(jobs.map((j) => [j.name, j.run_at.toISOString()])).toEqual([
      ['clocks.breach', '2026-06-02T08:00:00.000Z'],
      ['clocks.warn', '2026-06-01T14:00:00.000Z'],
    ]);

    const shown = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.number}`, headers: staff.agent.headers })).json() as Incident;
    expect(shown.clocks.map((c) => [c.kind, c.state, c.dueAt])).toEqual([
      ['sla_ack', 'running', '2026-06-01T08:30:00.000Z'],
      ['sla_resolve', 'running', '2026-06-02T08:00:00.000Z'],
      ['sla_update', 'running', '2026-06-01T09:00:00.000Z'],
    ]);
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/v1/incidents?limit=200', headers: staff.agent.headers })).json() as { items: IncidentSummary[] };
    expect(list.items.find((i) => i.id === inc.id)?.clocks).toHaveLength(3);
  });

  it('meets time to acknowledge, to first public update (not by the reporter) and to resolve; reopening counts on', async () => {
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers, { reporterContact: null });
    ctx.deps.clock.set('2026-06-01T08:10:00Z');
    await post(ctx.app, `/api/v1/incidents/${inc.id}/acknowledge`, staff.agent.headers, {});
    await post(ctx.app, `/api/v1/incidents/${inc.id}/comments`, staff.agent.headers, { body: 'Internal note', visibility: 'internal' }, 201);
    let clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(clocks.sla_ack).toMatchObject({ state: 'met', metAt: '2026-06-01T08:10:00.000Z', elapsedMs: 10 * MIN, remainingMs: null });
    expect(clocks.sla_update?.state).toBe('running');

    ctx.deps.clock.set('2026-06-01T08:20:00Z');
    await transition(inc.id, staff.agent.headers, { to: 'investigating', comment: 'We are on it', commentVisibility: 'public' });
    clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(clocks.sla_update).toMatchObject({ state: 'met', metAt: '2026-06-01T08:20:00.000Z' });

    ctx.deps.clock.set('2026-06-01T10:00:00Z');
    await transition(inc.id, staff.agent.headers, { to: 'resolved', resolution: 'Restarted the relay' });
    clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(clocks.sla_resolve).toMatchObject({ state: 'met', elapsedMs: 2 * HOUR });

    ctx.deps.clock.set('2026-06-01T12:00:00Z');
    await transition(inc.id, staff.agent.headers, { to: 'investigating', comment: 'It is back' });
    clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    // 6 h left from Monday 14:00 Berlin: 3 h on Monday, 3 h on Tuesday -> Tuesday 12:00 Berlin.
    expect(clocks.sla_resolve).toMatchObject({ state: 'running', metAt: null, remainingMs: 6 * HOUR, dueAt: '2026-06-02T10:00:00.000Z' });
    // The incident itself counts the time left by the app's clock too (not the machine's).
    const running = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}`, headers: staff.agent.headers })).json() as Incident;
    expect(running.clocks.find((c) => c.kind === 'sla_resolve')).toMatchObject({ state: 'running', remainingMs: 6 * HOUR });
    const listed = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents?q=${encodeURIComponent(inc.number)}`, headers: staff.agent.headers })).json() as { items: Incident[] };
    expect(listed.items.find((i) => i.id === inc.id)?.clocks.find((c) => c.kind === 'sla_resolve')).toMatchObject({ remainingMs: 6 * HOUR });
    expect((await clockEvents(inc.id)).slice(3)).toEqual(['clock.met sla_ack', 'clock.met sla_update', 'clock.met sla_resolve', 'clock.resumed sla_resolve']);

    const byReporter = await postIncident(ctx.app, staff.reporter.headers);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${byReporter.id}/clocks`, headers: staff.reporter.headers })).statusCode).toBe(403);
    await post(ctx.app, `/api/v1/incidents/${byReporter.id}/comments`, staff.reporter.headers, { body: 'Any news?' }, 201);
    expect((await clocksByKind(ctx.app, staff.agent.headers, byReporter.id)).sla_update?.state).toBe('running');
  });

  it('pauses while waiting for the vendor and resumes with the right business time left', async () => {
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers);
    ctx.deps.clock.set('2026-06-01T09:00:00Z');
    await transition(inc.id, staff.agent.headers, { to: 'investigating' });
    // Two business hours spent (10:00-12:00 Berlin), then waiting.
    ctx.deps.clock.set('2026-06-01T10:00:00Z');
    await transition(inc.id, staff.agent.headers, { to: 'waiting_for_vendor', fields: { custom: { vendor: 'Acme Mail' } } });
    let clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(clocks.sla_resolve).toMatchObject({ state: 'paused', pausedAt: '2026-06-01T10:00:00.000Z', dueAt: null, remainingMs: 6 * HOUR });
    const paused = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}`, headers: staff.agent.headers })).json() as Incident;
    expect(paused.clocks.find((c) => c.kind === 'sla_resolve')).toMatchObject({ state: 'paused', remainingMs: 6 * HOUR, pausedAt: '2026-06-01T10:00:00.000Z', dueAt: null });

    // Waits until Wednesday 11:00 Berlin; Thursday 2026-06-04 is a holiday in this calendar.
    ctx.deps.clock.set('2026-06-03T09:00:00Z');
    expect((await clocksByKind(ctx.app, staff.agent.headers, inc.id)).sla_resolve?.remainingMs).toBe(6 * HOUR);
    await transition(inc.id, staff.agent.headers, { to: 'investigating' });
    clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    // 6 h from Wednesday 11:00: 6 h left that day -> Wednesday 17:00 Berlin = 15:00Z.
    expect(clocks.sla_resolve).toMatchObject({ state: 'running', dueAt: '2026-06-03T15:00:00.000Z', elapsedMs: 2 * HOUR });
    ctx.deps.clock.set('2026-06-03T14:00:00Z');
    expect((await clocksByKind(ctx.app, staff.agent.headers, inc.id)).sla_resolve?.remainingMs).toBe(HOUR);
    const events = (await timelineOf(ctx.deps, inc.id)).filter((e) => e.type === 'clock.paused' || e.type === 'clock.resumed');
    expect(events.map((e) => [e.type, e.data.kind, e.data.reason])).toEqual([
      ['clock.paused', 'sla_resolve', 'waiting'],
      ['clock.paused', 'sla_update', 'waiting'],
      ['clock.resumed', 'sla_resolve', 'left_waiting'],
      ['clock.resumed', 'sla_update', 'left_waiting'],
    ]);
  });

  it('retargets to the new priority\u2019s policy keeping the business time spent', async () => {
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers);
    ctx.deps.clock.set('2026-06-01T11:00:00Z');
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${inc.id}`, headers: { ...staff.agent.headers, 'if-match': '"1"' }, payload: { urgency: 'low' } });
    expect(patched.json()).toMatchObject({ priority: 'P3' });
    const clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    // P3: 16 business hours to resolve; 3 spent -> 13 left from Monday 13:00 Berlin: 4 h Monday, 8 h Tuesday, 1 h Wednesday -> Wednesday 10:00 Berlin.
    expect(clocks.sla_resolve).toMatchObject({ targetMs: 16 * HOUR, elapsedMs: 3 * HOUR, dueAt: '2026-06-03T08:00:00.000Z' });
    // The P3 policy has no first-public-update target: that clock keeps its own.
    expect(clocks.sla_update).toMatchObject({ targetMs: HOUR });
    const retargeted = (await timelineOf(ctx.deps, inc.id)).find((e) => e.type === 'clock.retargeted' && e.data.kind === 'sla_resolve');
    expect(retargeted?.data).toMatchObject({ reason: 'priority_changed', priority: { from: 'P2', to: 'P3' }, previousTargetMs: 8 * HOUR, previousDueAt: '2026-06-02T08:00:00.000Z', dueAt: '2026-06-03T08:00:00.000Z' });
  });

  it('warns and breaches through its jobs once, raises the priority naming the clock, and ignores jobs of an older version', async () => {
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers, { assigneeId: staff.agent.id });
    const { drain } = clockWorker(ctx.deps);
    await drain();
    const before = await clocksByKind(ctx.app, staff.agent.headers, inc.id);

    // 75% of 30 min: the acknowledge warning at 08:22:30.
    ctx.deps.clock.set('2026-06-01T08:23:00Z');
    await drain();
    let clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(clocks.sla_ack).toMatchObject({ state: 'running', warnedAt: '2026-06-01T08:23:00.000Z', warnAt: null, version: 1 });

    ctx.deps.clock.set('2026-06-01T08:31:00Z');
    await drain();
    clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(clocks.sla_ack).toMatchObject({ state: 'breached', breachedAt: '2026-06-01T08:30:00.000Z', remainingMs: -MIN, version: 2 });
    const timeline = await timelineOf(ctx.deps, inc.id);
    expect(timeline.filter((e) => e.type === 'clock.warning').map((e) => e.data.kind)).toEqual(['sla_ack']);
    const breach = timeline.find((e) => e.type === 'clock.breached');
    expect(breach?.data).toMatchObject({ kind: 'sla_ack', firedAt: '2026-06-01T08:31:00.000Z', lateByMs: MIN });
    const raised = timeline.find((e) => e.type === 'incident.priority_changed');
    expect(raised).toMatchObject({ actor_id: null, data: { from: 'P2', to: 'P1', reason: 'clock_breached', clock: { id: before.sla_ack!.id, kind: 'sla_ack', label: 'Time to acknowledge' } } });
    expect((await auditOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ actor_type: 'system', action: 'update', before: { priority: 'P2' }, after: { priority: 'P1', reason: 'clock_breached', clockId: before.sla_ack!.id } });
    // The assignee and the leads of the incident's team hear of the warning and of the breach, once each.
    const dispatched = await ctx.deps.db.selectFrom('jobs').select('idempotency_key').where('name', '=', 'notifications.dispatch').where('idempotency_key', 'like', `%:${before.sla_ack!.id}:%`).execute();
    const ack = before.sla_ack!.id;
    expect(dispatched.map((j) => j.idempotency_key).sort()).toEqual(
      [`clocks.breach:${ack}:2:${staff.agent.id}`, `clocks.breach:${ack}:2:${lead.id}`, `clocks.warning:${ack}:1:${staff.agent.id}`, `clocks.warning:${ack}:1:${lead.id}`].map((k) => `notifications.dispatch:${k}`).sort(),
    );
    // The raised priority retargets the clocks still running to the P1 policy (24x7, 4 h to resolve), keeping the 31 minutes spent.
    expect(clocks.sla_resolve).toMatchObject({ targetMs: 4 * HOUR, elapsedMs: 31 * MIN, calendar: { alwaysOpen: true }, dueAt: '2026-06-01T12:00:00.000Z' });

    // The old version's breach job of the resolve clock exists but no longer matches: nothing happens at its time.
    ctx.deps.clock.set('2026-06-02T08:01:00Z');
    await post(ctx.app, `/api/v1/incidents/${inc.id}/acknowledge`, staff.agent.headers, {});
    await transition(inc.id, staff.agent.headers, { to: 'investigating', comment: 'Working on it', commentVisibility: 'public' });
    await transition(inc.id, staff.agent.headers, { to: 'resolved', resolution: 'Fixed' });
    await drain();
    const late = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    expect(late.sla_resolve).toMatchObject({ state: 'met', breachedAt: null });
    expect(late.sla_ack).toMatchObject({ state: 'breached', metAt: '2026-06-02T08:01:00.000Z' });
    const oldJobs = await jobsOf(before.sla_resolve!.id);
    expect(oldJobs.filter((j) => j.name === 'clocks.breach').map((j) => j.status)).toEqual(['done', 'done']);
    expect((await timelineOf(ctx.deps, inc.id)).filter((e) => e.type === 'clock.breached').map((e) => e.data.kind)).toEqual(['sla_ack']);
  });

  it('starts the policy\u2019s escalation at breach, once, and refuses a policy naming no escalation policy', async () => {
    const team = (await ctx.deps.db.selectFrom('teams').select('id').where('slug', '=', 'it-operations').executeTakeFirstOrThrow()).id;
    const escalation = await post<{ id: string }>(ctx.app, '/api/v1/escalation-policies', staff.admin.headers, { teamId: team, name: 'IT outage SLA escalation', levels: [{ delayMinutes: 10, targets: [{ kind: 'user', id: lead.id }] }] }, 201);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/sla-policies',
      headers: staff.admin.headers,
      payload: { type: 'it-outage', priority: 'P4', timeToAcknowledgeMinutes: 20, timeToResolveMinutes: 600, breachActions: { escalationPolicyId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(unknown.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'breachActions.escalationPolicyId' }] });
    await post(ctx.app, '/api/v1/sla-policies', staff.admin.headers, { type: 'it-outage', priority: 'P4', timeToAcknowledgeMinutes: 20, timeToResolveMinutes: 600, breachActions: { escalationPolicyId: escalation.id } }, 201);

    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers, { impact: 'low', urgency: 'medium' });
    expect(inc.priority).toBe('P4');
    const { drain } = clockWorker(ctx.deps);
    ctx.deps.clock.set('2026-06-01T08:21:00Z');
    await drain();
    const started = await ctx.deps.db.selectFrom('escalations').select(['policy_id', 'reason']).where('incident_id', '=', inc.id).execute();
    expect(started).toEqual([{ policy_id: escalation.id, reason: 'Time to acknowledge breached' }]);
    expect((await timelineOf(ctx.deps, inc.id)).filter((e) => e.type === 'escalation.started')).toHaveLength(1);
  });

  it('lets managers waive a clock with a reason, audited, and refuses waiving a met clock', async () => {
    ctx.deps.clock.set('2026-06-01T08:00:00Z');
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const clocks = await clocksByKind(ctx.app, staff.agent.headers, inc.id);
    const url = (id: string) => `/api/v1/incidents/${inc.number}/clocks/${id}/waive`;
    expect((await ctx.app.inject({ method: 'POST', url: url(clocks.sla_resolve!.id), headers: staff.agent.headers, payload: { reason: 'x' } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url: url(clocks.sla_resolve!.id), headers: staff.manager.headers, payload: { reason: ' ' } })).statusCode).toBe(400);
    ctx.deps.clock.set('2026-06-01T08:05:00Z');
    const waived = await post(ctx.app, url(clocks.sla_resolve!.id), staff.manager.headers, { reason: 'Planned change window, agreed with the customer' });
    expect(waived).toMatchObject({ state: 'waived', remainingMs: null, waived: { at: '2026-06-01T08:05:00.000Z', reason: 'Planned change window, agreed with the customer', by: staff.manager.id } });
    expect((await timelineOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ type: 'clock.waived', actor_id: staff.manager.id, data: { kind: 'sla_resolve', reason: 'Planned change window, agreed with the customer' } });
    expect((await auditOf(ctx.deps, clocks.sla_resolve!.id))[0]).toMatchObject({ action: 'waive', actor_id: staff.manager.id, before: { state: 'running' }, after: { state: 'waived', reason: 'Planned change window, agreed with the customer' } });
    const again = await ctx.app.inject({ method: 'POST', url: url(clocks.sla_resolve!.id), headers: staff.manager.headers, payload: { reason: 'again' } });
    expect(again.json().error.code).toBe('conflict');
    await post(ctx.app, `/api/v1/incidents/${inc.id}/acknowledge`, staff.agent.headers, {});
    expect((await ctx.app.inject({ method: 'POST', url: url(clocks.sla_ack!.id), headers: staff.manager.headers, payload: { reason: 'late' } })).statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.number}/clocks/00000000-0000-4000-8000-000000000000/waive`, headers: staff.manager.headers, payload: { reason: 'x' } })).statusCode).toBe(404);
  });
});
