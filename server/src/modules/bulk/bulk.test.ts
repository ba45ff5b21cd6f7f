import { randomUUID } from 'node:crypto';
import type { BulkResponse } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createIncidentAs, createPerson, setupIncidentWorld, teamIdBySlug, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp } from '../../../test/harness.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

describe('bulk assign and transition', () => {
  let ctx: Ctx;
  let staff: Staff;
  let agent: Person;
  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    agent = await createPerson(ctx.deps, 'agent', { teamSlugs: ['it-operations'] });
  });
  afterAll(() => ctx.close());

  const bulk = (who: Person, payload: unknown) => ctx.app.inject({ method: 'POST', url: '/api/v1/incidents/bulk', headers: who.headers, payload: payload as object });

  it('assigns each visible incident in its own change, and reports invisible and unknown ones as not_found', async () => {
    const a = await createIncidentAs(ctx.deps, staff.admin.id);
    const b = await createIncidentAs(ctx.deps, staff.admin.id);
    const secret = await createIncidentAs(ctx.deps, staff.admin.id, { type: 'security', detectedAt: new Date().toISOString() });
    const missing = randomUUID();
    const team = await teamIdBySlug(ctx.deps, 'it-operations');
    const res = await bulk(agent, { action: 'assign', ids: [a.id, b.number, secret.id, missing], assigneeId: agent.id, teamId: team });
    expect(res.statusCode).toBe(200);
    const body = res.json() as BulkResponse;
    expect(body).toMatchObject({ succeeded: 2, failed: 2 });
    expect(body.results.map((r) => [r.id, r.ok, r.error?.code ?? null])).toEqual([
      [a.id, true, null],
      [b.number, true, null],
      [secret.id, false, 'not_found'],
      [missing, false, 'not_found'],
    ]);
    expect(body.results[1]!.incident).toMatchObject({ id: b.id, number: b.number, version: 2 });

    for (const row of [a, b]) {
      const timeline = await timelineOf(ctx.deps, row.id);
      expect(timeline.filter((e) => e.type === 'incident.assigned')).toHaveLength(1);
      const audit = await auditOf(ctx.deps, row.id);
      expect(audit.at(-1)).toMatchObject({ action: 'update', actor_id: agent.id });
      expect(audit.at(-1)!.after).toMatchObject({ assignee: { id: agent.id } });
    }
    expect((await timelineOf(ctx.deps, secret.id)).map((e) => e.type)).toEqual(['incident.created']);
    const stored = await ctx.deps.db.selectFrom('incidents').select('assignee_id').where('id', '=', secret.id).executeTakeFirstOrThrow();
    expect(stored.assignee_id).toBeNull();
  });

  it('transitions each incident on its own: one that cannot move fails alone, the others are committed', async () => {
    const ready = await createIncidentAs(ctx.deps, staff.admin.id);
    const alsoReady = await createIncidentAs(ctx.deps, staff.admin.id);
    const moved = await createIncidentAs(ctx.deps, staff.admin.id);
    expect((await bulk(agent, { action: 'transition', ids: [moved.id], to: 'investigating' })).json()).toMatchObject({ succeeded: 1 });

    const res = await bulk(agent, { action: 'transition', ids: [ready.id, moved.id, alsoReady.id], to: 'investigating', comment: 'Looking into all of these', commentVisibility: 'public' });
    const body = res.json() as BulkResponse;
    expect(body.results.map((r) => r.error?.code ?? 'ok')).toEqual(['ok', 'invalid_transition', 'ok']);
    expect(body.results[0]!.incident?.state).toBe('investigating');
    for (const row of [ready, alsoReady]) {
      const types = (await timelineOf(ctx.deps, row.id)).map((e) => e.type);
      expect(types).toEqual(['incident.created', 'incident.status_changed', 'comment.added']);
      expect((await auditOf(ctx.deps, row.id)).map((a) => a.action)).toContain('transition');
    }

    const guarded = await bulk(agent, { action: 'transition', ids: [ready.id, alsoReady.id], to: 'resolved' });
    expect((guarded.json() as BulkResponse).results.map((r) => r.error?.code)).toEqual(['guard_failed', 'guard_failed']);
    const resolved = await bulk(agent, { action: 'transition', ids: [ready.id, alsoReady.id], to: 'resolved', resolution: 'Restarted the mail relay' });
    expect(resolved.json()).toMatchObject({ succeeded: 2, failed: 0 });
  });

  it('leaves the decision to the incident policy: a reporter cannot assign, an auditor cannot transition', async () => {
    const row = await createIncidentAs(ctx.deps, staff.reporter.id);
    const byReporter = (await bulk(staff.reporter, { action: 'assign', ids: [row.id], assigneeId: agent.id })).json() as BulkResponse;
    expect(byReporter.results[0]!.error?.code).toBe('forbidden');
    const byAuditor = (await bulk(staff.auditor, { action: 'transition', ids: [row.id], to: 'investigating' })).json() as BulkResponse;
    expect(byAuditor.results[0]!.error?.code).toBe('forbidden');
    expect((await timelineOf(ctx.deps, row.id)).map((e) => e.type)).toEqual(['incident.created']);
  });

  it('rejects malformed requests before changing anything', async () => {
    const row = await createIncidentAs(ctx.deps, staff.admin.id);
    const ids = Array.from({ length: 201 }, () => randomUUID());
    for (const payload of [
      { action: 'assign', ids, assigneeId: agent.id },
      { action: 'assign', ids: [row.id, row.id], assigneeId: agent.id },
      { action: 'assign', ids: [row.id] },
      { action: 'assign', ids: [], assigneeId: agent.id },
      { action: 'delete', ids: [row.id] },
      { action: 'transition', ids: [row.id] },
      { action: 'transition', ids: [row.id], to: 'investigating', version: 1 },
    ]) {
      const res = await bulk(agent, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect((await timelineOf(ctx.deps, row.id)).map((e) => e.type)).toEqual(['incident.created']);
  });
});
