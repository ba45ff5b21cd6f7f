import type { Clock, Deadline, Incident } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, postIncident, setupIncidentWorld, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { clocksByKind, clockWorker, HOUR, post } from './clock.test-support.js';

describe('legal clocks', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let dpo: Person;
  let iso: Person;
  const breachInput = (aware: string, extra: Record<string, unknown> = {}) => ({
    type: 'data-breach',
    title: 'Customer list e-mailed to a wrong recipient',
    category: 'misdirected/email',
    becameAwareAt: aware,
    ...extra,
  });
  const patch = (ref: string, headers: Record<string, string>, version: number, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${ref}`, headers: { ...headers, 'if-match': `"${version}"` }, payload });
  const submit = (ref: string, clockId: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/clocks/${clockId}/submission`, headers, payload });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    dpo = await createPerson(ctx.deps, 'manager', { name: 'Data protection officer', teamSlugs: ['data-protection'] });
    iso = await createPerson(ctx.deps, 'manager', { name: 'Security officer', teamSlugs: ['security'] });
  });
  afterAll(() => ctx.close());

  it('runs the GDPR Art. 33 clock 72 hours from awareness, refuses a plain change of that moment, and restarts it through the awareness command', async () => {
    ctx.deps.clock.set('2026-06-01T10:00:00Z');
    const inc = await postIncident(ctx.app, dpo.headers, breachInput('2026-06-01T09:15:00Z'));
    let clocks = await clocksByKind(ctx.app, dpo.headers, inc.id);
    expect(clocks.gdpr_art33).toMatchObject({ state: 'running', legal: true, startedAt: '2026-06-01T09:15:00.000Z', dueAt: '2026-06-04T09:15:00.000Z', targetMs: 72 * HOUR, calendar: { alwaysOpen: true } });
    expect(clocks.gdpr_art34).toBeUndefined();

    const refused = await patch(inc.id, dpo.headers, 1, { becameAwareAt: '2026-06-01T08:00:00Z' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'justification_required', details: [{ path: 'becameAwareAt' }] });
    expect(refused.json().error.message).toContain(`/api/v1/incidents/${inc.number}/awareness`);
    expect((await patch(inc.id, dpo.headers, 1, { title: 'Customer list sent to a wrong external recipient' })).statusCode).toBe(200);

    const url = `/api/v1/incidents/${inc.number}/awareness`;
    expect((await ctx.app.inject({ method: 'POST', url, headers: dpo.headers, payload: { becameAwareAt: '2026-06-01T08:00:00Z' } })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url, headers: dpo.headers, payload: { becameAwareAt: '2026-06-02T08:00:00Z', justification: 'x' } })).json().error.details).toEqual([{ path: 'becameAwareAt', message: 'must not lie in the future' }]);
    expect((await ctx.app.inject({ method: 'POST', url, headers: staff.reporter.headers, payload: { becameAwareAt: '2026-06-01T08:00:00Z', justification: 'x' } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url, headers: staff.agent.headers, payload: { becameAwareAt: '2026-06-01T08:00:00Z', justification: 'x' } })).statusCode).toBe(404);

    ctx.deps.clock.set('2026-06-01T10:30:00Z');
    const justification = 'The sender told the team lead at 08:00 already; the report came later.';
    const moved = await post<Incident>(ctx.app, url, dpo.headers, { becameAwareAt: '2026-06-01T08:00:00Z', justification, version: 2 });
    expect(moved).toMatchObject({ becameAwareAt: '2026-06-01T08:00:00.000Z', version: 3 });
    expect(moved.clocks.find((c) => c.kind === 'gdpr_art33')).toMatchObject({ dueAt: '2026-06-04T08:00:00.000Z', state: 'running' });
    clocks = await clocksByKind(ctx.app, dpo.headers, inc.id);
    expect(clocks.gdpr_art33).toMatchObject({ startedAt: '2026-06-01T08:00:00.000Z', version: 2 });
    const timeline = await timelineOf(ctx.deps, inc.id);
    expect(timeline.find((e) => e.type === 'incident.field_changed' && e.data.field === 'becameAwareAt')).toMatchObject({
      actor_id: dpo.id,
      data: { from: '2026-06-01T09:15:00.000Z', to: '2026-06-01T08:00:00.000Z', justification, version: 3 },
    });
    expect(timeline.at(-1)).toMatchObject({ type: 'clock.retargeted', data: { kind: 'gdpr_art33', reason: 'became_aware_at_changed', previousStartedAt: '2026-06-01T09:15:00.000Z', previousDueAt: '2026-06-04T09:15:00.000Z' } });
    expect((await auditOf(ctx.deps, inc.id)).at(-1)).toMatchObject({
      action: 'set_awareness',
      actor_id: dpo.id,
      before: { becameAwareAt: '2026-06-01T09:15:00.000Z', version: 2 },
      after: { becameAwareAt: '2026-06-01T08:00:00.000Z', justification, version: 3 },
    });
    const stale = await ctx.app.inject({ method: 'POST', url, headers: dpo.headers, payload: { becameAwareAt: '2026-06-01T07:00:00Z', justification, version: 2 } });
    expect(stale.json().error.code).toBe('version_conflict');
  });

  it('records the Art. 33 notification, further phases, and asks for the reasons of a late one', async () => {
    ctx.deps.clock.set('2026-06-01T10:00:00Z');
    const inc = await postIncident(ctx.app, dpo.headers, breachInput('2026-06-01T09:00:00Z'));
    const art33 = (await clocksByKind(ctx.app, dpo.headers, inc.id)).gdpr_art33!;
    expect((await submit(inc.id, art33.id, dpo.headers, { submittedAt: '2026-06-02T09:00:00Z' })).json().error.details).toEqual([{ path: 'body.content', message: 'is required for a submission' }]);
    expect((await submit(inc.id, art33.id, dpo.headers, { decision: 'not_required' })).json().error.details).toEqual([{ path: 'body.reason', message: 'is required when no submission is required' }]);
    expect((await submit(inc.id, art33.id, staff.reporter.headers, { submittedAt: '2026-06-01T09:30:00Z', content: 'x' })).statusCode).toBe(403);

    ctx.deps.clock.set('2026-06-02T12:00:00Z');
    const first = await submit(inc.id, art33.id, dpo.headers, { submittedAt: '2026-06-02T11:30:00Z', reference: 'HmbBfDI-2026-1432', content: 'Online form: nature, categories, approx. 1,300 contacts, measures.' });
    expect(first.statusCode).toBe(200);
    expect(first.json() as Clock).toMatchObject({
      state: 'met',
      metAt: '2026-06-02T11:30:00.000Z',
      submissions: [{ decision: 'notify', submittedAt: '2026-06-02T11:30:00.000Z', reference: 'HmbBfDI-2026-1432', late: false, source: 'api', recordedBy: dpo.id }],
    });
    const timeline = await timelineOf(ctx.deps, inc.id);
    expect(timeline.slice(-2).map((e) => [e.type, e.data.kind])).toEqual([
      ['communication.sent', 'gdpr_art33'],
      ['clock.met', 'gdpr_art33'],
    ]);
    expect(timeline.at(-2)?.data).toMatchObject({ reference: 'HmbBfDI-2026-1432', late: false, phase: 1 });
    expect((await auditOf(ctx.deps, art33.id)).at(-1)).toMatchObject({ action: 'submission', actor_id: dpo.id, before: { state: 'running', submissions: 0 }, after: { state: 'met', submission: { reference: 'HmbBfDI-2026-1432' } } });

    // Art. 33(4): information in phases.
    const phase2 = await submit(inc.id, art33.id, dpo.headers, { submittedAt: '2026-06-05T09:00:00Z', reference: 'HmbBfDI-2026-1432', content: 'Supplement: final count 1,312.' });
    expect(phase2.statusCode).toBe(400);
    ctx.deps.clock.set('2026-06-05T09:30:00Z');
    const later = (await submit(inc.id, art33.id, dpo.headers, { submittedAt: '2026-06-05T09:00:00Z', reference: 'HmbBfDI-2026-1432', content: 'Supplement: final count 1,312.' })).json() as Clock;
    expect(later).toMatchObject({ state: 'met', metAt: '2026-06-02T11:30:00.000Z' });
    expect(later.submissions.map((s) => s.late)).toEqual([false, true]);

    // A breach found four days after awareness.
    ctx.deps.clock.set('2026-06-08T10:00:00Z');
    const old = await postIncident(ctx.app, dpo.headers, breachInput('2026-06-04T08:00:00Z'));
    const { drain } = clockWorker(ctx.deps);
    await drain();
    const overdue = (await clocksByKind(ctx.app, dpo.headers, old.id)).gdpr_art33!;
    expect(overdue).toMatchObject({ state: 'breached', breachedAt: '2026-06-07T08:00:00.000Z', remainingMs: -26 * HOUR });
    const noReason = await submit(old.id, overdue.id, dpo.headers, { submittedAt: '2026-06-08T09:55:00Z', content: 'Notified.' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().error).toMatchObject({ code: 'delay_reason_required', details: [{ path: 'delayReason' }] });
    const withReason = (await submit(old.id, overdue.id, dpo.headers, { submittedAt: '2026-06-08T09:55:00Z', content: 'Notified.', delayReason: 'The processor told us only on 8 June.' })).json() as Clock;
    expect(withReason).toMatchObject({ state: 'breached', metAt: '2026-06-08T09:55:00.000Z', remainingMs: null, submissions: [{ late: true, delayReason: 'The processor told us only on 8 June.' }] });
  });

  it('settles the clocks from the data-breach fields, starts Art. 34 on high risk, and waives what is left when the incident is closed as no breach', async () => {
    ctx.deps.clock.set('2026-06-10T10:00:00Z');
    const inc = await postIncident(ctx.app, dpo.headers, breachInput('2026-06-10T09:00:00Z'));
    let res = await patch(inc.id, dpo.headers, 1, { custom: { risk_level: 'high_risk' } });
    expect(res.statusCode).toBe(200);
    let clocks = await clocksByKind(ctx.app, dpo.headers, inc.id);
    expect(clocks.gdpr_art34).toMatchObject({ state: 'running', startedAt: '2026-06-10T10:00:00.000Z', dueAt: '2026-06-13T10:00:00.000Z' });

    res = await patch(inc.id, dpo.headers, 2, { custom: { sa_notified_at: '2026-06-10T09:45:00Z', sa_reference: 'HmbBfDI-2026-2001', competent_sa: 'HmbBfDI' } });
    expect(res.statusCode).toBe(200);
    clocks = await clocksByKind(ctx.app, dpo.headers, inc.id);
    expect(clocks.gdpr_art33).toMatchObject({ state: 'met', metAt: '2026-06-10T09:45:00.000Z', submissions: [{ source: 'fields', reference: 'HmbBfDI-2026-2001', recordedBy: dpo.id }] });

    const refused = await patch(inc.id, dpo.headers, 3, { custom: { subject_communication_required: 'no' } });
    expect(refused.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'custom.notification_rationale' }] });
    res = await patch(inc.id, dpo.headers, 3, { custom: { subject_communication_required: 'no', subject_communication_exemption: 'art34_3_a', notification_rationale: 'The laptop was fully encrypted.' } });
    expect(res.statusCode).toBe(200);
    clocks = await clocksByKind(ctx.app, dpo.headers, inc.id);
    expect(clocks.gdpr_art34).toMatchObject({ state: 'met', submissions: [{ decision: 'not_required', source: 'fields' }] });
    expect(clocks.gdpr_art34!.submissions[0]!.reason).toMatch(/^Art\. 34\(3\)\(a\).*encrypted/);

    // A late notification entered in the fields needs the delay reasons there too.
    ctx.deps.clock.set('2026-06-20T10:00:00Z');
    const late = await postIncident(ctx.app, dpo.headers, breachInput('2026-06-15T09:00:00Z'));
    const noReasons = await patch(late.id, dpo.headers, 1, { custom: { sa_notified_at: '2026-06-19T09:00:00Z' } });
    expect(noReasons.json().error).toMatchObject({ code: 'delay_reason_required', details: [{ path: 'custom.delay_reasons' }] });
    expect((await patch(late.id, dpo.headers, 1, { custom: { sa_notified_at: '2026-06-19T09:00:00Z', delay_reasons: 'Forensics needed three days.' } })).statusCode).toBe(200);

    const notABreach = await postIncident(ctx.app, dpo.headers, breachInput('2026-06-20T09:00:00Z'));
    await post(ctx.app, `/api/v1/incidents/${notABreach.id}/transitions`, dpo.headers, { to: 'closed', comment: 'The file held no personal data.', fields: { custom: { risk_rationale: 'No personal data involved.' } } });
    const closed = (await clocksByKind(ctx.app, dpo.headers, notABreach.id)).gdpr_art33!;
    expect(closed).toMatchObject({ state: 'waived', waived: { by: dpo.id } });
    expect(closed.waived!.reason).toContain('closed (not_a_breach)');
    expect((await auditOf(ctx.deps, closed.id)).at(-1)).toMatchObject({ action: 'waive', actor_id: dpo.id });
  });

  it('runs the NIS2 early warning (24 h) and notification (72 h) from awareness, and the final report a month after the notification', async () => {
    ctx.deps.clock.set('2026-07-01T10:00:00Z');
    const inc = await postIncident(ctx.app, iso.headers, { type: 'security', title: 'Phishing: mailbox rule forwarding to an external address', detectedAt: '2026-07-01T08:00:00Z' });
    expect(await clocksByKind(ctx.app, iso.headers, inc.id)).toEqual({});
    await post(ctx.app, `/api/v1/incidents/${inc.id}/awareness`, iso.headers, { becameAwareAt: '2026-07-01T09:00:00Z', justification: 'SOC confirmed the malicious rule at 09:00.' });
    let clocks = await clocksByKind(ctx.app, iso.headers, inc.id);
    expect(clocks.nis2_early_warning).toMatchObject({ state: 'running', dueAt: '2026-07-02T09:00:00.000Z' });
    expect(clocks.nis2_notification).toMatchObject({ state: 'running', dueAt: '2026-07-04T09:00:00.000Z' });
    expect(clocks.nis2_final_report).toBeUndefined();

    ctx.deps.clock.set('2026-07-01T16:00:00Z');
    await submit(inc.id, clocks.nis2_early_warning!.id, iso.headers, { submittedAt: '2026-07-01T15:00:00Z', reference: 'CERT-Bund 2026-77', content: 'Suspected malicious: yes. Cross-border: unknown.' });
    ctx.deps.clock.set('2026-07-03T16:00:00Z');
    await submit(inc.id, clocks.nis2_notification!.id, iso.headers, { submittedAt: '2026-07-03T15:00:00Z', reference: 'CERT-Bund 2026-77', content: 'Initial assessment: moderate; IoCs attached.' });
    clocks = await clocksByKind(ctx.app, iso.headers, inc.id);
    expect(clocks.nis2_early_warning?.state).toBe('met');
    expect(clocks.nis2_notification?.state).toBe('met');
    expect(clocks.nis2_final_report).toMatchObject({ state: 'running', startedAt: '2026-07-03T15:00:00.000Z', dueAt: '2026-08-03T15:00:00.000Z' });

    // Assessed as not significant: one decision settles every stage still open.
    const minor = await postIncident(ctx.app, iso.headers, { type: 'security', title: 'Port scan from a known research network', detectedAt: '2026-07-03T08:00:00Z' });
    await post(ctx.app, `/api/v1/incidents/${minor.id}/awareness`, iso.headers, { becameAwareAt: '2026-07-03T09:00:00Z', justification: 'Confirmed by the SOC.' });
    const minorClocks = await clocksByKind(ctx.app, iso.headers, minor.id);
    const decided = await submit(minor.id, minorClocks.nis2_early_warning!.id, iso.headers, { decision: 'not_required', reason: 'Not significant under Art. 23(3): no disruption, no damage to others.' });
    expect(decided.json()).toMatchObject({ state: 'met', submissions: [{ decision: 'not_required' }] });
    expect((await clocksByKind(ctx.app, iso.headers, minor.id)).nis2_notification).toMatchObject({ state: 'met', submissions: [{ decision: 'not_required', reason: 'Not significant under Art. 23(3): no disruption, no damage to others.' }] });

    // Out of scope entities get no NIS2 clocks at all.
    const outOfScope = await postIncident(ctx.app, iso.headers, { type: 'security', title: 'Test', detectedAt: '2026-07-03T08:00:00Z', custom: { nis2_entity_class: 'not_in_scope' } });
    await post(ctx.app, `/api/v1/incidents/${outOfScope.id}/awareness`, iso.headers, { becameAwareAt: '2026-07-03T09:00:00Z', justification: 'Confirmed.' });
    expect(await clocksByKind(ctx.app, iso.headers, outOfScope.id)).toEqual({});

    const sla = await postIncident(ctx.app, staff.agent.headers);
    await post(ctx.app, '/api/v1/sla-policies', staff.admin.headers, { type: 'it-outage', priority: sla.priority, timeToAcknowledgeMinutes: 10, timeToResolveMinutes: 60 }, 201);
    const withSla = await postIncident(ctx.app, staff.agent.headers);
    const slaClock = (await clocksByKind(ctx.app, staff.agent.headers, withSla.id)).sla_ack!;
    expect((await submit(withSla.id, slaClock.id, staff.agent.headers, { submittedAt: '2026-07-03T15:00:00Z', content: 'x' })).json().error.code).toBe('unprocessable');
  });

  it('lists the upcoming deadlines of visible incidents by due time, in pages', async () => {
    ctx.deps.clock.set('2026-08-01T10:00:00Z');
    const a = await postIncident(ctx.app, dpo.headers, breachInput('2026-08-01T09:00:00Z'));
    const b = await postIncident(ctx.app, dpo.headers, breachInput('2026-07-31T09:00:00Z'));
    const list = async (headers: Record<string, string>, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/deadlines?from=2026-08-01T00:00:00Z&legal=true${query}`, headers });
    const mine = (await list(dpo.headers)).json() as { items: Deadline[]; nextCursor: string | null };
    const ours = mine.items.filter((d) => d.incident.id === a.id || d.incident.id === b.id);
    expect(ours.map((d) => [d.incident.number, d.kind, d.dueAt])).toEqual([
      [b.number, 'gdpr_art33', '2026-08-03T09:00:00.000Z'],
      [a.number, 'gdpr_art33', '2026-08-04T09:00:00.000Z'],
    ]);
    expect(ours[0]).toMatchObject({ legal: true, state: 'running', remainingMs: 47 * HOUR, incident: { type: { key: 'data-breach' }, team: { name: 'Data Protection' } } });
    const dueTimes = mine.items.map((d) => d.dueAt!);
    expect([...dueTimes].sort()).toEqual(dueTimes);

    // A restricted incident's deadlines are not shown to an agent outside its team.
    const agentView = (await list(staff.agent.headers)).json() as { items: Deadline[] };
    expect(agentView.items.some((d) => d.incident.id === a.id)).toBe(false);
    expect((await list(staff.reporter.headers)).statusCode).toBe(403);

    const first = (await list(dpo.headers, '&limit=1')).json() as { items: Deadline[]; nextCursor: string | null };
    expect(first.items).toHaveLength(1);
    const second = (await list(dpo.headers, `&limit=1&cursor=${first.nextCursor}`)).json() as { items: Deadline[] };
    expect(second.items[0]!.dueAt! >= first.items[0]!.dueAt!).toBe(true);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    expect((await list(dpo.headers, '&cursor=bogus')).statusCode).toBe(400);
    const until = (await ctx.app.inject({ method: 'GET', url: '/api/v1/deadlines?from=2026-08-01T00:00:00Z&to=2026-08-04T00:00:00Z', headers: dpo.headers })).json() as { items: Deadline[] };
    expect(until.items.some((d) => d.incident.id === b.id)).toBe(true);
    expect(until.items.some((d) => d.incident.id === a.id)).toBe(false);
  });
});
