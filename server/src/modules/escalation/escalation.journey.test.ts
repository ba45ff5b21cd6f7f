import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { createPerson, postIncident, setupIncidentWorld, teamIdBySlug } from '../../../test/factories/incidents.js';
import { verifyAuditChain } from '../audit/index.js';
import { createDailySchedule, createPolicy, minutes, runDueJobs } from './escalation.test-support.js';

// The journey of issue 4 at the API: a critical outage pages the on-call engineer, escalates when
// nobody acknowledges, and stops when the next person acknowledges from the link in their page.
describe('journey: a critical IT outage pages on call, escalates, and stops on the acknowledge link', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('runs end to end through the API, the jobs and the signed link', async () => {
    const staff = await setupIncidentWorld(ctx.deps);
    const itOps = await teamIdBySlug(ctx.deps, 'it-operations');
    const alice = await createPerson(ctx.deps, 'agent', { name: 'Alice', teamSlugs: ['it-operations'] });
    const bob = await createPerson(ctx.deps, 'agent', { name: 'Bob', teamSlugs: ['it-operations'] });
    const carol = await createPerson(ctx.deps, 'manager', { name: 'Carol', teamSlugs: ['it-operations'] });
    ctx.deps.clock.set('2026-06-01T10:00:00Z');
    const scheduleId = await createDailySchedule(ctx.app, staff.admin.headers, itOps, [alice.id, bob.id]);
    const onCall = await ctx.app.inject({ method: 'GET', url: `/api/v1/schedules/${scheduleId}/on-call?at=2026-06-01T10:00:00Z`, headers: staff.agent.headers });
    expect(onCall.json().shift.user).toMatchObject({ id: alice.id });
    const policy = await createPolicy(ctx.app, carol.headers, {
      teamId: itOps,
      name: 'IT critical',
      levels: [
        { delayMinutes: 5, targets: [{ kind: 'schedule', id: scheduleId }] },
        { delayMinutes: 10, targets: [{ kind: 'user', id: carol.id }] },
      ],
    });

    // A critical outage, reported through the API, and the policy started on it.
    const incident = await postIncident(ctx.app, staff.agent.headers, { title: 'Checkout API returns 503', severity: 'critical', impact: 'high', urgency: 'high', teamId: itOps });
    expect(incident.priority).toBe('P1');
    const started = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.number}/escalations`, headers: staff.agent.headers, payload: { policyId: policy.id } });
    expect(started.statusCode).toBe(201);
    const escalationId = started.json().id as string;

    // The first step pages whoever is on call: Alice, in her inbox, with a link to acknowledge.
    await runDueJobs(ctx.deps);
    const inbox = async (headers: Record<string, string>) => (await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers })).json().items;
    const unread = async (headers: Record<string, string>) => (await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications/unread-count', headers })).json().count;
    const [page] = await inbox(alice.headers);
    expect(page).toMatchObject({ kind: 'paged', urgency: 'high', incident: { id: incident.id, number: incident.number, title: 'Checkout API returns 503' }, readAt: null });
    expect(page.title).toBe(`Paged: ${incident.number} Checkout API returns 503`);
    expect(page.ackUrl).toMatch(/\/ack\/[A-Za-z0-9_-]+$/);
    expect(await unread(alice.headers)).toBe(1);
    expect(await inbox(carol.headers)).toEqual([]);

    // Nobody acknowledges: at the level's delay, the next level pages Carol.
    ctx.deps.clock.advance(minutes(4));
    await runDueJobs(ctx.deps);
    expect(await inbox(carol.headers)).toEqual([]);
    ctx.deps.clock.advance(minutes(1));
    await runDueJobs(ctx.deps);
    const [escalated] = await inbox(carol.headers);
    expect(escalated).toMatchObject({ kind: 'escalated', urgency: 'high', incident: { id: incident.id } });

    // Carol acknowledges from the link in her page: a confirmation page first, then the POST.
    ctx.deps.clock.advance(minutes(2));
    const link = new URL(escalated.ackUrl as string).pathname;
    const confirm = await ctx.app.inject({ method: 'GET', url: link });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(incident.number);
    const tokenBefore = (await ctx.deps.db.selectFrom('escalations').select('token').where('id', '=', escalationId).executeTakeFirstOrThrow()).token;
    const acked = await ctx.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(acked.statusCode).toBe(200);
    const tokenAfter = (await ctx.deps.db.selectFrom('escalations').select('token').where('id', '=', escalationId).executeTakeFirstOrThrow()).token;
    expect(tokenAfter).not.toBe(tokenBefore);

    const shown = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}`, headers: staff.agent.headers })).json();
    expect(shown.acknowledgedAt).toBe('2026-06-01T10:07:00.000Z');
    const [escalation] = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}/escalations`, headers: staff.agent.headers })).json().items;
    expect(escalation).toMatchObject({ id: escalationId, state: 'acknowledged', nextStepAt: null, stopReason: 'incident acknowledged' });
    expect(escalation.pages.map((p: { level: number; user: { name: string }; pagedAt: string }) => `${p.level} ${p.user.name} ${p.pagedAt}`)).toEqual([
      '1 Alice 2026-06-01T10:00:00.000Z',
      '2 Carol 2026-06-01T10:05:00.000Z',
    ]);

    // No further pages, however long nobody does anything else.
    ctx.deps.clock.advance(minutes(120));
    await runDueJobs(ctx.deps);
    expect(await inbox(alice.headers)).toHaveLength(1);
    expect(await inbox(carol.headers)).toHaveLength(1);
    expect(await inbox(bob.headers)).toEqual([]);

    // The timeline tells it all, in order, with who did what.
    const timeline = (await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${incident.id}/timeline?limit=200`, headers: staff.agent.headers })).json().items as Array<{
      type: string;
      actor: { name: string } | null;
      data: Record<string, unknown>;
    }>;
    const story = timeline
      .filter((e) => e.type.startsWith('escalation.') || e.type === 'notification.sent' || e.type === 'incident.acknowledged' || e.type === 'incident.created')
      .map((e) => {
        if (e.type === 'escalation.step') return `${e.type} level ${e.data.level}: ${(e.data.paged as Array<{ name: string }>).map((p) => p.name).join(', ')}`;
        if (e.type === 'notification.sent') return `${e.type} to ${(e.data.user as { name: string }).name}`;
        if (e.type === 'escalation.stopped') return `${e.type} (${e.data.state}) by ${e.actor?.name}`;
        if (e.type === 'incident.acknowledged') return `${e.type} via ${e.data.source} by ${e.actor?.name}`;
        return e.type;
      });
    expect(story).toEqual([
      'incident.created',
      'escalation.started',
      'escalation.step level 1: Alice',
      'notification.sent to Alice',
      'escalation.step level 2: Carol',
      'notification.sent to Carol',
      'incident.acknowledged via link by Carol',
      'escalation.stopped (acknowledged) by Carol',
    ]);
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });
});
