import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { bearerFor, createUser } from '../../../test/factories/directory.js';
import { auditOf, createIncidentAs, createPerson, setupIncidentWorld, teamIdBySlug, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import type { UserNotice } from '../../platform/events/index.js';
import { inAppChannel, type NotificationChannel } from './notification.channels.js';
import { notifyUsers } from './notification.commands.js';
import { createDispatchJob, dispatchNotification, notificationJobs, type DispatchPayload } from './notification.dispatch.js';

describe('in-app notifications', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  const worker = () => createWorker({ deps: ctx.deps, registry: createJobRegistry(notificationJobs) });
  const notify = (input: Parameters<typeof notifyUsers>[2]) => ctx.deps.db.transaction().execute((tx) => notifyUsers(tx, ctx.deps, input));
  const inbox = (headers: Record<string, string>, query = '') => ctx.app.inject({ method: 'GET', url: `/api/v1/notifications${query}`, headers });
  const rowsOf = (userId: string) => ctx.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  const dispatchJobs = () => ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'notifications.dispatch').execute();

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
  });
  beforeEach(async () => {
    await ctx.deps.db.deleteFrom('jobs').execute();
  });
  afterAll(() => ctx.close());

  it('enqueues one dispatch per recipient in the caller transaction, and none when it rolls back', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    await expect(
      ctx.deps.db.transaction().execute(async (tx) => {
        await notifyUsers(tx, ctx.deps, { userIds: [staff.agent.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Never', body: '' });
        throw new Error('the command failed');
      }),
    ).rejects.toThrow('the command failed');
    expect(await dispatchJobs()).toHaveLength(0);

    const ids = await notify({ userIds: [staff.agent.id, staff.manager.id, staff.agent.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Page', body: 'b', dedupeKey: 'k1' });
    expect(ids).toEqual([staff.agent.id, staff.manager.id]);
    expect(await notify({ userIds: [staff.agent.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Page', body: 'b', dedupeKey: 'k1' })).toEqual([staff.agent.id]);
    const jobs = await dispatchJobs();
    expect(jobs.map((j) => j.idempotency_key).sort()).toEqual([`notifications.dispatch:k1:${staff.agent.id}`, `notifications.dispatch:k1:${staff.manager.id}`].sort());
    expect(jobs[0]!.payload).toMatchObject({ incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Page', ackUrl: null });
  });

  it('writes the in-app row, a notification.sent event and an audit record, and announces it to that user on commit', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const notices: UserNotice[] = [];
    const unsubscribe = ctx.deps.bus.subscribe('vigil_user', (n) => void notices.push(n));
    ctx.deps.clock.set('2026-05-04T10:00:00Z');
    await notify({ userIds: [staff.manager.id], incidentId: incident.id, kind: 'assigned', urgency: 'low', title: 'Yours now\u0000', body: 'x'.repeat(5_000), ackUrl: 'http://localhost/ack/abc' });
    expect(await worker().runOnce()).toBe(1);

    const [row] = await rowsOf(staff.manager.id);
    expect(row).toMatchObject({ incident_id: incident.id, kind: 'assigned', urgency: 'low', title: 'Yours now', ack_url: 'http://localhost/ack/abc', read_at: null });
    expect(row!.body).toHaveLength(4_000);
    expect(row!.created_at.toISOString()).toBe('2026-05-04T10:00:00.000Z');
    expect((await timelineOf(ctx.deps, incident.id)).at(-1)).toMatchObject({
      type: 'notification.sent',
      actor_id: null,
      data: { notificationId: row!.id, user: { id: staff.manager.id, name: 'The manager' }, kind: 'assigned', urgency: 'low', channels: ['in_app'] },
    });
    expect((await auditOf(ctx.deps, row!.id)).map((a) => ({ action: a.action, after: a.after }))).toEqual([
      { action: 'send', after: { userId: staff.manager.id, incidentId: incident.id, kind: 'assigned', urgency: 'low', title: 'Yours now', channels: ['in_app'] } },
    ]);
    await expect.poll(() => notices.filter((n) => n.kind === 'notification')).toEqual([{ userId: staff.manager.id, kind: 'notification', id: row!.id }]);
    unsubscribe();
  });

  it('delivers a key once, also when its job runs again after a crash that had committed', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const payload: DispatchPayload = { key: `crash:${incident.id}:${staff.agent.id}`, userId: staff.agent.id, incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Once', body: '', ackUrl: null };
    const first = await ctx.deps.db.transaction().execute((tx) => dispatchNotification(tx, ctx.deps, payload, [inAppChannel]));
    const again = await ctx.deps.db.transaction().execute((tx) => dispatchNotification(tx, ctx.deps, payload, [inAppChannel]));
    expect(first).toEqual(expect.any(String));
    expect(again).toBeNull();
    expect((await rowsOf(staff.agent.id)).filter((r) => r.dedupe_key === payload.key)).toHaveLength(1);
    expect((await timelineOf(ctx.deps, incident.id)).filter((e) => e.type === 'notification.sent')).toHaveLength(1);
  });

  it('walks the channels in order inside one transaction; the in-app channel must come first', async () => {
    const seen: string[] = [];
    const chat: NotificationChannel = { name: 'chat', deliver: async (_tx, _deps, n) => (seen.push(`${n.user.email}:${n.title}:${n.incident?.number}`), true) };
    const quiet: NotificationChannel = { name: 'quiet', deliver: async () => false };
    expect(() => createDispatchJob([chat, inAppChannel])).toThrow(/in-app channel must be the first/);
    expect(() => createDispatchJob([inAppChannel, chat, chat])).toThrow(/unique/);

    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    await notify({ userIds: [staff.agent.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Fan out', body: '' });
    const w = createWorker({ deps: ctx.deps, registry: createJobRegistry([createDispatchJob([inAppChannel, chat, quiet])]) });
    expect(await w.runOnce()).toBe(1);
    expect(seen).toEqual([`${staff.agent.email}:Fan out:${incident.number}`]);
    expect((await timelineOf(ctx.deps, incident.id)).at(-1)).toMatchObject({ type: 'notification.sent', data: { channels: ['in_app', 'chat'] } });

    const broken: NotificationChannel = { name: 'broken', deliver: async () => { throw new Error('chat is down'); } };
    await notify({ userIds: [staff.agent.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Rolled back', body: '' });
    await createWorker({ deps: ctx.deps, registry: createJobRegistry([createDispatchJob([inAppChannel, broken])]) }).runOnce();
    expect((await rowsOf(staff.agent.id)).map((r) => r.title)).not.toContain('Rolled back');
    expect((await dispatchJobs()).find((j) => j.status === 'queued')?.last_error).toBe('chat is down');
  });

  it('never notifies someone who may not see a restricted incident, or an inactive user, also when that changes after enqueueing', async () => {
    const security = await teamIdBySlug(ctx.deps, 'security');
    const insider = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'] });
    const leaving = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'] });
    const restricted = await createIncidentAs(ctx.deps, insider.id, { type: 'security', title: 'Suspicious logins', teamId: security, detectedAt: '2026-05-01T08:00:00Z' });
    expect(restricted.restricted).toBe(true);

    const ids = await notify({ userIds: [insider.id, leaving.id, staff.agent.id, staff.admin.id], incidentId: restricted.id, kind: 'paged', urgency: 'high', title: 'Restricted', body: '' });
    expect(ids.sort()).toEqual([insider.id, leaving.id, staff.admin.id].sort());

    await ctx.deps.db.deleteFrom('team_members').where('user_id', '=', leaving.id).execute();
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', staff.admin.id).execute();
    try {
      expect(await worker().runOnce()).toBe(3);
    } finally {
      await ctx.deps.db.updateTable('users').set({ active: true }).where('id', '=', staff.admin.id).execute();
    }
    expect((await rowsOf(insider.id)).map((r) => r.title)).toEqual(['Restricted']);
    expect(await rowsOf(leaving.id)).toHaveLength(0);
    expect((await rowsOf(staff.admin.id)).map((r) => r.title)).not.toContain('Restricted');
    expect((await dispatchJobs()).every((j) => j.status === 'done')).toBe(true);
  });

  it('serves each user their own inbox: unread filter, keyset pages, unread count, read one, read all', async () => {
    const reader = await createPerson(ctx.deps, 'agent');
    const other = await createPerson(ctx.deps, 'agent');
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    for (let i = 0; i < 5; i++) {
      ctx.deps.clock.set(`2026-05-05T10:0${i}:00Z`);
      await notify({ userIds: [reader.id], incidentId: i % 2 === 0 ? incident.id : null, kind: 'info', urgency: 'low', title: `N${i}`, body: '' });
      expect(await worker().runOnce()).toBe(1);
    }
    await notify({ userIds: [other.id], kind: 'info', urgency: 'low', title: 'Not yours', body: '' });
    expect(await worker().runOnce()).toBe(1);

    const first = await inbox(reader.headers, '?limit=2');
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((n: { title: string }) => n.title)).toEqual(['N4', 'N3']);
    expect(first.json().items[0]).toMatchObject({ kind: 'info', urgency: 'low', incident: { id: incident.id, number: incident.number, title: incident.title }, readAt: null, createdAt: '2026-05-05T10:04:00.000Z' });
    expect(first.json().items[1].incident).toBeNull();
    const second = await inbox(reader.headers, `?limit=2&cursor=${first.json().nextCursor}`);
    const third = await inbox(reader.headers, `?limit=2&cursor=${second.json().nextCursor}`);
    expect([...second.json().items, ...third.json().items].map((n: { title: string }) => n.title)).toEqual(['N2', 'N1', 'N0']);
    expect(third.json().nextCursor).toBeNull();
    expect((await inbox(reader.headers, '?cursor=bm9wZQ')).json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'querystring.cursor' }] });

    const count = () => ctx.app.inject({ method: 'GET', url: '/api/v1/notifications/unread-count', headers: reader.headers });
    expect((await count()).json()).toEqual({ count: 5 });
    const n3 = first.json().items[1].id as string;
    ctx.deps.clock.set('2026-05-05T11:00:00Z');
    const read = await ctx.app.inject({ method: 'POST', url: `/api/v1/notifications/${n3}/read`, headers: reader.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: n3, title: 'N3', readAt: '2026-05-05T11:00:00.000Z' });
    expect((await auditOf(ctx.deps, n3)).at(-1)).toMatchObject({ action: 'read', actor_id: reader.id, before: { readAt: null }, after: { readAt: '2026-05-05T11:00:00.000Z' } });
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/notifications/${n3}/read`, headers: reader.headers });
    expect(again.json().readAt).toBe('2026-05-05T11:00:00.000Z');
    expect((await auditOf(ctx.deps, n3)).filter((a) => a.action === 'read')).toHaveLength(1);
    expect((await count()).json()).toEqual({ count: 4 });
    expect((await inbox(reader.headers, '?unread=true')).json().items.map((n: { title: string }) => n.title)).toEqual(['N4', 'N2', 'N1', 'N0']);

    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/notifications/${n3}/read`, headers: other.headers })).statusCode).toBe(404);
    expect((await inbox(other.headers)).json().items.map((n: { title: string }) => n.title)).toEqual(['Not yours']);

    const all = await ctx.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: reader.headers });
    expect(all.json()).toEqual({ updated: 4 });
    expect((await auditOf(ctx.deps, reader.id)).at(-1)).toMatchObject({ action: 'notifications.read_all', after: { updated: 4 } });
    expect((await count()).json()).toEqual({ count: 0 });
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: reader.headers })).json()).toEqual({ updated: 0 });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });

  it('hides a notification from the inbox and the count once its incident is no longer visible to the user', async () => {
    const security = await teamIdBySlug(ctx.deps, 'security');
    const member = await createUser(ctx.deps, { role: 'agent', teamIds: [security] });
    const headers = await bearerFor(ctx.deps, member.id);
    const incident = await createIncidentAs(ctx.deps, member.id, { type: 'security', title: 'Phishing wave', teamId: security, detectedAt: '2026-05-01T08:00:00Z' });
    await notify({ userIds: [member.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Phishing', body: '' });
    await notify({ userIds: [member.id], kind: 'info', urgency: 'low', title: 'General', body: '' });
    expect(await worker().runOnce()).toBe(2);
    expect((await inbox(headers)).json().items).toHaveLength(2);

    await ctx.deps.db.deleteFrom('team_members').where('user_id', '=', member.id).execute();
    await ctx.deps.db.updateTable('incidents').set({ reporter_id: null, created_by: null }).where('id', '=', incident.id).execute();
    // Teams are read with the token on every request: the same token now sees the incident no more.
    expect((await inbox(headers)).json().items.map((n: { title: string }) => n.title)).toEqual(['General']);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications/unread-count', headers })).json()).toEqual({ count: 1 });
  });
});
