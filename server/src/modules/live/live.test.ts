import type { AddressInfo } from 'node:net';
import { liveLimits } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createUser, loginAs } from '../../../test/factories/directory.js';
import { createIncidentAs, createPerson, postIncident, setupIncidentWorld, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp, createTestDeps } from '../../../test/harness.js';
import { announce } from '../../platform/events/index.js';
import { buildApp } from '../../platform/http/app.js';
import { createAuthenticator, directoryRoutes } from '../directory/index.js';
import { defaultHubOptions } from './live.hub.js';
import { createLiveRoutes } from './live.routes.js';
import { openEventStream } from './live.test-support.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;

describe('live events (SSE over real HTTP)', () => {
  let ctx: Ctx;
  let staff: Staff;
  let base: string;
  let securityAgent: Person;
  const streams: Array<{ close: () => void }> = [];
  const open = async (headers: Record<string, string>, path = '/api/v1/events') => {
    const s = await openEventStream(base + path, headers);
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    securityAgent = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'] });
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const address = ctx.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await ctx.close();
  });

  it('refuses a caller without credentials with 401 in the one error shape', async () => {
    const res = await fetch(base + '/api/v1/events', { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  });

  it('opens a text/event-stream with a retry hint for a bearer token and for a session cookie', async () => {
    const byToken = await open(staff.agent.headers);
    expect(byToken.res.status).toBe(200);
    expect(byToken.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(byToken.res.headers.get('cache-control')).toBe('no-store');
    expect(byToken.res.headers.get('x-content-type-options')).toBe('nosniff');
    const session = await loginAs(ctx.app, staff.manager.email);
    const byCookie = await open({ cookie: session.cookie });
    expect(byCookie.res.status).toBe(200);
    const created = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'Printer on fire' });
    for (const s of [byToken, byCookie]) {
      const e = await s.waitFor((ev) => ev.event === 'incident' && ev.data.includes(created.id));
      expect(JSON.parse(e.data)).toEqual({ id: created.id, number: created.number, eventType: 'incident.created', at: created.created_at.toISOString() });
      expect(Number(e.id)).toBeGreaterThan(0);
      expect(s.retry).toBe(liveLimits.retryMs);
      expect(s.comments).toContain('connected');
    }
  });

  it('sends a restricted incident only to those who may see it', async () => {
    const agentStream = await open(staff.agent.headers);
    const securityStream = await open(securityAgent.headers);
    const adminStream = await open(staff.admin.headers);
    const secret = await createIncidentAs(ctx.deps, staff.admin.id, { type: 'security', title: 'Phishing wave', detectedAt: new Date().toISOString() });
    const open_ = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'Wifi down' });
    await adminStream.waitFor((e) => e.data.includes(secret.id));
    await securityStream.waitFor((e) => e.data.includes(secret.id));
    // The open incident was written after the restricted one: once the agent has it, the restricted one would have come first.
    await agentStream.waitFor((e) => e.data.includes(open_.id));
    await securityStream.waitFor((e) => e.data.includes(open_.id));
    expect(agentStream.incidents().map((e) => e.id)).not.toContain(secret.id);
    expect(agentStream.events.map((e) => e.data).join('\n')).not.toContain(secret.number);
  });

  it('sends a reporter public events of their own incidents, never internal ones or others\' incidents', async () => {
    const reporterStream = await open(staff.reporter.headers);
    const mine = await postIncident(ctx.app, staff.reporter.headers, { title: 'Door broken' });
    const notMine = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'Not the reporter\'s' });
    await reporterStream.waitFor((e) => e.event === 'incident' && e.data.includes(mine.id));
    const comment = (visibility: string, body: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${mine.id}/comments`, headers: staff.agent.headers, payload: { body, visibility } });
    expect((await comment('internal', 'suspect the reporter')).statusCode).toBe(201);
    expect((await comment('public', 'we are on it')).statusCode).toBe(201);
    await reporterStream.waitFor((e) => e.event === 'incident' && e.data.includes('comment.added'));
    const types = reporterStream.incidents().map((e) => `${e.id} ${e.eventType}`);
    expect(types).toEqual([`${mine.id} incident.created`, `${mine.id} comment.added`]);
    expect(types.join()).not.toContain(notMine.id);
  });

  it('forwards a per-user notice only to that user, as an event named by its kind', async () => {
    const agentStream = await open(staff.agent.headers);
    const managerStream = await open(staff.manager.headers);
    await announce(ctx.deps.db, 'vigil_user', { userId: staff.agent.id, kind: 'notification', id: 'n-1' });
    await announce(ctx.deps.db, 'vigil_user', { userId: staff.manager.id, kind: 'notification', id: 'n-2' });
    expect(JSON.parse((await agentStream.waitFor((e) => e.event === 'notification')).data)).toEqual({ kind: 'notification', id: 'n-1' });
    expect(JSON.parse((await managerStream.waitFor((e) => e.event === 'notification')).data)).toEqual({ kind: 'notification', id: 'n-2' });
    expect(agentStream.events.filter((e) => e.event === 'notification')).toHaveLength(1);
    expect(managerStream.events.filter((e) => e.event === 'notification')).toHaveLength(1);
  });

  it('replays visible events after Last-Event-ID, then continues live without duplicates', async () => {
    const watcher = await open(staff.agent.headers);
    const first = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'Before the reconnect' });
    const firstEvent = await ctx.deps.db.selectFrom('timeline_events').select('id').where('incident_id', '=', first.id).executeTakeFirstOrThrow();
    const hidden = await createIncidentAs(ctx.deps, staff.admin.id, { type: 'security', title: 'Hidden while away', detectedAt: new Date().toISOString() });
    const missed = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'Missed while away' });
    // Every notice so far has reached the server's hub (an open stream saw the last one), so what follows is replay only.
    await watcher.waitFor((e) => e.data.includes(missed.id));
    const resumed = await open({ ...staff.agent.headers, 'last-event-id': String(firstEvent.id) });
    await resumed.waitFor((e) => e.data.includes(missed.id));
    const later = await createIncidentAs(ctx.deps, staff.admin.id, { title: 'After the reconnect' });
    await resumed.waitFor((e) => e.data.includes(later.id));
    const ids = resumed.incidents().map((e) => e.id);
    expect(ids).toEqual([missed.id, later.id]);
    expect(ids).not.toContain(hidden.id);
    expect(ids).not.toContain(first.id);

    const byQuery = await open(staff.agent.headers, `/api/v1/events?lastEventId=${firstEvent.id}`);
    await byQuery.waitFor((e) => e.data.includes(later.id));
    expect(byQuery.incidents().map((e) => e.id)).toEqual([missed.id, later.id]);
  });

  it('rejects malformed resume positions and unknown parameters with 400', async () => {
    const bad = await fetch(base + '/api/v1/events', { headers: { ...staff.agent.headers, 'last-event-id': 'abc' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    const unknown = await fetch(base + '/api/v1/events?limit=5', { headers: staff.agent.headers });
    expect(unknown.status).toBe(400);
  });

  it('caps open streams per user and frees a slot when a stream closes', async () => {
    const user = await createPerson(ctx.deps, 'agent');
    const mine = [];
    for (let i = 0; i < liveLimits.streamsPerUser; i++) mine.push(await open(user.headers));
    const refused = await fetch(base + '/api/v1/events', { headers: user.headers });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('too_many_streams');
    mine[0]!.close();
    let status = 429;
    for (let attempt = 0; attempt < 50 && status === 429; attempt++) {
      await new Promise((r) => setTimeout(r, 20));
      const again = await fetch(base + '/api/v1/events', { headers: user.headers });
      status = again.status;
      await again.body?.cancel();
    }
    expect(status).toBe(200);
  });
});

describe('live events: heartbeats and credentials checked again', () => {
  let ctx: Awaited<ReturnType<typeof createTestDeps>>;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    ctx = await createTestDeps();
    app = await buildApp({
      deps: ctx.deps,
      authenticate: createAuthenticator(ctx.deps),
      api: [directoryRoutes, createLiveRoutes({ ...defaultHubOptions, heartbeatMs: 100, reauthenticateMs: 150 })],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.close();
    await ctx.close();
  });

  it('sends heartbeat comments and ends the stream once its token is revoked', async () => {
    const user = await createUser(ctx.deps, { role: 'agent' });
    const headers = await bearerFor(ctx.deps, user.id, 'write');
    const s = await openEventStream(base + '/api/v1/events', headers);
    expect(s.res.status).toBe(200);
    const deadline = Date.now() + 5000;
    while (!s.comments.includes('ping') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(s.comments).toContain('ping');
    expect(await s.waitForEnd(400)).toBe(false);
    const tokens = await app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    const tokenId = (tokens.json() as { items: Array<{ id: string }> }).items[0]!.id;
    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/tokens/${tokenId}`, headers });
    expect(revoked.statusCode).toBeLessThan(300);
    expect(await s.waitForEnd(5000)).toBe(true);
    s.close();
  });
});
