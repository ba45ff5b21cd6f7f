import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { actorFor, auditOf, createIncidentAs, setupIncidentWorld, teamIdBySlug, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { addComment } from '../incidents/index.js';
import { deliveryWorker, startHttpReceiver, type HttpReceiver, type Received } from './delivery.test-support.js';

const MIN = 60_000;

describe('outbound webhooks to real local receivers', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    receiver = await startHttpReceiver();
    ctx = await createTestApp({ outboundAllowList: ['127.0.0.1'], outboundTimeoutMs: 500, baseUrl: 'https://vigil.example.org' });
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
    vi.useRealTimers();
  });

  /** Verifies a request with the Standard Webhooks library, at the instant the test clock says. */
  function verify(secret: string, req: Received): unknown {
    vi.setSystemTime(ctx.deps.clock.now());
    return new Webhook(secret).verify(req.body, {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    });
  }

  async function createEndpoint(path: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/webhook-endpoints', headers: staff.admin.headers, payload: { url: receiver.url(path), eventTypes, ...extra } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  }
  const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === path);
  const deliveriesOf = (endpointId: string) => ctx.deps.db.selectFrom('deliveries').selectAll().where('target', '=', endpointId).orderBy('created_at').orderBy('id').execute();

  it('signs incident events per Standard Webhooks, filtered by type, with public comments only', async () => {
    receiver.answer(() => ({ status: 200 }));
    const ep = await createEndpoint('/events', ['incident.created', 'comment.added']);
    const worker = deliveryWorker(ctx.deps);
    const incident = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'Checkout down' });
    const agent = await actorFor(ctx.deps, staff.agent.id);
    await addComment(ctx.deps, agent, incident.id, { body: 'internal note', visibility: 'internal' });
    await addComment(ctx.deps, agent, incident.id, { body: 'We are on it', visibility: 'public' });
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${incident.id}`, headers: { ...staff.agent.headers, 'if-match': '"1"' }, payload: { title: 'Checkout slow' } });
    await worker.drain();

    const got = requestsTo('/events');
    expect(got).toHaveLength(2);
    const bodies = got
      .map((r) => verify(ep.secret, r) as { type: string; timestamp: string; data: { incident: Record<string, unknown>; event: Record<string, unknown> } })
      .sort((a, b) => (a.data.event.id as number) - (b.data.event.id as number));
    expect(bodies.map((b) => b.type)).toEqual(['incident.created', 'comment.added']);
    // the incident as it stood when the event was fanned out (here after the later title change): `version` tells
    expect(bodies[0]!.data.incident).toMatchObject({ id: incident.id, number: incident.number, title: 'Checkout slow', version: 2, url: `https://vigil.example.org/incidents/${incident.number}`, type: 'it-outage', restricted: false });
    expect(bodies[0]!.data.incident).not.toHaveProperty('description');
    expect(bodies[1]!.data.event).toMatchObject({ type: 'comment.added', actor: { id: staff.agent.id }, data: { visibility: 'public', body: 'We are on it' } });
    expect(JSON.stringify(bodies)).not.toContain('internal note');
    for (const r of got) {
      expect(r.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(() => verify('whsec_' + Buffer.alloc(32, 1).toString('base64'), got[0]!)).toThrow();
    expect((await deliveriesOf(ep.id)).map((d) => [d.event_kind, d.status, d.attempts, d.response_code]).sort()).toEqual([
      ['comment.added', 'delivered', 1, 200],
      ['incident.created', 'delivered', 1, 200],
    ]);
  });

  it('retries 500s and timeouts with backoff and the same webhook-id, delivering once the receiver recovers', async () => {
    const { clock } = ctx.deps;
    clock.set('2026-03-02T08:00:00Z');
    const ep = await createEndpoint('/flaky', ['incident.created']);
    let mode: 'fail' | 'hang' | 'ok' = 'fail';
    receiver.answer((r) => (r.path !== '/flaky' ? { status: 200 } : mode === 'fail' ? { status: 500, body: 'boom' } : mode === 'hang' ? 'hang' : { status: 204 }));
    const worker = deliveryWorker(ctx.deps);
    await createIncidentAs(ctx.deps, staff.agent.id);
    await worker.drain();
    let [d] = await deliveriesOf(ep.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, response_code: 500, last_error: 'HTTP 500: boom' });
    const wait1 = d!.next_attempt_at!.getTime() - clock.now().getTime();
    expect(wait1).toBeGreaterThanOrEqual(4_500);
    expect(wait1).toBeLessThanOrEqual(5_500);

    clock.advance(wait1 - 1);
    expect(await worker.runOnce()).toBe(0);
    clock.advance(1);
    mode = 'hang';
    await worker.drain();
    [d] = await deliveriesOf(ep.id);
    expect(d).toMatchObject({ status: 'pending', attempts: 2, response_code: null });
    expect(d!.last_error).toMatch(/^timeout: /);
    const wait2 = d!.next_attempt_at!.getTime() - clock.now().getTime();
    expect(wait2).toBeGreaterThanOrEqual(4.5 * MIN);
    expect(wait2).toBeLessThanOrEqual(5.5 * MIN);

    clock.advance(wait2);
    mode = 'ok';
    await worker.drain();
    [d] = await deliveriesOf(ep.id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 3, response_code: 204, last_error: null, next_attempt_at: null });
    const got = requestsTo('/flaky');
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    expect(new Set(got.map((r) => r.headers['webhook-timestamp'])).size).toBe(3);
    expect(verify(ep.secret, got[2]!)).toMatchObject({ type: 'incident.created' });
    clock.release();
  });

  it('gives up after about three days of failures (dead), and honours Retry-After on a 429', async () => {
    const { clock } = ctx.deps;
    clock.set('2026-03-03T08:00:00Z');
    const start = clock.now().getTime();
    const dead = await createEndpoint('/down', ['incident.created']);
    const slow = await createEndpoint('/throttled', ['incident.created']);
    receiver.answer((r) => (r.path === '/down' ? { status: 503 } : r.path === '/throttled' ? { status: 429, headers: { 'retry-after': '3600' } } : { status: 200 }));
    const worker = deliveryWorker(ctx.deps);
    await createIncidentAs(ctx.deps, staff.agent.id);
    await worker.drain();
    const [throttled] = await deliveriesOf(slow.id);
    expect(throttled!.next_attempt_at!.getTime() - clock.now().getTime()).toBe(3_600_000);

    for (let i = 0; i < 12; i++) {
      const [d] = await deliveriesOf(dead.id);
      if (d!.status !== 'pending') break;
      clock.set(d!.next_attempt_at!);
      await worker.drain();
    }
    const [d] = await deliveriesOf(dead.id);
    expect(d).toMatchObject({ status: 'dead', attempts: 10, max_attempts: 10, response_code: 503, next_attempt_at: null });
    const days = (d!.last_attempt_at!.getTime() - start) / 86_400_000;
    expect(days).toBeGreaterThan(2.6);
    expect(days).toBeLessThan(3.5);
    expect(requestsTo('/down')).toHaveLength(10);

    // a resend starts a new round from the first delay
    receiver.answer(() => ({ status: 200 }));
    const resent = await ctx.app.inject({ method: 'POST', url: `/api/v1/deliveries/${d!.id}/resend`, headers: staff.admin.headers });
    expect(resent.statusCode, resent.body).toBe(202);
    expect(resent.json()).toMatchObject({ status: 'pending', attempts: 10, maxAttempts: 20 });
    await worker.drain();
    expect((await deliveriesOf(dead.id))[0]).toMatchObject({ status: 'delivered', attempts: 11 });
    const [audit] = (await auditOf(ctx.deps, d!.id)).filter((a) => a.action === 'resend');
    expect(audit).toMatchObject({ entity_type: 'delivery', actor_id: staff.admin.id, before: { status: 'dead' }, after: { status: 'pending', maxAttempts: 20 } });
    clock.release();
  });

  it('disables an endpoint that answers 410 (reason recorded and audited), fails other 4xx without retry', async () => {
    const gone = await createEndpoint('/gone', ['incident.created']);
    const bad = await createEndpoint('/bad', ['incident.created']);
    receiver.answer((r) => (r.path === '/gone' ? { status: 410, body: 'gone' } : r.path === '/bad' ? { status: 400, body: 'nope' } : { status: 200 }));
    const worker = deliveryWorker(ctx.deps);
    await createIncidentAs(ctx.deps, staff.agent.id);
    await worker.drain();
    expect((await deliveriesOf(gone.id))[0]).toMatchObject({ status: 'failed', attempts: 1, response_code: 410 });
    expect((await deliveriesOf(bad.id))[0]).toMatchObject({ status: 'failed', attempts: 1, response_code: 400, last_error: 'HTTP 400: nope', next_attempt_at: null });
    const endpoint = (await ctx.app.inject({ method: 'GET', url: `/api/v1/webhook-endpoints/${gone.id}`, headers: staff.admin.headers })).json();
    expect(endpoint).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^HTTP 410 from the receiver/) });
    const [record] = (await auditOf(ctx.deps, gone.id)).filter((a) => a.action === 'disable');
    expect(record).toMatchObject({ actor_type: 'system', before: { enabled: true }, after: { enabled: false } });

    await createIncidentAs(ctx.deps, staff.agent.id);
    await worker.drain();
    expect(await deliveriesOf(gone.id)).toHaveLength(1);
    expect(requestsTo('/gone')).toHaveLength(1);
    expect(requestsTo('/bad')).toHaveLength(2);
  });

  it('sends restricted incidents only to endpoints of a team that may see them', async () => {
    receiver.answer(() => ({ status: 200 }));
    const securityTeam = await teamIdBySlug(ctx.deps, 'security');
    const everyone = await createEndpoint('/all', ['incident.created']);
    const security = await createEndpoint('/security', ['incident.created'], { teamId: securityTeam });
    const worker = deliveryWorker(ctx.deps);
    const restricted = await createIncidentAs(ctx.deps, staff.admin.id, { type: 'security', title: 'Phishing wave', severity: 'high', impact: 'medium', urgency: 'high', detectedAt: '2026-03-01T10:00:00Z' });
    expect(restricted.restricted).toBe(true);
    await worker.drain();
    expect(requestsTo('/security').map((r) => JSON.parse(r.body).data.incident.id)).toEqual([restricted.id]);
    expect(requestsTo('/all').map((r) => JSON.parse(r.body).data.incident.id)).not.toContain(restricted.id);
    expect((await deliveriesOf(everyone.id)).some((d) => d.incident_id === restricted.id)).toBe(false);
    expect((await deliveriesOf(security.id)).map((d) => [d.incident_id, d.status])).toEqual([[restricted.id, 'delivered']]);
  });

  it('keeps signing with the previous secret for a day after a rotation', async () => {
    receiver.answer(() => ({ status: 200 }));
    const ep = await createEndpoint('/rotated', ['incident.created']);
    const rotated = await ctx.app.inject({ method: 'POST', url: `/api/v1/webhook-endpoints/${ep.id}/rotate-secret`, headers: staff.admin.headers });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(ep.secret);
    const worker = deliveryWorker(ctx.deps);
    await createIncidentAs(ctx.deps, staff.agent.id);
    await worker.drain();
    const [req] = requestsTo('/rotated');
    expect(String(req!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(fresh, req!)).toBeTruthy();
    expect(verify(ep.secret, req!)).toBeTruthy();
  });

  it('refuses, at send time, an address that is no longer allow-listed: nothing reaches the receiver', async () => {
    receiver.answer(() => ({ status: 200 }));
    const ep = await createEndpoint('/ssrf', ['incident.created']);
    const strict = { ...ctx.deps, config: { ...ctx.deps.config, outboundAllowList: [] } };
    await createIncidentAs(ctx.deps, staff.agent.id);
    await deliveryWorker(strict).drain();
    const [d] = await deliveriesOf(ep.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 1 });
    expect(d!.last_error).toMatch(/^refused: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/);
    expect(requestsTo('/ssrf')).toHaveLength(0);
  });
});
