import type { RoutingRule } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, setupIncidentWorld, teamIdBySlug, type Staff } from '../../../test/factories/incidents.js';
import { verifyAuditChain } from '../audit/index.js';

describe('routing rules API', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let itTeam: string;
  let facilities: string;
  const url = '/api/v1/routing-rules';
  const post = (payload: unknown, headers = staff.admin.headers) => ctx.app.inject({ method: 'POST', url, headers, payload: payload as object });
  const patch = (id: string, payload: unknown, headers: Record<string, string>) => ctx.app.inject({ method: 'PATCH', url: `${url}/${id}`, headers, payload: payload as object });
  const criticalOutage = () => ({
    name: 'Critical IT outages to IT operations',
    type: 'it-outage',
    conditions: [
      { field: 'severity', op: 'at_least', value: 'critical' },
      { field: 'category', op: 'within', value: 'network' },
      { field: 'custom', key: 'environment', op: 'in', value: ['production'] },
    ],
    effects: [
      { kind: 'set_team', teamId: itTeam },
      { kind: 'raise_priority', priority: 'P1' },
    ],
  });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    itTeam = await teamIdBySlug(ctx.deps, 'it-operations');
    facilities = await teamIdBySlug(ctx.deps, 'facilities');
  });
  afterAll(() => ctx.close());

  it('creates a rule at the end of the order, with an audit record; managers and auditors read, others may not', async () => {
    const res = await post(criticalOutage());
    expect(res.statusCode).toBe(201);
    const rule = res.json() as RoutingRule;
    expect(res.headers.etag).toBe('"1"');
    expect(rule).toMatchObject({ name: 'Critical IT outages to IT operations', type: { key: 'it-outage' }, enabled: true, stopProcessing: false, version: 1, position: 1 });
    expect(rule.conditions).toHaveLength(3);
    const audit = await auditOf(ctx.deps, rule.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'routing_rule', action: 'create', actor_id: staff.admin.id, after: { name: rule.name, position: 1, effects: rule.effects } });

    const second = (await post({ name: 'Facility faults in Leipzig', type: null, conditions: [{ field: 'locations', op: 'any_of', value: ['Leipzig plant'] }], effects: [{ kind: 'set_team', teamId: facilities }] })).json() as RoutingRule;
    expect(second.position).toBe(2);
    expect(second.type).toBeNull();

    const asManager = await ctx.app.inject({ method: 'GET', url, headers: staff.manager.headers });
    expect(asManager.statusCode).toBe(200);
    expect((asManager.json() as { items: RoutingRule[] }).items.map((r) => r.id)).toEqual([rule.id, second.id]);
    expect((await ctx.app.inject({ method: 'GET', url: `${url}/${rule.id}`, headers: staff.auditor.headers })).statusCode).toBe(200);
    for (const who of [staff.agent, staff.reporter]) {
      expect((await ctx.app.inject({ method: 'GET', url, headers: who.headers })).statusCode).toBe(403);
    }
    expect((await post(criticalOutage(), staff.manager.headers)).json().error.code).toBe('forbidden');
    expect((await ctx.app.inject({ method: 'GET', url: `${url}/00000000-0000-4000-8000-000000000000`, headers: staff.admin.headers })).statusCode).toBe(404);
  });

  it('refuses unknown teams, users, types, categories and fields as a 400 naming each', async () => {
    const ghost = '00000000-0000-4000-8000-00000000dead';
    const res = await post({
      name: 'Broken',
      type: 'it-outage',
      conditions: [
        { field: 'type', op: 'in', value: ['it-outage', 'no-such-type'] },
        { field: 'category', op: 'equals', value: 'network/telepathy' },
        { field: 'custom', key: 'no_such_field', op: 'exists' },
        { field: 'custom', key: 'environment', op: 'equals', value: 'moon' },
        { field: 'custom', key: 'users_affected', op: 'in', value: [10, 'many'] },
      ],
      effects: [
        { kind: 'set_team', teamId: ghost },
        { kind: 'set_assignee', userId: staff.reporter.id },
        { kind: 'add_watchers', userIds: [staff.agent.id, ghost] },
        { kind: 'start_escalation', policyId: ghost },
        { kind: 'notify', teamIds: [ghost] },
        { kind: 'set_team', teamId: itTeam },
      ],
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual(
      expect.arrayContaining([
        { path: 'body.conditions.0.value.1', message: '"no-such-type" is not the key of an incident type' },
        { path: 'body.conditions.1.value', message: '"network/telepathy" is not a category of it-outage' },
        { path: 'body.conditions.2.key', message: '"no_such_field" is not a custom field of it-outage' },
        { path: 'body.conditions.3.value', message: expect.stringContaining('must be one of: production') },
        { path: 'body.conditions.4.value.1', message: 'must be a number for this field' },
        { path: 'body.effects.0.teamId', message: 'is not a team' },
        { path: 'body.effects.1.userId', message: 'The reporter is not an agent, manager or admin' },
        { path: 'body.effects.2.userIds.1', message: 'is not a user' },
        { path: 'body.effects.3.policyId', message: 'is not an escalation policy' },
        { path: 'body.effects.4.teamIds.0', message: 'is not a team' },
        { path: 'body.effects.5.kind', message: 'only one set_team effect per rule' },
      ]),
    );
    expect(body.error.details).toHaveLength(11);

    const unknownType = await post({ ...criticalOutage(), type: 'no-such-type' });
    expect(unknownType.json().error.details).toContainEqual({ path: 'body.type', message: '"no-such-type" is not an incident type' });
    const neverMatches = await post({ ...criticalOutage(), conditions: [{ field: 'type', op: 'in', value: ['security'] }] });
    expect(neverMatches.json().error.details).toEqual([{ path: 'body.conditions.0.value', message: 'the rule is for it-outage incidents only, so this condition never holds' }]);
    const globalField = await post({ name: 'Global', conditions: [{ field: 'custom', key: 'safety_hazard', op: 'equals', value: true }], effects: [{ kind: 'set_team', teamId: facilities }] });
    expect(globalField.statusCode).toBe(201);
    const multi = await post({ name: 'Multi', conditions: [{ field: 'custom', key: 'breach_types', op: 'equals', value: 'integrity' }], effects: [{ kind: 'raise_priority', priority: 'P2' }] });
    expect(multi.json().error.details).toEqual([{ path: 'body.conditions.0.op', message: 'breach_types holds several values: use contains' }]);
    const shape = await post({ name: 'Shape', conditions: [{ field: 'priority', op: 'at_least', value: ['P1'] }], effects: [] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body.conditions.0.value', 'body.effects']));
    const remove = await ctx.app.inject({ method: 'DELETE', url: `${url}/${(globalField.json() as RoutingRule).id}`, headers: staff.admin.headers });
    expect(remove.statusCode).toBe(204);
  });

  it('changes a rule against its version only, records before and after, and ignores a change that changes nothing', async () => {
    const rule = (await post(criticalOutage())).json() as RoutingRule;
    expect((await patch(rule.id, { enabled: false }, staff.admin.headers)).statusCode).toBe(428);
    const stale = await patch(rule.id, { enabled: false }, { ...staff.admin.headers, 'if-match': '"7"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1 } });

    const res = await patch(rule.id, { enabled: false, stopProcessing: true, name: 'Renamed' }, { ...staff.admin.headers, 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ enabled: false, stopProcessing: true, name: 'Renamed', version: 2 });
    expect(res.headers.etag).toBe('"2"');
    const audit = await auditOf(ctx.deps, rule.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', before: { enabled: true, name: rule.name, version: 1 }, after: { enabled: false, name: 'Renamed', version: 2 } });

    const same = await patch(rule.id, { enabled: false, version: 2 }, staff.admin.headers);
    expect(same.statusCode).toBe(200);
    expect(same.json().version).toBe(2);
    expect(await auditOf(ctx.deps, rule.id)).toHaveLength(audit.length);

    const bad = await patch(rule.id, { effects: [{ kind: 'set_assignee', userId: staff.auditor.id }] }, { ...staff.admin.headers, 'if-match': '2' });
    expect(bad.json().error.details).toEqual([{ path: 'body.effects.0.userId', message: 'The auditor is not an agent, manager or admin' }]);
    expect((await patch(rule.id, { enabled: true }, { ...staff.manager.headers, 'if-match': '2' })).statusCode).toBe(403);

    expect((await ctx.app.inject({ method: 'DELETE', url: `${url}/${rule.id}`, headers: { ...staff.admin.headers, 'if-match': '"1"' } })).statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'DELETE', url: `${url}/${rule.id}`, headers: { ...staff.admin.headers, 'if-match': '"2"' } })).statusCode).toBe(204);
    expect((await auditOf(ctx.deps, rule.id)).at(-1)).toMatchObject({ action: 'delete', before: { name: 'Renamed', version: 2 } });
    expect((await ctx.app.inject({ method: 'GET', url: `${url}/${rule.id}`, headers: staff.admin.headers })).statusCode).toBe(404);
  });

  it('reorders when every rule is named once, auditing each rule that moved', async () => {
    const before = ((await ctx.app.inject({ method: 'GET', url, headers: staff.admin.headers })).json() as { items: RoutingRule[] }).items;
    expect(before.length).toBeGreaterThanOrEqual(2);
    const ids = before.map((r) => r.id);
    const reversed = [...ids].reverse();

    const reorderUrl = `${url}/reorder`;
    const inject = (payload: unknown, headers = staff.admin.headers) => ctx.app.inject({ method: 'POST', url: reorderUrl, headers, payload: payload as object });
    const partial = await inject({ ids: reversed.slice(1) });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.details[0]).toMatchObject({ path: 'body.ids', message: expect.stringContaining(reversed[0]!) });
    const doubled = await inject({ ids: [...reversed, reversed[0]] });
    expect(doubled.json().error.details).toEqual([{ path: `body.ids.${reversed.length}`, message: 'is listed twice' }]);
    const unknown = await inject({ ids: [...reversed.slice(0, -1), '00000000-0000-4000-8000-000000000001'] });
    expect(unknown.json().error.details[0]).toEqual({ path: `body.ids.${reversed.length - 1}`, message: 'is not a routing rule' });
    expect((await inject({ ids: reversed }, staff.manager.headers)).statusCode).toBe(403);

    const res = await inject({ ids: reversed });
    expect(res.statusCode).toBe(200);
    const after = (res.json() as { items: RoutingRule[] }).items;
    expect(after.map((r) => r.id)).toEqual(reversed);
    expect(after.map((r) => r.position)).toEqual(reversed.map((_, i) => i + 1));
    const first = after[0]!;
    expect((await auditOf(ctx.deps, first.id)).at(-1)).toMatchObject({ action: 'reorder', after: { position: 1 } });
    expect(first.version).toBe(before.find((r) => r.id === first.id)!.version + 1);
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });

  it('names a team member who is inactive', async () => {
    const gone = await createPerson(ctx.deps, 'agent', { name: 'Gone Agent' });
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    const res = await post({ name: 'Watchers', effects: [{ kind: 'add_watchers', userIds: [gone.id] }] });
    expect(res.json().error.details).toEqual([{ path: 'body.effects.0.userIds.0', message: 'Gone Agent is not active' }]);
  });
});
