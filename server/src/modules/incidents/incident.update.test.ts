import type { Incident } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, postIncident, setupIncidentWorld, timelineOf, type Staff } from '../../../test/factories/incidents.js';

describe('changing incident fields', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  const patch = (ref: string, headers: Record<string, string>, payload: Record<string, unknown>, version?: string) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${ref}`, headers: { ...headers, ...(version === undefined ? {} : { 'if-match': version }) }, payload });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(() => ctx.close());

  it('needs the version the change is based on', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const res = await patch(inc.id, staff.agent.headers, { title: 'No version' });
    expect(res.statusCode).toBe(428);
    expect(res.json().error.code).toBe('precondition_required');
    const bad = await patch(inc.id, staff.agent.headers, { title: 'Bad version' }, 'yesterday');
    expect(bad.statusCode).toBe(400);
    const disagree = await patch(inc.id, staff.agent.headers, { title: 'Two versions', version: 2 }, '"1"');
    expect(disagree.statusCode).toBe(400);
  });

  it('writes one timeline event per changed field and one audit record, and bumps the version', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers, { title: 'Old title', severity: 'medium', custom: { environment: 'staging' } });
    const res = await patch(inc.number, staff.agent.headers, { title: 'New title', severity: 'critical', description: inc.description, custom: { environment: 'production', vendor: 'ACME' }, dueAt: '2026-04-01T12:00:00+02:00' }, '"1"');
    expect(res.statusCode).toBe(200);
    const after = res.json() as Incident;
    expect(after).toMatchObject({ title: 'New title', severity: 'critical', version: 2, custom: { environment: 'production', vendor: 'ACME' }, dueAt: '2026-04-01T10:00:00.000Z' });
    expect(after.updatedAt >= inc.updatedAt).toBe(true);

    const events = (await timelineOf(ctx.deps, inc.id)).filter((e) => e.type !== 'incident.created');
    expect(events.map((e) => [e.type, e.data.field, e.data.from, e.data.to, e.data.version])).toEqual([
      ['incident.field_changed', 'title', 'Old title', 'New title', 2],
      ['incident.field_changed', 'severity', 'medium', 'critical', 2],
      ['incident.field_changed', 'dueAt', null, '2026-04-01T10:00:00.000Z', 2],
      ['incident.field_changed', 'custom.environment', 'staging', 'production', 2],
      ['incident.field_changed', 'custom.vendor', null, 'ACME', 2],
    ]);
    const audit = (await auditOf(ctx.deps, inc.id)).filter((a) => a.action === 'update');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before).toEqual({ title: 'Old title', severity: 'medium', dueAt: null, 'custom.environment': 'staging', 'custom.vendor': null, version: 1 });
    expect(audit[0]!.after).toEqual({ title: 'New title', severity: 'critical', dueAt: '2026-04-01T10:00:00.000Z', 'custom.environment': 'production', 'custom.vendor': 'ACME', version: 2 });

    const clear = await patch(inc.id, staff.agent.headers, { custom: { vendor: null } }, 'W/"2"');
    expect(clear.statusCode).toBe(200);
    expect(clear.json().custom).toEqual({ environment: 'production' });
  });

  it('refuses a stale version with the fields changed since, and changes nothing', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers, { title: 'Contended' });
    expect((await patch(inc.id, staff.manager.headers, { title: 'Manager wins', impact: 'low' }, '"1"')).statusCode).toBe(200);
    const stale = await patch(inc.id, staff.agent.headers, { title: 'Agent loses' }, '"1"');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2, changedFields: ['title', 'impact', 'priority'] } });
    const bodyVersion = await patch(inc.id, staff.agent.headers, { title: 'Agent retries', version: 1 });
    expect(bodyVersion.statusCode).toBe(409);
    const now = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}`, headers: staff.agent.headers });
    expect(now.json()).toMatchObject({ title: 'Manager wins', version: 2 });
    expect((await patch(inc.id, staff.agent.headers, { title: 'Agent retries', version: 2 })).statusCode).toBe(200);
  });

  it('recomputes the priority from impact and urgency unless a manager set it by hand', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers, { impact: 'medium', urgency: 'medium' });
    expect(inc.priority).toBe('P3');
    const up = await patch(inc.id, staff.agent.headers, { impact: 'high', urgency: 'high' }, '"1"');
    expect(up.json()).toMatchObject({ priority: 'P1', priorityOverridden: false });
    const priorityEvents = (await timelineOf(ctx.deps, inc.id)).filter((e) => e.type === 'incident.priority_changed');
    expect(priorityEvents.map((e) => e.data)).toEqual([{ field: 'priority', from: 'P3', to: 'P1', version: 2 }]);

    const agentOverride = await patch(inc.id, staff.agent.headers, { priority: 'P4' }, '"2"');
    expect(agentOverride.statusCode).toBe(403);
    const override = await patch(inc.id, staff.manager.headers, { priority: 'P4' }, '"2"');
    expect(override.json()).toMatchObject({ priority: 'P4', priorityOverridden: true });
    const kept = await patch(inc.id, staff.agent.headers, { urgency: 'low' }, '"3"');
    expect(kept.json()).toMatchObject({ priority: 'P4', urgency: 'low' });
    const back = await patch(inc.id, staff.admin.headers, { priority: null }, '"4"');
    expect(back.json()).toMatchObject({ priority: 'P3', priorityOverridden: false });
  });

  it('assigns to active workers only and records the assignment', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const res = await patch(inc.id, staff.manager.headers, { assigneeId: staff.agent.id }, '"1"');
    expect(res.json().assignee).toEqual({ id: staff.agent.id, name: staff.agent.name });
    const assigned = (await timelineOf(ctx.deps, inc.id)).filter((e) => e.type === 'incident.assigned');
    expect(assigned.map((e) => e.data)).toEqual([{ field: 'assignee', from: null, to: { id: staff.agent.id, name: staff.agent.name }, version: 2 }]);
    const audit = (await auditOf(ctx.deps, inc.id)).at(-1)!;
    expect(audit).toMatchObject({ action: 'update', before: { assignee: null, version: 1 }, after: { assignee: { id: staff.agent.id }, version: 2 } });

    expect((await patch(inc.id, staff.manager.headers, { assigneeId: staff.reporter.id }, '"2"')).statusCode).toBe(400);
    expect((await patch(inc.id, staff.manager.headers, { assigneeId: staff.auditor.id }, '"2"')).statusCode).toBe(400);
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', staff.admin.id).execute();
    try {
      const inactive = await patch(inc.id, staff.manager.headers, { assigneeId: staff.admin.id }, '"2"');
      expect(inactive.statusCode).toBe(400);
      expect(inactive.json().error.details).toEqual([{ path: 'assigneeId', message: 'is not an active user' }]);
    } finally {
      await ctx.deps.db.updateTable('users').set({ active: true }).where('id', '=', staff.admin.id).execute();
    }
  });

  it('changes nothing when nothing differs', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers, { title: 'Same', businessAreas: ['hr'] });
    const res = await patch(inc.id, staff.agent.headers, { title: 'Same', businessAreas: ['hr', 'hr'], impact: inc.impact }, '"1"');
    expect(res.json().version).toBe(1);
    expect(await timelineOf(ctx.deps, inc.id)).toHaveLength(1);
    expect(await auditOf(ctx.deps, inc.id)).toHaveLength(1);
  });

  it('refuses reporters, auditors, state changes and clearing a required field', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    expect((await patch(inc.id, staff.reporter.headers, { title: 'Mine' }, '"1"')).statusCode).toBe(403);
    expect((await patch(inc.id, staff.auditor.headers, { title: 'Audited' }, '"1"')).statusCode).toBe(403);
    const state = await patch(inc.id, staff.agent.headers, { state: 'closed' }, '"1"');
    expect(state.statusCode).toBe(400);
    expect(state.json().error.code).toBe('validation_failed');

    const breach = await postIncident(ctx.app, staff.agent.headers, { type: 'data-breach', becameAwareAt: '2026-03-02T08:15:00Z' });
    const cleared = await patch(breach.id, staff.agent.headers, { becameAwareAt: null }, '"1"');
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().error.details).toEqual([{ path: 'becameAwareAt', message: 'is required for data-breach incidents' }]);
    const category = await patch(breach.id, staff.agent.headers, { category: 'network/dns' }, '"1"');
    expect(category.statusCode).toBe(400);
    expect(category.json().error.details).toEqual([{ path: 'category', message: 'is not a category of data-breach' }]);
  });
});
