import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf, createIncidentAs, createPerson, setupIncidentWorld, teamIdBySlug, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { inAppChannel } from './notification.channels.js';
import { notifyUsers, type NotifyInput } from './notification.commands.js';
import { dispatchNotification, type DispatchPayload } from './notification.dispatch.js';
import { deliveringNotificationJobs, emailChannel, teamChatChannel } from './preference.channels.js';

describe('who gets what: preferences, email by preference, quiet hours, digests, team rules', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let teamId: string;
  let lead: Person;
  const worker = () => createWorker({ deps: ctx.deps, registry: createJobRegistry(deliveringNotificationJobs), workerId: 'prefs' });
  const drain = async () => {
    const w = worker();
    let total = 0;
    for (let n = await w.runOnce(); n > 0; n = await w.runOnce()) total += n;
    return total;
  };
  const notify = (input: NotifyInput) => ctx.deps.db.transaction().execute((tx) => notifyUsers(tx, ctx.deps, input));
  const emailsTo = (address: string) => ctx.deps.db.selectFrom('deliveries').selectAll().where('channel', '=', 'email').where('target', '=', address).orderBy('created_at').execute();
  const putPrefs = (p: Person, payload: object) => ctx.app.inject({ method: 'PUT', url: '/api/v1/me/notification-preferences', headers: p.headers, payload });
  const setZone = (userId: string, zone: string) => ctx.deps.db.updateTable('users').set({ time_zone: zone }).where('id', '=', userId).execute();

  beforeAll(async () => {
    ctx = await createTestApp({ baseUrl: 'https://vigil.example.org', outboundAllowList: ['127.0.0.1'] });
    staff = await setupIncidentWorld(ctx.deps);
    teamId = await teamIdBySlug(ctx.deps, 'it-operations');
    lead = await createPerson(ctx.deps, 'manager', { name: 'IT lead', teamSlugs: ['it-operations'] });
  });
  beforeEach(async () => {
    ctx.deps.clock.release();
    await ctx.deps.db.deleteFrom('jobs').execute();
  });
  afterAll(() => ctx.close());

  it('reads the defaults, refuses invalid preferences with a stable code, saves valid ones with an audit record', async () => {
    const me = await createPerson(ctx.deps, 'agent');
    const get = await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notification-preferences', headers: me.headers });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ high: { inApp: true, email: true }, low: { inApp: true, email: true, digest: 'none' }, quietHours: [], timeZone: 'UTC', saved: false, updatedAt: null });

    for (const bad of [
      { high: { email: true }, low: { email: false, digest: 'daily' }, quietHours: [] },
      { high: { email: true }, low: { email: true, digest: 'none' }, quietHours: [{ days: ['mon'], start: '25:00', end: '07:00' }] },
      { high: { email: true }, low: { email: true, digest: 'weekly' }, quietHours: [] },
      { high: { email: true, inApp: false }, low: { email: true, digest: 'none' }, quietHours: [] },
      { high: { email: true }, low: { email: true, digest: 'none' }, quietHours: [{ days: ['mon', 'mon'], start: '22:00', end: '22:00' }] },
    ]) {
      const res = await putPrefs(me, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    expect(await ctx.deps.db.selectFrom('notification_preferences').selectAll().where('user_id', '=', me.id).execute()).toEqual([]);

    const body = { high: { email: true }, low: { email: true, digest: 'hourly' }, quietHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '07:00' }] };
    const saved = await putPrefs(me, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ low: { inApp: true, email: true, digest: 'hourly' }, quietHours: body.quietHours, saved: true });
    const again = await putPrefs(me, { ...body, low: { email: false, digest: 'none' } });
    expect(again.statusCode).toBe(200);
    const audits = (await auditOf(ctx.deps, me.id)).filter((a) => a.entity_type === 'notification_preferences');
    expect(audits.map((a) => ({ action: a.action, actor: a.actor_id, before: a.before, after: a.after }))).toEqual([
      { action: 'create', actor: me.id, before: { high: { email: true }, low: { email: true, digest: 'none' }, quietHours: [] }, after: body },
      { action: 'update', actor: me.id, before: body, after: { ...body, low: { email: false, digest: 'none' } } },
    ]);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me/notification-preferences' })).statusCode).toBe(401);
  });

  it('sends a P1 page in-app and by email with the acknowledge link, once even when the dispatch runs again', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const ackUrl = 'https://vigil.example.org/ack/signed-token-123';
    await notify({ userIds: [staff.agent.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'You are paged', body: 'Mail is down', ackUrl, dedupeKey: `page:${incident.id}` });
    const [job] = await ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'notifications.dispatch').execute();
    expect(await drain()).toBe(1);

    const inbox = await ctx.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', staff.agent.id).where('incident_id', '=', incident.id).execute();
    expect(inbox).toHaveLength(1);
    const emails = await emailsTo(staff.agent.email);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ incident_id: incident.id, event_kind: 'notification', status: 'pending', idempotency_key: `notifications.email:${inbox[0]!.id}` });
    expect(emails[0]!.payload).toMatchObject({
      message: { kind: 'notification', title: 'You are paged', urgency: 'high', ackUrl, incident: { id: incident.id, number: incident.number, url: `https://vigil.example.org/incidents/${incident.number}` } },
      locale: 'en',
    });

    // The same job again (a crash after commit): nothing new anywhere.
    const again = await ctx.deps.db.transaction().execute((tx) => dispatchNotification(tx, ctx.deps, job!.payload as DispatchPayload, [inAppChannel, emailChannel, teamChatChannel]));
    expect(again).toBeNull();
    expect(await emailsTo(staff.agent.email)).toHaveLength(1);
    const sent = (await ctx.deps.db.selectFrom('timeline_events').selectAll().where('incident_id', '=', incident.id).where('type', '=', 'notification.sent').execute()).map((e) => e.data);
    expect(sent).toEqual([expect.objectContaining({ channels: ['in_app', 'email'] })]);
  });

  it('holds low-urgency email during quiet hours in the user zone and sends it when they end; a page goes through', async () => {
    const night = await createPerson(ctx.deps, 'manager', { teamSlugs: ['it-operations'] });
    await setZone(night.id, 'Europe/Berlin');
    expect((await putPrefs(night, { high: { email: true }, low: { email: true, digest: 'none' }, quietHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '07:00' }] })).statusCode).toBe(200);
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    ctx.deps.clock.set('2026-05-05T21:00:00Z'); // Tuesday 23:00 in Berlin
    await notify({ userIds: [night.id], incidentId: incident.id, kind: 'assigned', urgency: 'low', title: 'Assigned to you', body: '' });
    await notify({ userIds: [night.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Paged at night', body: '' });
    await drain();
    expect((await emailsTo(night.email)).map((d) => (d.payload as { message: { title: string } }).message.title)).toEqual(['Paged at night']);
    const held = await ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'notifications.email_later').execute();
    expect(held.map((j) => j.run_at.toISOString())).toEqual(['2026-05-06T05:00:00.000Z']); // 07:00 in Berlin

    ctx.deps.clock.set('2026-05-06T04:59:00Z');
    expect(await drain()).toBe(0);
    ctx.deps.clock.set('2026-05-06T05:00:00Z');
    expect(await drain()).toBe(1);
    const emails = await emailsTo(night.email);
    expect(emails.map((d) => [(d.payload as { message: { title: string } }).message.title, d.created_at.toISOString()])).toEqual([
      ['Paged at night', '2026-05-05T21:00:00.000Z'],
      ['Assigned to you', '2026-05-06T05:00:00.000Z'],
    ]);
  });

  it('collects low-urgency notifications into one digest email per user and period', async () => {
    const reader = await createPerson(ctx.deps, 'manager', { teamSlugs: ['it-operations'] });
    expect((await putPrefs(reader, { high: { email: true }, low: { email: true, digest: 'hourly' }, quietHours: [] })).statusCode).toBe(200);
    const a = await createIncidentAs(ctx.deps, staff.agent.id);
    const b = await createIncidentAs(ctx.deps, staff.agent.id);
    ctx.deps.clock.set('2026-05-05T10:10:00Z');
    await notify({ userIds: [reader.id], incidentId: a.id, kind: 'assigned', urgency: 'low', title: 'First thing', body: '' });
    await drain(); // dispatched at 10:10, so the digest lists it first (the order is by notification time)
    ctx.deps.clock.set('2026-05-05T10:40:00Z');
    await notify({ userIds: [reader.id], incidentId: b.id, kind: 'clock_warning', urgency: 'low', title: 'Second thing', body: '' });
    await drain();
    expect(await emailsTo(reader.email)).toEqual([]);
    expect((await ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'notifications.digest').execute()).map((j) => j.run_at.toISOString())).toEqual(['2026-05-05T11:00:00.000Z']);

    ctx.deps.clock.set('2026-05-05T11:00:00Z');
    expect(await drain()).toBe(1);
    const emails = await emailsTo(reader.email);
    expect(emails).toHaveLength(1);
    const message = (emails[0]!.payload as { message: { title: string; body: string } }).message;
    expect(message.title).toBe('Digest: 2 notifications');
    expect(message.body).toBe(`• [${a.number}] First thing\n• [${b.number}] Second thing`);
    expect(emails[0]!.idempotency_key).toBe(`notifications.digest:${reader.id}:2026-05-05T11:00:00.000Z`);
    const [audit] = await auditOf(ctx.deps, emails[0]!.id);
    expect(audit).toMatchObject({ entity_type: 'notification_digest', action: 'send', after: { userId: reader.id, dropped: 0 } });
    expect(await ctx.deps.db.selectFrom('notification_digest_items').selectAll().where('user_id', '=', reader.id).where('sent_at', 'is', null).execute()).toEqual([]);
  });

  it('lets the team manager add a rule that posts a team incident event once to its chat channel', async () => {
    const channel = await ctx.app.inject({ method: 'POST', url: '/api/v1/chat-channels', headers: staff.admin.headers, payload: { kind: 'slack', name: '#it-ops', url: 'http://127.0.0.1:9/slack/hook', teamId } });
    expect(channel.statusCode, channel.body).toBe(201);
    const other = await ctx.app.inject({ method: 'POST', url: '/api/v1/chat-channels', headers: staff.admin.headers, payload: { kind: 'slack', name: '#elsewhere', url: 'http://127.0.0.1:9/slack/other', teamId: null } });
    const channelId = channel.json().id as string;
    const url = `/api/v1/teams/${teamId}/notification-rules`;

    expect((await ctx.app.inject({ method: 'POST', url, headers: staff.agent.headers, payload: { kinds: ['paged'], channelIds: [channelId] } })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'POST', url, headers: staff.manager.headers, payload: { kinds: ['paged'], channelIds: [channelId] } })).statusCode).toBe(403);
    const foreign = await ctx.app.inject({ method: 'POST', url, headers: lead.headers, payload: { kinds: ['paged'], channelIds: [other.json().id] } });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.channelIds.0' }] });
    expect((await ctx.app.inject({ method: 'POST', url, headers: lead.headers, payload: { kinds: ['nonsense'], channelIds: [channelId] } })).statusCode).toBe(400);

    const created = await ctx.app.inject({ method: 'POST', url, headers: lead.headers, payload: { kinds: ['paged', 'escalated'], channelIds: [channelId] } });
    expect(created.statusCode, created.body).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({ teamId, typeId: null, kinds: ['paged', 'escalated'], channelIds: [channelId], enabled: true });
    expect((await auditOf(ctx.deps, rule.id)).map((a) => [a.action, a.actor_id])).toEqual([['create', lead.id]]);
    const list = await ctx.app.inject({ method: 'GET', url, headers: staff.admin.headers });
    expect(list.json().items.map((r: { id: string }) => r.id)).toEqual([rule.id]);

    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    await ctx.deps.db.updateTable('incidents').set({ team_id: teamId }).where('id', '=', incident.id).execute();
    await notify({ userIds: [lead.id, staff.admin.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Team paged', body: 'Mail down', ackUrl: 'https://vigil.example.org/ack/personal', dedupeKey: `team:${incident.id}` });
    await notify({ userIds: [lead.id], incidentId: incident.id, kind: 'assigned', urgency: 'low', title: 'Not a rule kind', body: '' });
    await drain();
    const posts = await ctx.deps.db.selectFrom('deliveries').selectAll().where('channel', '=', 'slack').where('incident_id', '=', incident.id).execute();
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ target: channelId, idempotency_key: `notifications.team_chat:team:${incident.id}:${channelId}` });
    expect(posts[0]!.payload).toMatchObject({ message: { kind: 'notification', title: 'Team paged', incident: { id: incident.id } } });
    expect(JSON.stringify(posts[0]!.payload)).not.toContain('/ack/');

    const patched = await ctx.app.inject({ method: 'PATCH', url: `${url}/${rule.id}`, headers: lead.headers, payload: { enabled: false } });
    expect(patched.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'DELETE', url: `${url}/${rule.id}`, headers: lead.headers })).statusCode).toBe(204);
    expect((await auditOf(ctx.deps, rule.id)).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('never emails anyone about a restricted incident they cannot see, also not a held email when it becomes restricted', async () => {
    const outsider = await createPerson(ctx.deps, 'agent');
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    await ctx.deps.db.updateTable('incidents').set({ restricted: true, team_id: teamId }).where('id', '=', incident.id).execute();
    const payload: DispatchPayload = { key: `restricted:${incident.id}:${outsider.id}`, userId: outsider.id, incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Secret', body: '', ackUrl: null };
    expect(await ctx.deps.db.transaction().execute((tx) => dispatchNotification(tx, ctx.deps, payload, [inAppChannel, emailChannel, teamChatChannel]))).toBeNull();
    expect(await notify({ userIds: [outsider.id], incidentId: incident.id, kind: 'paged', urgency: 'high', title: 'Secret', body: '' })).toEqual([]);
    await drain();
    expect(await emailsTo(outsider.email)).toEqual([]);

    // Held by quiet hours, then the incident is restricted before they end.
    const open = await createIncidentAs(ctx.deps, staff.agent.id);
    expect((await putPrefs(outsider, { high: { email: true }, low: { email: true, digest: 'none' }, quietHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' }] })).statusCode).toBe(200);
    ctx.deps.clock.set('2026-05-05T12:00:00Z');
    await notify({ userIds: [outsider.id], incidentId: open.id, kind: 'assigned', urgency: 'low', title: 'Later', body: '' });
    await drain();
    await ctx.deps.db.updateTable('incidents').set({ restricted: true, team_id: teamId }).where('id', '=', open.id).execute();
    ctx.deps.clock.set('2026-05-05T23:59:00Z');
    expect(await drain()).toBe(1);
    expect(await emailsTo(outsider.email)).toEqual([]);
  });
});
