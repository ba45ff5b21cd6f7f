import type { RoutingPreview, RoutingRule } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createPerson, postIncident, setupIncidentWorld, teamIdBySlug, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp } from '../../../test/harness.js';

describe('routing rule preview', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let facilities: string;
  let technician: Person;
  const preview = (payload: unknown, headers = staff.admin.headers) => ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules/preview', headers, payload: payload as object });
  const snapshot = async (incidentId: string) => ({
    incident: await ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', incidentId).executeTakeFirstOrThrow(),
    timeline: (await timelineOf(ctx.deps, incidentId)).length,
    audit: (await auditOf(ctx.deps, incidentId)).length,
    watchers: await ctx.deps.db.selectFrom('incident_watchers').selectAll().where('incident_id', '=', incidentId).execute(),
    applications: await ctx.deps.db.selectFrom('routing_applications').selectAll().where('incident_id', '=', incidentId).execute(),
    jobs: (await ctx.deps.db.selectFrom('jobs').select('id').execute()).length,
    auditHead: await ctx.deps.db.selectFrom('audit_head').selectAll().execute(),
  });
  const leipzigRule = () => ({
    name: 'Leipzig facility faults',
    type: 'facility-fault',
    conditions: [
      { field: 'locations', op: 'any_of', value: ['Leipzig plant'] },
      { field: 'severity', op: 'at_least', value: 'high' },
      { field: 'custom', key: 'safety_hazard', op: 'equals', value: true },
    ],
    effects: [
      { kind: 'set_team', teamId: facilities },
      { kind: 'set_assignee', userId: technician.id },
      { kind: 'raise_priority', priority: 'P1' },
      { kind: 'add_watchers', userIds: [staff.manager.id] },
    ],
  });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    facilities = await teamIdBySlug(ctx.deps, 'facilities');
    technician = await createPerson(ctx.deps, 'agent', { name: 'Tina Technician', teamSlugs: ['facilities'] });
  });
  afterAll(() => ctx.close());

  it('tells which conditions hold and what each effect would do, changing nothing', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers, {
      type: 'facility-fault',
      title: 'Water on the floor of hall 2',
      severity: 'critical',
      impact: 'low',
      urgency: 'low',
      teamId: null,
      locations: ['Leipzig plant'],
      custom: { safety_hazard: true, location: 'Leipzig plant' },
    });
    const before = await snapshot(inc.id);

    const res = await preview({ rule: leipzigRule(), incidentId: inc.number });
    expect(res.statusCode).toBe(200);
    const body = res.json() as RoutingPreview;
    expect(body.matched).toBe(true);
    expect(body.conditions.map((c) => [c.matched, c.actual])).toEqual([
      [true, ['Leipzig plant']],
      [true, 'critical'],
      [true, true],
    ]);
    expect(body.stopProcessing).toBe(false);
    expect(body.effects.map((e) => [e.effect.kind, e.outcome, e.to ?? null])).toEqual([
      ['set_team', 'apply', facilities],
      ['set_assignee', 'apply', { id: technician.id, name: 'Tina Technician' }],
      ['raise_priority', 'apply', 'P1'],
      ['add_watchers', 'apply', [{ id: staff.manager.id, name: 'The manager' }]],
    ]);
    expect(await snapshot(inc.id)).toEqual(before);

    const asManager = await preview({ rule: leipzigRule(), incidentId: inc.id }, staff.manager.headers);
    expect(asManager.statusCode).toBe(200);
    expect((await preview({ rule: leipzigRule(), incidentId: inc.id }, staff.agent.headers)).statusCode).toBe(403);
  });

  it('reports failed conditions, effects with nothing to do, and tests a saved rule by id', async () => {
    const inc = await postIncident(ctx.app, staff.manager.headers, { type: 'facility-fault', title: 'Flickering light', severity: 'low', locations: ['Hamburg head office'], assigneeId: staff.agent.id, teamId: await teamIdBySlug(ctx.deps, 'quality'), custom: { location: 'Hamburg head office' } });
    const created = await ctx.app.inject({ method: 'POST', url: '/api/v1/routing-rules', headers: staff.admin.headers, payload: { ...leipzigRule(), enabled: false } });
    const rule = created.json() as RoutingRule;
    const outage = await postIncident(ctx.app, staff.agent.headers);
    const before = await snapshot(inc.id);

    const failed = (await preview({ rule: rule.id, incidentId: inc.id })).json() as RoutingPreview;
    expect(failed.matched).toBe(false);
    expect(failed.conditions.map((c) => c.matched)).toEqual([false, false, false]);
    expect(failed.effects.every((e) => e.outcome === 'no_change' && e.reason === 'the rule does not match')).toBe(true);

    const loose = (await preview({ rule: { ...leipzigRule(), conditions: [] }, incidentId: inc.id, mode: 'updated' })).json() as RoutingPreview;
    expect(loose.matched).toBe(true);
    expect(loose.effects.map((e) => [e.outcome, e.reason])).toEqual([
      ['no_change', 'a team was chosen; rules fill an empty team only'],
      ['no_change', 'someone is assigned; rules fill an empty assignee only'],
      ['apply', null],
      ['apply', null],
    ]);
    const otherType = (await preview({ rule: { ...leipzigRule(), conditions: [] }, incidentId: outage.id })).json() as RoutingPreview;
    expect(otherType.matched).toBe(false);
    expect(otherType.effects[0]!.reason).toBe('the rule is for another incident type');
    expect(await snapshot(inc.id)).toEqual(before);
  });

  it('shows an assignee the restricted incident would stay hidden from as skipped', async () => {
    const outsider = await createPerson(ctx.deps, 'agent', { name: 'Otto Outsider' });
    const insider = await createPerson(ctx.deps, 'agent', { name: 'Ines Insider', teamSlugs: ['security'] });
    const inc = await postIncident(ctx.app, insider.headers, { type: 'security', title: 'Suspicious login', severity: 'high', detectedAt: '2026-03-01T08:00:00Z' });
    const before = await snapshot(inc.id);
    const res = (await preview({ rule: { name: 'Security', type: 'security', effects: [{ kind: 'set_assignee', userId: outsider.id }] }, incidentId: inc.id })).json() as RoutingPreview;
    expect(res.effects[0]).toMatchObject({ outcome: 'skipped', reason: 'Otto Outsider may not see this incident' });
    expect(await snapshot(inc.id)).toEqual(before);
  });

  it('answers 404 for an incident the caller may not see or a rule that does not exist, and 400 for a broken unsaved rule', async () => {
    const insider = await createPerson(ctx.deps, 'agent', { name: 'Second Insider', teamSlugs: ['security'] });
    const hidden = await postIncident(ctx.app, insider.headers, { type: 'security', title: 'Malware on a laptop', detectedAt: '2026-03-01T08:00:00Z' });
    const rule = { name: 'Any', effects: [{ kind: 'raise_priority', priority: 'P2' }] };
    expect((await preview({ rule, incidentId: hidden.id }, staff.manager.headers)).statusCode).toBe(404);
    expect((await preview({ rule: '00000000-0000-4000-8000-000000000000', incidentId: hidden.id })).statusCode).toBe(404);
    const broken = await preview({ rule: { ...rule, effects: [{ kind: 'set_team', teamId: '00000000-0000-4000-8000-000000000000' }] }, incidentId: hidden.id });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details).toEqual([{ path: 'body.rule.effects.0.teamId', message: 'is not a team' }]);
  });
});
