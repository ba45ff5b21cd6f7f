import type { Incident, RoutingRule } from '@vigil/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTeam } from '../../../test/factories/directory.js';
import { auditOf, createPerson, postIncident, setupIncidentWorld, teamIdBySlug, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp } from '../../../test/harness.js';
import type { IncidentChange, IncidentReactor } from '../../platform/context.js';
import { verifyAuditChain } from '../audit/index.js';
import { createEscalationPolicy } from '../escalation/index.js';
import { systemActor } from '../../platform/context.js';
import { routingReactor } from './routing.reactor.js';

describe('routing reactor', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let infra: { id: string; name: string };
  let oncall: Person;
  let securityTeam: string;
  let securityAgent: Person;
  let seen: IncidentChange[];
  const recorder: IncidentReactor = { name: 'recorder', react: async (_tx, _deps, change) => void seen.push(change) };

  const rules = '/api/v1/routing-rules';
  const addRule = async (body: Record<string, unknown>): Promise<RoutingRule> => {
    const res = await ctx.app.inject({ method: 'POST', url: rules, headers: staff.admin.headers, payload: body });
    if (res.statusCode !== 201) throw new Error(`rule not created: ${res.body}`);
    return res.json() as RoutingRule;
  };
  const dropRules = async () => {
    const list = (await ctx.app.inject({ method: 'GET', url: rules, headers: staff.admin.headers })).json() as { items: RoutingRule[] };
    for (const r of list.items) await ctx.app.inject({ method: 'DELETE', url: `${rules}/${r.id}`, headers: staff.admin.headers });
  };
  const patchIncident = async (inc: { id: string }, version: number, payload: Record<string, unknown>, headers = staff.manager.headers): Promise<Incident> => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${inc.id}`, headers: { ...headers, 'if-match': `"${version}"` }, payload });
    if (res.statusCode !== 200) throw new Error(`patch failed: ${res.body}`);
    return res.json() as Incident;
  };
  const routingEvents = async (incidentId: string) => (await timelineOf(ctx.deps, incidentId)).filter((e) => e.type === 'routing.applied');
  const routeAudits = async (incidentId: string) => (await auditOf(ctx.deps, incidentId)).filter((a) => a.action === 'route');

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    oncall = await createPerson(ctx.deps, 'agent', { name: 'Olga On-Call' });
    infra = await createTeam(ctx.deps, { slug: 'infrastructure', name: 'Infrastructure', memberIds: [oncall.id] });
    securityTeam = await teamIdBySlug(ctx.deps, 'security');
    securityAgent = await createPerson(ctx.deps, 'agent', { name: 'Sam Security', teamSlugs: ['security'] });
  });
  beforeEach(async () => {
    seen = [];
    (ctx.deps as { reactors: readonly IncidentReactor[] }).reactors = [routingReactor, recorder];
    await dropRules();
  });
  afterAll(() => ctx.close());

  it('routes a critical IT outage on creation: team, priority, assignee; one event per effect and one audit record per rule', async () => {
    const rule = await addRule({
      name: 'Critical IT outages to Infrastructure',
      type: 'it-outage',
      conditions: [{ field: 'severity', op: 'at_least', value: 'critical' }],
      effects: [
        { kind: 'set_team', teamId: infra.id },
        { kind: 'raise_priority', priority: 'P1' },
        { kind: 'set_assignee', userId: oncall.id },
      ],
    });
    const calm = await postIncident(ctx.app, staff.agent.headers, { severity: 'high', impact: 'medium', urgency: 'medium' });
    expect(calm).toMatchObject({ priority: 'P3', version: 1 });
    expect(calm.team?.name).toBe('IT Operations');
    expect(await routingEvents(calm.id)).toEqual([]);

    const inc = await postIncident(ctx.app, staff.agent.headers, { severity: 'critical', impact: 'medium', urgency: 'medium' });
    expect(inc).toMatchObject({ team: { id: infra.id, name: 'Infrastructure' }, priority: 'P1', priorityOverridden: true, assignee: { id: oncall.id }, version: 2 });
    const events = await routingEvents(inc.id);
    expect(events.map((e) => e.data)).toEqual([
      { rule: { id: rule.id, name: rule.name }, effect: 'set_team', effectIndex: 0, outcome: 'applied', field: 'teamId', from: await teamIdBySlug(ctx.deps, 'it-operations'), to: infra.id, version: 2 },
      { rule: { id: rule.id, name: rule.name }, effect: 'raise_priority', effectIndex: 1, outcome: 'applied', field: 'priority', from: 'P3', to: 'P1', version: 2 },
      { rule: { id: rule.id, name: rule.name }, effect: 'set_assignee', effectIndex: 2, outcome: 'applied', field: 'assignee', from: null, to: { id: oncall.id, name: 'Olga On-Call' }, version: 2 },
    ]);
    expect(events.every((e) => e.actor_id === null && e.visibility === 'internal')).toBe(true);
    const audits = await routeAudits(inc.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actor_type: 'system',
      actor_id: null,
      before: { priority: 'P3', assignee: null },
      after: { rule: { id: rule.id, name: rule.name, version: 1 }, version: 2, effects: [{ kind: 'set_team', outcome: 'applied' }, { kind: 'raise_priority', outcome: 'applied' }, { kind: 'set_assignee', outcome: 'applied' }] },
    });
    // The reactors after routing run once, and see the routed incident.
    expect(seen.filter((c) => c.incident.id === inc.id)).toHaveLength(1);
    expect(seen.find((c) => c.incident.id === inc.id)?.incident).toMatchObject({ team_id: infra.id, priority: 'P1' });
  });

  it('routes a critical IT outage to the on-call team with P1, starts its escalation and notifies the team, once', async () => {
    const lead = await createPerson(ctx.deps, 'manager', { name: 'Lena Lead' });
    await ctx.deps.db.insertInto('team_members').values({ team_id: infra.id, user_id: lead.id, role: 'lead' }).execute();
    const policy = await createEscalationPolicy(ctx.deps, systemActor, { teamId: infra.id, name: 'Infrastructure on call', description: '', levels: [{ delayMinutes: 5, targets: [{ kind: 'user', id: oncall.id }] }], repeatCount: 0 });
    const rule = await addRule({
      name: 'Critical IT outages → Infrastructure, P1, escalate',
      type: 'it-outage',
      conditions: [{ field: 'severity', op: 'at_least', value: 'critical' }],
      effects: [
        { kind: 'set_team', teamId: infra.id },
        { kind: 'raise_priority', priority: 'P1' },
        { kind: 'start_escalation', policyId: policy.id },
        { kind: 'notify', teamIds: [infra.id], urgency: 'high' },
      ],
    });
    const inc = await postIncident(ctx.app, staff.agent.headers, { severity: 'critical', impact: 'medium', urgency: 'medium', title: 'Core switch down in HH-DC1' });
    expect(inc).toMatchObject({ team: { id: infra.id }, priority: 'P1' });

    const escalations = await ctx.deps.db.selectFrom('escalations').selectAll().where('incident_id', '=', inc.id).execute();
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({ policy_id: policy.id, reason: `Routing rule "${rule.name}"`, team_id: infra.id });
    const timeline = await timelineOf(ctx.deps, inc.id);
    expect(timeline.map((e) => e.type)).toContain('escalation.started');
    const applied = (await routingEvents(inc.id)).map((e) => e.data);
    expect(applied.map((d) => [d.effect, d.outcome])).toEqual([
      ['set_team', 'applied'],
      ['raise_priority', 'applied'],
      ['start_escalation', 'applied'],
      ['notify', 'applied'],
    ]);
    expect(applied[2]).toMatchObject({ rule: { id: rule.id, name: rule.name }, policyId: policy.id, escalationId: escalations[0]!.id });
    expect([...(applied[3]!.userIds as string[])].sort()).toEqual([oncall.id, lead.id].sort());
    const dispatches = await ctx.deps.db.selectFrom('jobs').select(['payload']).where('name', '=', 'notifications.dispatch').execute();
    const mine = dispatches.map((j) => j.payload as { userId: string; incidentId: string; kind: string; urgency: string }).filter((p) => p.incidentId === inc.id);
    expect(mine.map((p) => p.userId).sort()).toEqual([oncall.id, lead.id].sort());
    expect(mine.every((p) => p.kind === 'routed' && p.urgency === 'high')).toBe(true);
    const audit = await routeAudits(inc.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ rule: { id: rule.id }, effects: [{ kind: 'set_team' }, { kind: 'raise_priority' }, { kind: 'start_escalation', to: { policyId: policy.id } }, { kind: 'notify' }] });

    // A later relevant change does not start the policy again or notify again.
    await patchIncident(inc, inc.version, { urgency: 'high', title: 'Core switch down in HH-DC1 (both uplinks)' });
    expect(await ctx.deps.db.selectFrom('escalations').select('id').where('incident_id', '=', inc.id).execute()).toHaveLength(1);
    expect((await routingEvents(inc.id)).length).toBe(4);
    const again = await ctx.deps.db.selectFrom('jobs').select(['payload']).where('name', '=', 'notifications.dispatch').execute();
    expect(again.filter((j) => (j.payload as { incidentId: string }).incidentId === inc.id)).toHaveLength(2);
  });

  it('skips an escalation policy deleted after the rule was written, without failing the incident', async () => {
    const policy = await createEscalationPolicy(ctx.deps, systemActor, { teamId: infra.id, name: 'Short-lived', description: '', levels: [{ delayMinutes: 5, targets: [{ kind: 'user', id: oncall.id }] }], repeatCount: 0 });
    await addRule({ name: 'Escalate everything', effects: [{ kind: 'start_escalation', policyId: policy.id }] });
    await ctx.deps.db.deleteFrom('escalation_policies').where('id', '=', policy.id).execute();
    const inc = await postIncident(ctx.app, staff.agent.headers);
    expect((await routingEvents(inc.id)).map((e) => e.data)).toEqual([expect.objectContaining({ effect: 'start_escalation', outcome: 'skipped', reason: 'the escalation policy no longer exists' })]);
  });

  it("never overrides a person's choice on creation: an assignee, a chosen team; never lowers a hand-set priority", async () => {
    await addRule({ name: 'Everything critical', conditions: [{ field: 'severity', op: 'in', value: ['critical'] }], effects: [{ kind: 'set_team', teamId: infra.id }, { kind: 'set_assignee', userId: oncall.id }, { kind: 'set_priority', priority: 'P5' }] });
    const inc = await postIncident(ctx.app, staff.manager.headers, { severity: 'critical', assigneeId: staff.agent.id, teamId: securityTeam, priority: 'P4' });
    expect(inc).toMatchObject({ assignee: { id: staff.agent.id }, team: { id: securityTeam }, priority: 'P4', version: 1 });
    expect(await routingEvents(inc.id)).toEqual([]);
    expect(await routeAudits(inc.id)).toEqual([]);
  });

  it('looks again on relevant changes: fills an empty team, raises the priority, applies each rule once', async () => {
    const rule = await addRule({
      name: 'Leipzig plant',
      conditions: [{ field: 'locations', op: 'any_of', value: ['Leipzig plant'] }],
      effects: [{ kind: 'set_team', teamId: infra.id }, { kind: 'raise_priority', priority: 'P2' }, { kind: 'add_watchers', userIds: [oncall.id] }],
    });
    const inc = await postIncident(ctx.app, staff.manager.headers, { teamId: null, impact: 'low', urgency: 'low' });
    expect(inc).toMatchObject({ team: null, priority: 'P5', version: 1 });

    const irrelevant = await patchIncident(inc, 1, { description: 'More detail' });
    expect(irrelevant.version).toBe(2);
    expect(await routingEvents(inc.id)).toEqual([]);

    const moved = await patchIncident(inc, 2, { locations: ['Leipzig plant'] });
    expect(moved).toMatchObject({ team: { id: infra.id }, priority: 'P2', priorityOverridden: true, version: 4 });
    expect(moved.watchers.map((w) => w.id)).toEqual([oncall.id]);
    expect((await routingEvents(inc.id)).map((e) => e.data.effect)).toEqual(['set_team', 'raise_priority', 'add_watchers']);

    // A person moves it elsewhere and retitles it: the rule still matches but is not applied again, and the raised priority stays.
    const manual = await patchIncident(inc, 4, { teamId: securityTeam, title: 'Leipzig: conveyor controller offline' });
    expect(manual).toMatchObject({ team: { id: securityTeam }, priority: 'P2', version: 5 });
    expect(await routingEvents(inc.id)).toHaveLength(3);
    expect(await routeAudits(inc.id)).toHaveLength(1);
    const applications = await ctx.deps.db.selectFrom('routing_applications').selectAll().where('incident_id', '=', inc.id).execute();
    expect(applications).toEqual([expect.objectContaining({ rule_id: rule.id, rule_version: 1 })]);
  });

  it('on changes fills only an empty assignee and only raises the priority; skips resolved incidents', async () => {
    await addRule({ name: 'Critical', conditions: [{ field: 'severity', op: 'at_least', value: 'critical' }], effects: [{ kind: 'set_assignee', userId: oncall.id }, { kind: 'set_priority', priority: 'P4' }] });
    const assigned = await postIncident(ctx.app, staff.manager.headers, { severity: 'high', assigneeId: staff.agent.id });
    const patched = await patchIncident(assigned, 1, { severity: 'critical' });
    expect(patched).toMatchObject({ assignee: { id: staff.agent.id }, priority: assigned.priority, version: 2 });
    expect(await routingEvents(assigned.id)).toEqual([]);

    const done = await postIncident(ctx.app, staff.manager.headers, { severity: 'high' });
    const closed = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${done.id}/transitions`, headers: staff.manager.headers, payload: { to: 'closed', comment: 'Not an incident' } });
    expect(closed.statusCode).toBe(200);
    const late = await patchIncident(done, closed.json().version, { severity: 'critical' });
    expect(late.assignee).toBeNull();
    expect(await routingEvents(done.id)).toEqual([]);
  });

  it('applies on a transition that changes what the incident is', async () => {
    await addRule({ name: 'DNS', type: 'it-outage', conditions: [{ field: 'category', op: 'within', value: 'network' }], effects: [{ kind: 'set_assignee', userId: oncall.id }] });
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, headers: staff.agent.headers, payload: { to: 'investigating', fields: { category: 'network/dns' } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ assignee: { id: oncall.id }, state: { key: 'investigating' } });
  });

  it('skips an assignee or watcher who may not see a restricted incident, with a timeline note and the audit record', async () => {
    const outsider = await createPerson(ctx.deps, 'agent', { name: 'Otto Outsider' });
    const watcher = await createPerson(ctx.deps, 'reporter', { name: 'Rita Reporter' });
    const rule = await addRule({
      name: 'Security incidents',
      type: 'security',
      effects: [{ kind: 'set_assignee', userId: outsider.id }, { kind: 'add_watchers', userIds: [watcher.id, securityAgent.id] }],
    });
    const later = await addRule({ name: 'Security fallback', type: 'security', effects: [{ kind: 'set_assignee', userId: securityAgent.id }] });
    const inc = await postIncident(ctx.app, securityAgent.headers, { type: 'security', title: 'Phishing wave', severity: 'high', detectedAt: '2026-03-01T08:00:00Z' });
    expect(inc.restricted).toBe(true);
    expect(inc.assignee?.id).toBe(securityAgent.id);
    expect(inc.watchers.map((w) => w.id)).toEqual([securityAgent.id]);
    const events = (await routingEvents(inc.id)).map((e) => e.data);
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: { id: rule.id, name: rule.name }, effect: 'set_assignee', outcome: 'skipped', reason: 'Otto Outsider may not see this incident', user: { id: outsider.id, name: 'Otto Outsider' } }),
        expect.objectContaining({ rule: { id: rule.id, name: rule.name }, effect: 'add_watchers', outcome: 'skipped', reason: 'Rita Reporter may not see this incident' }),
        expect.objectContaining({ rule: { id: rule.id, name: rule.name }, effect: 'add_watchers', outcome: 'applied', added: [{ id: securityAgent.id, name: 'Sam Security' }] }),
        expect.objectContaining({ rule: { id: later.id, name: later.name }, effect: 'set_assignee', outcome: 'applied' }),
      ]),
    );
    const outsiderView = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}`, headers: outsider.headers });
    expect(outsiderView.statusCode).toBe(404);
    const audits = await routeAudits(inc.id);
    expect(audits.map((a) => (a.after as { rule: { id: string } }).rule.id)).toEqual([rule.id, later.id]);
    expect(audits[0]!.after).toMatchObject({ effects: [{ kind: 'set_assignee', outcome: 'skipped', reason: 'Otto Outsider may not see this incident' }, { kind: 'add_watchers', outcome: 'applied' }] });
  });

  it('assigns inside a restricted incident once an earlier effect of the rule made the team theirs', async () => {
    await addRule({ name: 'Security to Infrastructure', type: 'security', effects: [{ kind: 'set_team', teamId: infra.id }, { kind: 'set_assignee', userId: oncall.id }] });
    const inc = await postIncident(ctx.app, securityAgent.headers, { type: 'security', title: 'Firewall rule change', severity: 'medium', detectedAt: '2026-03-01T08:00:00Z' });
    expect(inc).toMatchObject({ team: { id: infra.id }, assignee: { id: oncall.id } });
  });

  it('stops at a matching rule with stopProcessing and skips disabled rules', async () => {
    await addRule({ name: 'Disabled', enabled: false, effects: [{ kind: 'set_assignee', userId: staff.agent.id }] });
    const stop = await addRule({ name: 'Stop here', conditions: [{ field: 'title', op: 'matches', value: '*printer*' }], effects: [{ kind: 'raise_priority', priority: 'P2' }], stopProcessing: true });
    await addRule({ name: 'Never reached', effects: [{ kind: 'set_assignee', userId: oncall.id }] });
    const inc = await postIncident(ctx.app, staff.agent.headers, { title: 'Printer on floor 3 jams', impact: 'low', urgency: 'low' });
    expect(inc).toMatchObject({ priority: 'P2', assignee: null });
    expect((await routingEvents(inc.id)).map((e) => (e.data.rule as { id: string }).id)).toEqual([stop.id]);
    const other = await postIncident(ctx.app, staff.agent.headers, { title: 'Scanner broken' });
    expect(other.assignee?.id).toBe(oncall.id);
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });
});
