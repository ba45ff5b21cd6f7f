import type { Incident, WorkflowTransition } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { actorFor, auditOf, createPerson, postIncident, setupIncidentWorld, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { lifecycleTimestamps } from './incident-workflow.commands.js';
import { assertMayTransition } from './incident.policy.js';

describe('moving incidents through their workflow', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let securityAgent: Person;
  let securityManager: Person;
  const move = (ref: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/transitions`, headers, payload });
  const merge = (ref: string, headers: Record<string, string>, payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/merge`, headers, payload });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    securityAgent = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'] });
    securityManager = await createPerson(ctx.deps, 'manager', { teamSlugs: ['security'] });
  });
  afterAll(() => ctx.close());

  it('refuses a move the workflow does not declare, naming the allowed targets', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const res = await move(inc.id, staff.agent.headers, { to: 'resolved' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'invalid_transition', details: { from: 'new', to: 'resolved', allowed: ['investigating', 'closed'] } });
    expect(await timelineOf(ctx.deps, inc.id)).toHaveLength(1);
  });

  it('acknowledges, guards, resolves, reopens and closes, keeping timestamps and records straight', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    ctx.deps.clock.set('2026-05-04T08:00:00Z');
    const investigate = await move(inc.id, staff.agent.headers, { to: 'investigating' });
    expect(investigate.statusCode).toBe(200);
    expect(investigate.json()).toMatchObject({ state: { key: 'investigating', category: 'active' }, acknowledgedAt: '2026-05-04T08:00:00.000Z', version: 2 });
    const status = (await timelineOf(ctx.deps, inc.id)).at(-1)!;
    expect(status).toMatchObject({ type: 'incident.status_changed', visibility: 'public', data: { from: 'new', to: 'investigating', transition: 'investigate', fromCategory: 'new', toCategory: 'active', version: 2 } });
    expect((await auditOf(ctx.deps, inc.id)).at(-1)).toMatchObject({
      action: 'transition',
      before: { state: 'new', acknowledgedAt: null, version: 1 },
      after: { transition: 'investigate', state: 'investigating', acknowledgedAt: '2026-05-04T08:00:00.000Z', version: 2 },
    });

    const blocked = (investigate.json() as Incident).transitions.find((t) => t.key === 'resolve')!;
    expect(blocked).toMatchObject({ allowed: false, blockedBy: [{ requirement: 'resolution', message: 'Resolution is required' }] });
    const guard = await move(inc.id, staff.agent.headers, { to: 'resolved' });
    expect(guard.statusCode).toBe(422);
    expect(guard.json().error).toMatchObject({ code: 'guard_failed', details: [{ requirement: 'resolution' }] });
    const unchanged = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${inc.id}`, headers: staff.agent.headers });
    expect(unchanged.json()).toMatchObject({ state: { key: 'investigating' }, version: 2 });

    ctx.deps.clock.set('2026-05-04T09:30:00Z');
    const resolved = await move(inc.id, staff.agent.headers, { to: 'resolved', resolution: 'Restarted the mail relay.' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ state: { key: 'resolved', category: 'resolved' }, resolution: 'Restarted the mail relay.', resolvedAt: '2026-05-04T09:30:00.000Z', version: 3 });
    const resolveEvents = (await timelineOf(ctx.deps, inc.id)).slice(-2);
    expect(resolveEvents.map((e) => [e.type, e.data.field])).toEqual([
      ['incident.field_changed', 'resolution'],
      ['incident.status_changed', 'state'],
    ]);

    const noComment = await move(inc.id, staff.agent.headers, { to: 'investigating' });
    expect(noComment.statusCode).toBe(422);
    expect(noComment.json().error.details).toEqual([{ requirement: 'comment', message: 'A comment is required' }]);
    const reopened = await move(inc.id, staff.agent.headers, { to: 'investigating', comment: 'It is back: relay queue full again.' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ state: { key: 'investigating' }, resolvedAt: null, closedAt: null, acknowledgedAt: '2026-05-04T08:00:00.000Z' });
    const comment = (await timelineOf(ctx.deps, inc.id)).at(-1)!;
    expect(comment).toMatchObject({ type: 'comment.added', visibility: 'internal', data: { body: 'It is back: relay queue full again.' } });
    expect((await auditOf(ctx.deps, comment.data.commentId as string))[0]).toMatchObject({ entity_type: 'comment', action: 'create' });

    await move(inc.id, staff.agent.headers, { to: 'resolved', resolution: 'Queue limit raised.' });
    ctx.deps.clock.set('2026-05-05T10:00:00Z');
    const closed = await move(inc.id, staff.agent.headers, { to: 'closed' });
    expect(closed.json()).toMatchObject({ state: { key: 'closed', category: 'closed' }, closedAt: '2026-05-05T10:00:00.000Z', transitions: [] });
    expect((await move(inc.id, staff.agent.headers, { to: 'investigating', comment: 'again' })).statusCode).toBe(409);
    ctx.deps.clock.release();
  });

  it('sets fields given with the transition in the same step, so the guard sees them', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    await move(inc.id, staff.agent.headers, { to: 'investigating' });
    const withoutVendor = await move(inc.id, staff.agent.headers, { to: 'waiting_for_vendor' });
    expect(withoutVendor.statusCode).toBe(422);
    expect(withoutVendor.json().error.details).toEqual([{ requirement: 'custom.vendor', message: expect.any(String) }]);
    const res = await move(inc.id, staff.agent.headers, { to: 'waiting_for_vendor', fields: { custom: { vendor: 'ACME Networks' }, assigneeId: staff.agent.id }, version: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: { key: 'waiting_for_vendor', category: 'waiting' }, custom: { vendor: 'ACME Networks' }, assignee: { id: staff.agent.id }, version: 3 });
    const events = (await timelineOf(ctx.deps, inc.id)).slice(-3);
    expect(events.map((e) => [e.type, e.data.field])).toEqual([
      ['incident.assigned', 'assignee'],
      ['incident.field_changed', 'custom.vendor'],
      ['incident.status_changed', 'state'],
    ]);
    const stale = await move(inc.id, staff.agent.headers, { to: 'investigating', version: 2 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 3, changedFields: ['assignee', 'custom.vendor', 'state'] } });
  });

  it('checks the roles a transition requires, and keeps reporters and auditors out', async () => {
    const inc = await postIncident(ctx.app, securityAgent.headers, { type: 'security', detectedAt: '2026-05-01T07:00:00Z' });
    const steps: Array<[string, Record<string, unknown>]> = [
      ['investigating', { custom: { detection_source: 'siem' } }],
      ['contained', { custom: { affected_systems: 'mail01', containment_actions: 'Isolated host' } }],
      ['eradicated', { custom: { attack_vector: 'phishing', eradication_actions: 'Reimaged' } }],
      ['recovered', { resolution: 'Restored from backup', custom: { recovery_actions: 'Restored' } }],
    ];
    for (const [to, fields] of steps) expect((await move(inc.id, securityAgent.headers, { to, fields })).statusCode).toBe(200);
    const closeFields = { custom: { nis2_significant: 'no', root_cause: 'Phished password', lessons_learned: 'MFA everywhere' } };
    const byAgent = await move(inc.id, securityAgent.headers, { to: 'closed', fields: closeFields });
    expect(byAgent.statusCode).toBe(422);
    expect(byAgent.json().error.details).toEqual([{ requirement: 'role', message: expect.stringContaining('admin or manager') }]);
    expect((await move(inc.id, staff.auditor.headers, { to: 'closed' })).statusCode).toBe(403);
    expect((await move(inc.id, securityManager.headers, { to: 'closed', fields: closeFields })).statusCode).toBe(200);

    const own = await postIncident(ctx.app, staff.reporter.headers);
    const byReporter = await move(own.id, staff.reporter.headers, { to: 'investigating' });
    expect(byReporter.statusCode).toBe(403);
  });

  it('lets a reporter take only a transition that names the reporter role, without changing fields', async () => {
    const confirm: WorkflowTransition = { key: 'confirm', label: { en: 'Confirm fix' }, from: ['resolved'], to: 'closed', requires: { roles: ['reporter', 'agent'] } };
    const reporter = await actorFor(ctx.deps, staff.reporter.id);
    expect(() => assertMayTransition(reporter, confirm, false)).not.toThrow();
    expect(() => assertMayTransition(reporter, confirm, true)).toThrow(/may not change fields/);
    expect(() => assertMayTransition(reporter, { ...confirm, requires: {} }, false)).toThrow(/Only agents, managers and admins/);
    expect(() => assertMayTransition(reporter, undefined, false)).toThrow();
    const auditor = await actorFor(ctx.deps, staff.auditor.id);
    expect(() => assertMayTransition(auditor, confirm, false)).toThrow();
  });

  it('keeps the lifecycle timestamps consistent on every kind of move', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-01-02T00:00:00Z');
    const none = { acknowledged_at: null, resolved_at: null, closed_at: null };
    expect(lifecycleTimestamps(none, 'new', 'new', now)).toEqual(none);
    expect(lifecycleTimestamps(none, 'new', 'waiting', now)).toEqual({ acknowledged_at: now, resolved_at: null, closed_at: null });
    expect(lifecycleTimestamps(none, 'new', 'closed', now)).toEqual({ acknowledged_at: now, resolved_at: now, closed_at: now });
    expect(lifecycleTimestamps({ acknowledged_at: t0, resolved_at: t0, closed_at: null }, 'resolved', 'closed', now)).toEqual({ acknowledged_at: t0, resolved_at: t0, closed_at: now });
    expect(lifecycleTimestamps({ acknowledged_at: t0, resolved_at: t0, closed_at: t0 }, 'closed', 'active', now)).toEqual({ acknowledged_at: t0, resolved_at: null, closed_at: null });
  });

  describe('merging duplicates', () => {
    it('closes the duplicate, links it, moves its followers to the original and records both sides', async () => {
      const original = await postIncident(ctx.app, staff.agent.headers, { title: 'Wifi down in building B' });
      const duplicate = await postIncident(ctx.app, staff.reporter.headers, { title: 'No wifi on floor 3' });
      await ctx.app.inject({ method: 'PUT', url: `/api/v1/incidents/${duplicate.id}/watchers/${staff.manager.id}`, headers: staff.manager.headers });
      const res = await merge(duplicate.number, staff.agent.headers, { into: original.number, comment: 'Same outage' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ state: { key: 'closed', category: 'closed' }, mergedInto: { id: original.id, number: original.number }, version: 2 });
      expect(res.json().closedAt).not.toBeNull();

      const watchers = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${original.id}/watchers`, headers: staff.agent.headers });
      expect((watchers.json().items as Array<{ id: string }>).map((w) => w.id).sort()).toEqual([staff.manager.id, staff.reporter.id].sort());
      const links = await ctx.deps.db.selectFrom('incident_links').selectAll().where('from_id', '=', duplicate.id).execute();
      expect(links).toMatchObject([{ to_id: original.id, kind: 'duplicate_of', created_by: staff.agent.id }]);

      const dupEvents = await timelineOf(ctx.deps, duplicate.id);
      expect(dupEvents.find((e) => e.type === 'incident.merged')).toMatchObject({ visibility: 'public', data: { into: { id: original.id, number: original.number }, from: 'new', to: 'closed' } });
      expect(dupEvents.find((e) => e.type === 'comment.added')).toMatchObject({ data: { body: 'Same outage' } });
      const origEvents = await timelineOf(ctx.deps, original.id);
      expect(origEvents.at(-1)).toMatchObject({ type: 'incident.duplicate_merged', data: { duplicate: { id: duplicate.id, number: duplicate.number } } });
      expect((origEvents.at(-1)!.data.watchersAdded as string[]).sort()).toEqual([staff.manager.id, staff.reporter.id].sort());
      expect((await auditOf(ctx.deps, duplicate.id)).at(-1)).toMatchObject({ action: 'merge', before: { mergedIntoId: null, state: 'new' }, after: { mergedIntoId: original.id, state: 'closed' } });
      expect((await auditOf(ctx.deps, original.id)).at(-1)).toMatchObject({ action: 'duplicate_merged', after: { duplicateId: duplicate.id } });

      // The reporter of the duplicate now follows the original, so they can see it.
      expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${original.id}`, headers: staff.reporter.headers })).statusCode).toBe(200);
      const again = await merge(duplicate.id, staff.agent.headers, { into: original.id });
      expect(again.statusCode).toBe(409);
      const third = await postIncident(ctx.app, staff.agent.headers);
      const intoMerged = await merge(third.id, staff.agent.headers, { into: duplicate.id });
      expect(intoMerged.statusCode).toBe(409);
      const moveMerged = await move(duplicate.id, staff.agent.headers, { to: 'investigating' });
      expect(moveMerged.statusCode).toBe(409);
    });

    it('refuses merging into itself, across restricted types unless admin, and into what the caller cannot see', async () => {
      const a = await postIncident(ctx.app, staff.agent.headers);
      const self = await merge(a.id, staff.agent.headers, { into: a.number });
      expect(self.statusCode).toBe(400);
      expect(self.json().error.details).toEqual([{ path: 'into', message: 'an incident cannot be merged into itself' }]);

      const secret = await postIncident(ctx.app, securityAgent.headers, { type: 'security', detectedAt: '2026-05-01T07:00:00Z' });
      expect((await merge(a.id, staff.agent.headers, { into: secret.id })).statusCode).toBe(404);
      expect((await merge(a.id, securityManager.headers, { into: secret.id })).statusCode).toBe(403);
      expect((await merge(a.id, staff.reporter.headers, { into: secret.id })).statusCode).toBe(403);
      expect((await merge(a.id, staff.auditor.headers, { into: secret.id })).statusCode).toBe(403);
      const byAdmin = await merge(a.id, staff.admin.headers, { into: secret.id });
      expect(byAdmin.statusCode).toBe(200);
      expect(byAdmin.json().mergedInto.id).toBe(secret.id);
    });
  });
});
