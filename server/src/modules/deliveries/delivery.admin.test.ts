import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createIncidentAs, setupIncidentWorld, teamIdBySlug, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { enqueueDelivery } from './delivery.commands.js';
import { deliveryWorker } from './delivery.test-support.js';

describe('webhook endpoints and the delivery log (admin API)', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  beforeAll(async () => {
    ctx = await createTestApp({ outboundAllowList: ['127.0.0.1', 'hooks.internal.test'] });
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(() => ctx.close());

  const post = (url: string, payload: unknown, headers = staff.admin.headers) => ctx.app.inject({ method: 'POST', url, headers, payload: payload as object });

  it('refuses internal, loopback, metadata and mapped addresses at creation with url_not_allowed, unless allow-listed', async () => {
    const strict = await createTestApp();
    const admin = (await setupIncidentWorld(strict.deps)).admin;
    try {
      for (const url of ['http://127.0.0.1:9/hook', 'http://169.254.169.254/latest/meta-data', 'http://10.0.0.1/hook', 'http://[::1]/hook', 'http://[::ffff:127.0.0.1]/hook', 'http://localhost/hook', 'http://100.64.1.1/x']) {
        const res = await strict.app.inject({ method: 'POST', url: '/api/v1/webhook-endpoints', headers: admin.headers, payload: { url, eventTypes: ['incident.created'] } });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().error).toMatchObject({ code: 'url_not_allowed', details: [{ path: 'body.url', reason: 'refused' }] });
        const chat = await strict.app.inject({ method: 'POST', url: '/api/v1/chat-channels', headers: admin.headers, payload: { kind: 'slack', name: 'x', url } });
        expect(chat.json().error.code, url).toBe('url_not_allowed');
      }
      const ftp = await strict.app.inject({ method: 'POST', url: '/api/v1/webhook-endpoints', headers: admin.headers, payload: { url: 'ftp://example.org/x', eventTypes: ['incident.created'] } });
      expect(ftp.json().error.code).toBe('validation_failed');
      expect(await strict.deps.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('creates an endpoint with a secret shown once, stores it sealed, and audits create, update, rotate, test and delete', async () => {
    const created = await post('/api/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/hook', description: 'SIEM', eventTypes: ['incident.created', 'incident.created', 'comment.added'] });
    expect(created.statusCode).toBe(201);
    const ep = created.json();
    expect(ep).toMatchObject({ url: 'http://127.0.0.1:9/hook', description: 'SIEM', eventTypes: ['incident.created', 'comment.added'], enabled: true, team: null, secretHint: ep.secret.slice(0, 10) + '…' });
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const got = await ctx.app.inject({ method: 'GET', url: `/api/v1/webhook-endpoints/${ep.id}`, headers: staff.admin.headers });
    expect(got.json()).not.toHaveProperty('secret');
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/webhook-endpoints', headers: staff.admin.headers });
    expect(list.body).not.toContain(ep.secret);
    expect(JSON.stringify(await ctx.deps.db.selectFrom('webhook_endpoints').selectAll().execute())).not.toContain(ep.secret.slice(6));

    const team = await teamIdBySlug(ctx.deps, 'security');
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/webhook-endpoints/${ep.id}`, headers: staff.admin.headers, payload: { teamId: team, enabled: false } });
    expect(patched.json()).toMatchObject({ team: { id: team, name: expect.any(String) }, enabled: false, disabledReason: 'disabled by an administrator' });
    const badTeam = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/webhook-endpoints/${ep.id}`, headers: staff.admin.headers, payload: { teamId: '00000000-0000-4000-8000-000000000000' } });
    expect(badTeam.json().error.code).toBe('validation_failed');
    const rotated = await post(`/api/v1/webhook-endpoints/${ep.id}/rotate-secret`, {});
    expect(rotated.json().secret).not.toBe(ep.secret);
    const test = await post(`/api/v1/webhook-endpoints/${ep.id}/test`, {});
    expect(test.statusCode).toBe(202);
    const deleted = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/webhook-endpoints/${ep.id}`, headers: staff.admin.headers });
    expect(deleted.statusCode).toBe(204);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/webhook-endpoints/${ep.id}`, headers: staff.admin.headers })).statusCode).toBe(404);

    const audit = await auditOf(ctx.deps, ep.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'rotate_secret', 'test', 'delete']);
    expect(audit[1]).toMatchObject({ before: { enabled: true, team: null }, after: { enabled: false, team: { id: team } } });
    expect(audit[3]).toMatchObject({ after: { deliveryId: test.json().deliveryId } });
    const text = JSON.stringify(audit);
    expect(text).not.toContain(ep.secret);
    expect(text).not.toContain(rotated.json().secret);

    // the test delivery of a deleted endpoint fails without sending
    await deliveryWorker(ctx.deps).drain();
    const delivery = (await ctx.app.inject({ method: 'GET', url: `/api/v1/deliveries/${test.json().deliveryId}`, headers: staff.admin.headers })).json();
    expect(delivery).toMatchObject({ channel: 'webhook', eventKind: 'webhook.test', status: 'failed', lastError: 'the webhook endpoint was deleted', payload: { type: 'webhook.test' } });
  });

  it('lets only admins manage endpoints, and admins and auditors read the delivery log', async () => {
    for (const role of ['manager', 'agent', 'reporter', 'auditor'] as const) {
      const res = await post('/api/v1/webhook-endpoints', { url: 'http://127.0.0.1:9/x', eventTypes: ['incident.created'] }, staff[role].headers);
      expect(res.statusCode, role).toBe(403);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/deliveries', headers: staff.auditor.headers })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/deliveries', headers: staff.manager.headers })).statusCode).toBe(403);
    expect((await post('/api/v1/deliveries/00000000-0000-4000-8000-000000000000/resend', {}, staff.auditor.headers)).statusCode).toBe(403);
  });

  it('lists deliveries newest first with filters and pages, and resends only finished ones', async () => {
    const { clock } = ctx.deps;
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      clock.set(new Date(Date.UTC(2026, 2, 10, 9, i)));
      const { id } = await ctx.deps.db.transaction().execute((tx) =>
        enqueueDelivery(tx, clock.now(), { channel: 'email', target: `p${i}@example.org`, incidentId: i < 3 ? incident.id : null, eventKind: 'channel.test', payload: { message: { kind: 'channel.test' } } }),
      );
      ids.push(id);
    }
    clock.release();
    const page1 = (await ctx.app.inject({ method: 'GET', url: `/api/v1/deliveries?channel=email&limit=2`, headers: staff.admin.headers })).json();
    expect(page1.items.map((d: { id: string }) => d.id)).toEqual([ids[4], ids[3]]);
    const page2 = (await ctx.app.inject({ method: 'GET', url: `/api/v1/deliveries?channel=email&limit=2&cursor=${page1.nextCursor}`, headers: staff.admin.headers })).json();
    expect(page2.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const ofIncident = (await ctx.app.inject({ method: 'GET', url: `/api/v1/deliveries?incidentId=${incident.id}`, headers: staff.admin.headers })).json();
    expect(ofIncident.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1], ids[0]]);
    const pending = (await ctx.app.inject({ method: 'GET', url: `/api/v1/deliveries?status=pending&target=p0@example.org`, headers: staff.admin.headers })).json();
    expect(pending.items).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/deliveries?cursor=garbage', headers: staff.admin.headers })).json().error.code).toBe('validation_failed');

    const notYet = await post(`/api/v1/deliveries/${ids[0]}/resend`, {});
    expect(notYet.statusCode).toBe(409);
    await deliveryWorker(ctx.deps).drain();
    const disabled = (await ctx.app.inject({ method: 'GET', url: `/api/v1/deliveries/${ids[0]}`, headers: staff.admin.headers })).json();
    expect(disabled).toMatchObject({ status: 'disabled', lastError: 'email is off: SMTP_URL is not set' });
    const resent = await post(`/api/v1/deliveries/${ids[0]}/resend`, {});
    expect(resent.statusCode).toBe(202);
    expect(resent.json()).toMatchObject({ status: 'pending', attempts: 1, maxAttempts: 6 });

    // an attempt cut short for good (its job died) stays sending; after 15 minutes it may be resent
    const now = ctx.deps.clock.now();
    await ctx.deps.db.updateTable('deliveries').set({ status: 'sending', attempts: 1, last_attempt_at: new Date(now.getTime() - 10 * 60_000) }).where('id', '=', ids[1]!).execute();
    expect((await post(`/api/v1/deliveries/${ids[1]}/resend`, {})).statusCode).toBe(409);
    await ctx.deps.db.updateTable('deliveries').set({ last_attempt_at: new Date(now.getTime() - 16 * 60_000) }).where('id', '=', ids[1]!).execute();
    expect((await post(`/api/v1/deliveries/${ids[1]}/resend`, {})).json()).toMatchObject({ status: 'pending', attempts: 1 });
  });
});
