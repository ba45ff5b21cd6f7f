import type { Incident } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, buildIncidentInput, postIncident, setupIncidentWorld, teamIdBySlug, timelineOf, type Staff } from '../../../test/factories/incidents.js';

describe('creating incidents', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  const post = (headers: Record<string, string>, payload: unknown, extra: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...headers, ...extra }, payload: payload as Record<string, unknown> });
  const countIncidents = async () => Number((await ctx.deps.db.selectFrom('incidents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(() => ctx.close());

  it('numbers the incident, computes its priority, starts its workflow and records it', async () => {
    const res = await post(staff.agent.headers, buildIncidentInput({ title: 'VPN gateway unreachable', category: 'network/vpn', impact: 'high', urgency: 'medium', businessAreas: ['sales', 'sales', 'finance'], custom: { environment: 'production', users_affected: 120 } }));
    expect(res.statusCode).toBe(201);
    const inc = res.json() as Incident;
    const year = ctx.deps.clock.now().getUTCFullYear();
    expect(inc.number).toMatch(new RegExp(`^INC-${year}-\\d{6}$`));
    expect(inc).toMatchObject({
      type: { key: 'it-outage' },
      title: 'VPN gateway unreachable',
      category: 'network/vpn',
      priority: 'P2',
      priorityOverridden: false,
      businessAreas: ['sales', 'finance'],
      state: { key: 'new', category: 'new' },
      reporter: { id: staff.agent.id, name: staff.agent.name },
      team: { id: await teamIdBySlug(ctx.deps, 'it-operations') },
      source: 'api',
      restricted: false,
      custom: { environment: 'production', users_affected: 120 },
      version: 1,
      acknowledgedAt: null,
    });
    expect(inc.transitions.map((t) => [t.key, t.requiresComment, t.allowed])).toEqual([
      ['investigate', false, true],
      ['cancel', true, true],
    ]);

    const events = await timelineOf(ctx.deps, inc.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'incident.created', visibility: 'public', actor_id: staff.agent.id, data: { number: inc.number, priority: 'P2', state: 'new' } });
    const audit = await auditOf(ctx.deps, inc.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'incident', action: 'create', actor_id: staff.agent.id, before: null });
    expect(audit[0]!.after).toMatchObject({ number: inc.number, title: 'VPN gateway unreachable', priority: 'P2', state: 'new', custom: { environment: 'production' } });
  });

  it('lets managers override the priority and refuses agents, changing nothing', async () => {
    const byManager = await postIncident(ctx.app, staff.manager.headers, { impact: 'low', urgency: 'low', priority: 'P1' });
    expect(byManager).toMatchObject({ priority: 'P1', priorityOverridden: true });
    const before = await countIncidents();
    const byAgent = await post(staff.agent.headers, buildIncidentInput({ priority: 'P1' }));
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json().error.code).toBe('forbidden');
    expect(await countIncidents()).toBe(before);
  });

  it('lets every role but auditors report, and keeps routing from reporters', async () => {
    const auditor = await post(staff.auditor.headers, buildIncidentInput());
    expect(auditor.statusCode).toBe(403);
    const reporter = await post(staff.reporter.headers, buildIncidentInput({ source: 'portal', reporterContact: { name: 'Front desk', phone: '+49 30 1234' } }));
    expect(reporter.statusCode).toBe(201);
    expect(reporter.json()).toMatchObject({ reporter: { id: staff.reporter.id }, source: 'portal', reporterContact: { name: 'Front desk' }, transitions: [] });
    const routed = await post(staff.reporter.headers, buildIncidentInput({ assigneeId: staff.agent.id }));
    expect(routed.statusCode).toBe(403);
    expect((await post(staff.reporter.headers, buildIncidentInput({ teamId: null }))).statusCode).toBe(403);
  });

  it("enforces the type's required fields, categories and custom fields", async () => {
    const missing = await post(staff.agent.headers, buildIncidentInput({ type: 'data-breach', title: 'Payroll list sent to wrong recipient' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'becameAwareAt' }] });

    const ok = await post(staff.agent.headers, buildIncidentInput({ type: 'data-breach', title: 'Payroll list sent to wrong recipient', becameAwareAt: '2026-03-02T08:15:00Z', category: 'misdirected/email' }));
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ type: { key: 'data-breach' }, restricted: true, becameAwareAt: '2026-03-02T08:15:00.000Z', team: { id: await teamIdBySlug(ctx.deps, 'data-protection') } });
    expect(ok.json().number).toMatch(/^DPB-/);

    const wrong = await post(staff.agent.headers, buildIncidentInput({ category: 'network/toaster', custom: { environment: 'moon', no_such_field: 1 } }));
    expect(wrong.statusCode).toBe(400);
    const paths = (wrong.json().error.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(['category', 'custom.environment', 'custom.no_such_field']);

    const unknownType = await post(staff.agent.headers, buildIncidentInput({ type: 'no-such-type' }));
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().error.details).toEqual([{ path: 'type', message: 'is not an active incident type' }]);
  });

  it('assigns and adds watchers only when they are active people who can work or see the incident', async () => {
    const ok = await post(staff.manager.headers, buildIncidentInput({ assigneeId: staff.agent.id, watchers: [staff.admin.id, staff.admin.id, staff.reporter.id] }));
    expect(ok.statusCode).toBe(201);
    const inc = ok.json() as Incident;
    expect(inc.assignee).toEqual({ id: staff.agent.id, name: staff.agent.name });
    expect(inc.watchers.map((w) => w.id).sort()).toEqual([staff.admin.id, staff.reporter.id].sort());

    const reporterAssignee = await post(staff.manager.headers, buildIncidentInput({ assigneeId: staff.reporter.id }));
    expect(reporterAssignee.statusCode).toBe(400);
    expect(reporterAssignee.json().error.details).toEqual([{ path: 'assigneeId', message: 'must be an agent, manager or admin' }]);
    const ghost = await post(staff.manager.headers, buildIncidentInput({ watchers: ['00000000-0000-4000-8000-000000000000'] }));
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().error.details[0].path).toBe('watchers.0');
    // A reporter outside the security team cannot watch a restricted incident they did not report.
    const hidden = await post(staff.manager.headers, buildIncidentInput({ type: 'security', detectedAt: '2026-03-01T10:00:00Z', watchers: [staff.reporter.id] }));
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().error.details[0].path).toBe('watchers.0');
  });

  it('returns the first incident when a create is repeated with the same Idempotency-Key', async () => {
    const body = buildIncidentInput({ title: 'Printer on fire' });
    const first = await post(staff.agent.headers, body, { 'idempotency-key': 'client-key-1' });
    const again = await post(staff.agent.headers, body, { 'idempotency-key': 'client-key-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const rows = await ctx.deps.db.selectFrom('incidents').select('id').where('title', '=', 'Printer on fire').execute();
    expect(rows).toHaveLength(1);
    const other = await post(staff.manager.headers, body, { 'idempotency-key': 'client-key-1' });
    expect(other.json().id).not.toBe(first.json().id);

    const racing = await Promise.all(Array.from({ length: 6 }, () => post(staff.agent.headers, buildIncidentInput({ title: 'Racing retries' }), { 'idempotency-key': 'client-key-2' })));
    expect(racing.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
    expect(new Set(racing.map((r) => r.json().id)).size).toBe(1);
    expect(await ctx.deps.db.selectFrom('incidents').select('id').where('title', '=', 'Racing retries').execute()).toHaveLength(1);
  });

  it('gives 30 concurrent creates 30 distinct, consecutive numbers', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => post(staff.agent.headers, buildIncidentInput({ type: 'security', title: `Phishing wave ${i}`, detectedAt: '2026-03-01T10:00:00Z' }))));
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const seqs = results.map((r) => Number((r.json() as Incident).number.split('-')[2])).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(30);
    expect(seqs.at(-1)! - seqs[0]!).toBe(29);
  });
});
