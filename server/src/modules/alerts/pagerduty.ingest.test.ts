import type { AlertDetail, IntegrationWithKey } from '@vigil/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { auditOf, setupIncidentWorld, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import type { FastifyInstance } from 'fastify';
import { verifyAuditChain } from '../audit/index.js';
import { processAlertEvent } from './alert-process.commands.js';
import { insertOpenAlert } from './alert.repo.js';
import { accepted, alertWorker, countRows, drain, pagerDutyTrigger, postIntegration } from './alert.test-support.js';

const onPostgres = inject('testDb').kind === 'postgres';

describe('PagerDuty Events API v2 at /v2/enqueue', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let pd: IntegrationWithKey;
  const worker = () => alertWorker(ctx.deps);
  const enqueue = (body: unknown) => ctx.app.inject({ method: 'POST', url: '/v2/enqueue', payload: body as object });
  const alertsOf = (dedupKey: string) => ctx.deps.db.selectFrom('alerts').selectAll().where('integration_id', '=', pd.id).where('dedup_key', '=', dedupKey).orderBy('created_at').execute();
  const incident = (id: string) => ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const getAlert = async (id: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/alerts/${id}`, headers: staff.admin.headers });
    expect(res.statusCode).toBe(200);
    return res.json() as AlertDetail;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    pd = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty', name: 'Datadog', rateLimitPerMinute: 10_000 });
  });
  afterAll(() => ctx.close());
  beforeEach(() => ctx.deps.clock.release());

  it('answers a trigger with 202 and PagerDuty body, stores it with the routing key redacted before answering, then opens one alert and one incident', async () => {
    const res = await enqueue(pagerDutyTrigger(pd.key, { dedup_key: 'disk/prod-datapipe03' }));
    expect(res.json()).toEqual({ status: 'success', message: 'Event processed', dedup_key: 'disk/prod-datapipe03' });
    expect(res.statusCode).toBe(202);

    const stored = await ctx.deps.db.selectFrom('alert_events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ integration_id: pd.id, kind: 'alert', status: 'pending', stream_key: 'disk/prod-datapipe03', source_ip: '127.0.0.1' });
    expect(stored.payload).toMatchObject({ routing_key: '[redacted]', event_action: 'trigger', payload: { summary: 'DISK at 99% on machine prod-datapipe03.example.com' } });
    expect(JSON.stringify(stored.payload)).not.toContain(pd.key);
    expect(await ctx.deps.db.selectFrom('alerts').selectAll().where('integration_id', '=', pd.id).execute()).toEqual([]);

    expect(await drain(worker())).toBe(1);
    const [alert] = await alertsOf('disk/prod-datapipe03');
    expect(alert).toMatchObject({ status: 'triggered', title: 'DISK at 99% on machine prod-datapipe03.example.com', severity: 'critical', source: 'prod-datapipe03.example.com', event_count: 1, group_key: 'disk/prod-datapipe03' });
    expect(alert!.labels).toMatchObject({ component: 'mysql', group: 'prod-datapipe', class: 'disk', 'free space': '1%' });
    const inc = await incident(alert!.incident_id!);
    expect(inc).toMatchObject({ source: 'alert', severity: 'critical', impact: 'high', urgency: 'high', priority: 'P1', state: 'new', reporter_id: null, title: 'DISK at 99% on machine prod-datapipe03.example.com' });
    expect(inc.detected_at?.toISOString()).toBe('2015-07-17T08:42:58.315Z');
    expect(inc.description).toContain('Component: mysql');
    expect(inc.description).toContain('Opened by the pagerduty integration "Datadog" from alert disk/prod-datapipe03.');

    const timeline = await timelineOf(ctx.deps, inc.id);
    expect(timeline.map((e) => e.type)).toEqual(['incident.created', 'alert.received']);
    expect(timeline[1]).toMatchObject({
      actor_id: null,
      data: { kind: 'alert', eventId: stored.id, integration: { id: pd.id, name: 'Datadog', kind: 'pagerduty' }, counts: { new: 1, repeated: 0 }, alerts: [{ id: alert!.id, dedupKey: 'disk/prod-datapipe03', action: 'trigger', status: 'triggered' }] },
    });
    expect(await auditOf(ctx.deps, inc.id)).toMatchObject([{ action: 'create', actor_type: 'system', request_id: `alert-event:${stored.id}`, source_ip: '127.0.0.1' }]);
    expect(await auditOf(ctx.deps, alert!.id)).toMatchObject([{ entity_type: 'alert', action: 'create', actor_type: 'system', request_id: `alert-event:${stored.id}`, after: { status: 'triggered', incidentId: inc.id, dedupKey: 'disk/prod-datapipe03' } }]);
    expect(await ctx.deps.db.selectFrom('alert_events').select(['status', 'outcome']).where('id', '=', stored.id).executeTakeFirstOrThrow()).toEqual({
      status: 'processed',
      outcome: `opened incident ${inc.number}; 1 new, 0 repeated, 0 acknowledged, 0 resolved alert(s)`,
    });
  });

  it('replays trigger, repeat, acknowledge, resolve, resolve again, trigger again: one alert per open key, resolved through the workflow', async () => {
    const key = 'cpu/web-7';
    const ack = { routing_key: pd.key, dedup_key: key, event_action: 'acknowledge' };
    const resolve = { routing_key: pd.key, dedup_key: key, event_action: 'resolve' };
    for (const body of [pagerDutyTrigger(pd.key, { dedup_key: key }), pagerDutyTrigger(pd.key, { dedup_key: key }), ack, resolve, resolve]) {
      expect(accepted(await enqueue(body))).toEqual({ status: 'success', message: 'Event processed', dedup_key: key });
    }
    await drain(worker());
    const [first] = await alertsOf(key);
    expect(first).toMatchObject({ status: 'resolved', event_count: 4 });
    expect(first!.acknowledged_at).not.toBeNull();
    expect(first!.resolved_at).not.toBeNull();
    const detail = await getAlert(first!.id);
    expect(detail.history.map((h) => [h.action, h.status])).toEqual([
      ['trigger', 'triggered'],
      ['repeat', 'triggered'],
      ['acknowledge', 'acknowledged'],
      ['resolve', 'resolved'],
    ]);
    const inc = await incident(first!.incident_id!);
    expect(inc).toMatchObject({ state: 'resolved', state_category: 'resolved' });
    expect(inc.resolution).toContain('Resolved at the source: every alert from "Datadog" on this incident resolved');
    const timeline = await timelineOf(ctx.deps, inc.id);
    expect(timeline.filter((e) => e.type === 'incident.acknowledged')).toMatchObject([{ actor_id: null, data: { source: 'alert' } }]);
    expect(inc.acknowledged_at!.getTime()).toBeLessThanOrEqual(first!.resolved_at!.getTime());
    expect(timeline.filter((e) => e.type === 'incident.status_changed').map((e) => e.data)).toMatchObject([
      { from: 'new', to: 'investigating', transition: 'investigate' },
      { from: 'investigating', to: 'resolved', transition: 'resolve' },
    ]);
    expect(timeline.filter((e) => e.type === 'alert.received').map((e) => (e.data as { alerts: Array<{ action: string }> }).alerts[0]!.action)).toEqual(['trigger', 'repeat', 'acknowledge', 'resolve']);
    expect(timeline.filter((e) => e.type === 'alert.received').map((e) => (e.data as { incident?: { action: string } }).incident?.action)).toEqual([undefined, undefined, 'acknowledged', 'resolved']);
    expect(timeline.at(-1)!.data).toMatchObject({ incident: { action: 'resolved', transitions: ['investigate', 'resolve'] } });
    expect((await auditOf(ctx.deps, first!.id)).map((a) => a.action)).toEqual(['create', 'acknowledge', 'resolve']);
    expect((await auditOf(ctx.deps, inc.id)).map((a) => a.action)).toEqual(['create', 'acknowledge', 'transition', 'transition']);
    const events = await ctx.deps.db.selectFrom('alert_events').select(['outcome', 'status']).where('stream_key', '=', key).orderBy('id').execute();
    expect(events.at(-1)).toEqual({ status: 'processed', outcome: '0 new, 0 repeated, 0 acknowledged, 0 resolved alert(s); 1 dropped (no open alert)' });

    accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: key })));
    await drain(worker());
    const both = await alertsOf(key);
    expect(both.map((a) => a.status)).toEqual(['resolved', 'triggered']);
    expect(both[1]!.incident_id).not.toBe(first!.incident_id);
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });

  it('collects every problem of an invalid event into errors, in PagerDuty words, and stores nothing', async () => {
    const before = await countRows(ctx.deps, 'alert_events');
    const res = await enqueue({ routing_key: 'short!', event_action: 'trigger', payload: { summary: '', severity: 'fatal', timestamp: 'yesterday' }, dedup_key: 'x'.repeat(256) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: [
        "Length of 'routing_key' is incorrect (should be 32 characters)",
        "'routing_key' cannot contain non-alphanumeric characters.",
        "Length of 'dedup_key' must not exceed 255 characters",
        "'payload.summary' is missing or blank",
        "'payload.source' is missing or blank",
        "'payload.severity' is invalid (must be one of: critical, error, warning, info)",
        "'payload.timestamp' is invalid (must be an ISO 8601 timestamp)",
      ],
    });
    const noAction = await enqueue({ routing_key: pd.key, dedup_key: 'k' });
    expect(noAction.json().errors).toEqual(["'event_action' is missing or blank"]);
    const resolveWithoutKey = await enqueue({ routing_key: pd.key, event_action: 'resolve' });
    expect(resolveWithoutKey.json().errors).toEqual(["'dedup_key' is missing or blank"]);
    const broken = await ctx.app.inject({ method: 'POST', url: '/v2/enqueue', headers: { 'content-type': 'application/json' }, payload: '{"routing_key": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid JSON'] });
    const array = await ctx.app.inject({ method: 'POST', url: '/v2/enqueue', headers: { 'content-type': 'application/json' }, payload: '[1,2]' });
    expect(array.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['Event must be a JSON object'] });
    const tooLarge = await enqueue(pagerDutyTrigger(pd.key, {}, { custom_details: { blob: 'x'.repeat(513 * 1024) } }));
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json()).toMatchObject({ status: 'invalid event', errors: ['The event is larger than 512 KB'] });
    const deep = await enqueue(pagerDutyTrigger(pd.key, {}, { custom_details: JSON.parse('{"a":'.repeat(100) + '1' + '}'.repeat(100)) }));
    expect(deep.statusCode).toBe(400);
    expect(deep.json().errors).toEqual(['The body nests deeper than 64 levels']);
    expect(await countRows(ctx.deps, 'alert_events')).toBe(before);
  });

  it('answers an unknown or disabled routing key with 400, and rotating the key retires the old one at once', async () => {
    const other = await postIntegration(ctx.app, staff.admin.headers, { kind: 'alertmanager' });
    for (const key of ['0'.repeat(32), other.key]) {
      const res = await enqueue(pagerDutyTrigger(key));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ['Invalid routing key'] });
    }
    const second = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty', name: 'Second' });
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/integrations/${second.id}/disable`, headers: staff.admin.headers })).statusCode).toBe(200);
    const disabled = await enqueue(pagerDutyTrigger(second.key));
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json().errors).toEqual(['The integration of this routing key is disabled']);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/integrations/${second.id}/enable`, headers: staff.admin.headers });
    const rotated = (await ctx.app.inject({ method: 'POST', url: `/api/v1/integrations/${second.id}/rotate-key`, headers: staff.admin.headers })).json() as IntegrationWithKey;
    expect(rotated.key).not.toBe(second.key);
    expect((await enqueue(pagerDutyTrigger(second.key))).json().errors).toEqual(['Invalid routing key']);
    accepted(await enqueue(pagerDutyTrigger(rotated.key)));
  });

  it('generates a dedup key for a trigger without one, returns it, and two such triggers are two alerts', async () => {
    const one = accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: undefined })));
    const two = accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: '' })));
    expect(one.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    expect(two.dedup_key).not.toBe(one.dedup_key);
    await drain(worker());
    const [a] = await alertsOf(one.dedup_key as string);
    const [b] = await alertsOf(two.dedup_key as string);
    expect(a!.incident_id).not.toBe(b!.incident_id);
    accepted(await enqueue({ routing_key: pd.key, dedup_key: one.dedup_key, event_action: 'resolve' }));
    await drain(worker());
    expect((await alertsOf(one.dedup_key as string))[0]!.status).toBe('resolved');
  });

  it('limits events per integration over a sliding minute: 429 with Retry-After, nothing stored, accepted again once the window moves', async () => {
    const limited = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty', name: 'Chatty', rateLimitPerMinute: 3 });
    ctx.deps.clock.set('2026-04-01T12:00:00Z');
    for (let i = 0; i < 3; i++) accepted(await enqueue(pagerDutyTrigger(limited.key, { dedup_key: `chatty-${i}` })));
    const before = await countRows(ctx.deps, 'alert_events');
    ctx.deps.clock.set('2026-04-01T12:00:30Z');
    const over = await enqueue(pagerDutyTrigger(limited.key, { dedup_key: 'chatty-3' }));
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBe('30');
    expect(over.json()).toEqual({ status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' });
    expect(await countRows(ctx.deps, 'alert_events')).toBe(before);
    accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: 'other-integration' })));
    ctx.deps.clock.set('2026-04-01T12:01:00Z');
    accepted(await enqueue(pagerDutyTrigger(limited.key, { dedup_key: 'chatty-3' })));
  });

  it('keeps the event and retries the job when processing fails, and processes it once when the fault is gone', async () => {
    await drain(worker());
    await sql`create function alerts_test_fault() returns trigger language plpgsql as $$ begin raise exception 'disk full (injected)'; end $$`.execute(ctx.deps.db);
    await sql`create trigger alerts_test_fault before insert on alerts for each row execute function alerts_test_fault()`.execute(ctx.deps.db);
    try {
      const body = accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: 'fault/1' })));
      expect(body.dedup_key).toBe('fault/1');
      const w = worker();
      expect(await w.runOnce()).toBe(1);
      const event = await ctx.deps.db.selectFrom('alert_events').selectAll().where('stream_key', '=', 'fault/1').executeTakeFirstOrThrow();
      expect(event.status).toBe('pending');
      const job = await ctx.deps.db.selectFrom('jobs').selectAll().where('name', '=', 'alerts.process').where(sql`payload->>'eventId'`, '=', String(event.id)).executeTakeFirstOrThrow();
      expect(job).toMatchObject({ status: 'queued', attempts: 1, last_error: 'disk full (injected)' });
      expect(await alertsOf('fault/1')).toEqual([]);
    } finally {
      await sql`drop trigger alerts_test_fault on alerts`.execute(ctx.deps.db);
      await sql`drop function alerts_test_fault()`.execute(ctx.deps.db);
    }
    ctx.deps.clock.advance(60_000);
    expect(await drain(worker())).toBe(1);
    const alerts = await alertsOf('fault/1');
    expect(alerts).toHaveLength(1);
    expect((await ctx.deps.db.selectFrom('alert_events').select('status').where('stream_key', '=', 'fault/1').executeTakeFirstOrThrow()).status).toBe('processed');
    expect(await timelineOf(ctx.deps, alerts[0]!.incident_id!)).toHaveLength(2);
  });

  it('turns 30 concurrent identical triggers into exactly one alert and one incident, with 30 history entries', async () => {
    const key = 'storm/db-primary';
    const incidentsBefore = await countRows(ctx.deps, 'incidents');
    const answers = await Promise.all(Array.from({ length: 30 }, () => enqueue(pagerDutyTrigger(pd.key, { dedup_key: key }))));
    expect(answers.map((r) => r.statusCode)).toEqual(Array(30).fill(202));
    // Three workers (separate pool connections on PostgreSQL) claim the 30 jobs at once.
    const workers = [alertWorker(ctx.deps, { batchSize: 4 }), alertWorker(ctx.deps, { batchSize: 4 }), alertWorker(ctx.deps, { batchSize: 4 })];
    await Promise.all(workers.map((w) => drain(w)));
    const alerts = await alertsOf(key);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'triggered', event_count: 30 });
    expect(await countRows(ctx.deps, 'incidents')).toBe(incidentsBefore + 1);
    const history = await ctx.deps.db.selectFrom('alert_history').select('action').where('alert_id', '=', alerts[0]!.id).orderBy('id').execute();
    expect(history.map((h) => h.action)).toEqual(['trigger', ...Array(29).fill('repeat')]);
    const pending = await ctx.deps.db.selectFrom('alert_events').select('id').where('stream_key', '=', key).where('status', '<>', 'processed').execute();
    expect(pending).toEqual([]);
  });

  it.runIf(onPostgres)('lets one of many concurrent transactions open an alert for a dedup key (the unique partial index), on PostgreSQL', async () => {
    const now = new Date();
    const row = {
      integration_id: pd.id,
      dedup_key: 'race/1',
      group_key: 'race/1',
      status: 'triggered' as const,
      title: 'race',
      severity: null,
      source: null,
      labels: '{}',
      incident_id: null,
      first_event_at: now,
      last_event_at: now,
      acknowledged_at: null,
      resolved_at: null,
      created_at: now,
      updated_at: now,
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        ctx.deps.db.transaction().execute(async (tx) => {
          const inserted = await insertOpenAlert(tx, row);
          await sql`select pg_sleep(0.05)`.execute(tx);
          return inserted;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await alertsOf('race/1')).toHaveLength(1);
  });

  it.runIf(onPostgres)('waits for a stream another worker holds without keeping a connection, and gives up (the job retries) if it stays busy, on PostgreSQL', async () => {
    const body = accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: 'held/1' })));
    const event = await ctx.deps.db.selectFrom('alert_events').select('id').where('stream_key', '=', body.dedup_key as string).executeTakeFirstOrThrow();
    const lockKey = `alerts:${pd.id}:held/1`;
    const holder = ctx.deps.db.transaction().execute(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${lockKey}, 0))`.execute(tx);
      await expect(processAlertEvent(ctx.deps, event.id, { streamWaitMs: 100 })).rejects.toThrow(/stayed busy/);
      await sql`select pg_sleep(0.3)`.execute(tx);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiting = processAlertEvent(ctx.deps, event.id);
    await holder;
    await waiting;
    expect((await ctx.deps.db.selectFrom('alert_events').select('status').where('id', '=', event.id).executeTakeFirstOrThrow()).status).toBe('processed');
    expect(await alertsOf('held/1')).toHaveLength(1);
  });

  it('stores change events and shows them on the open incidents of the integration; lists them as the integration events', async () => {
    accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: 'deploy/affected' })));
    await drain(worker());
    const [open] = await alertsOf('deploy/affected');
    const change = {
      routing_key: pd.key,
      payload: { summary: 'Build 4567 deployed to production', timestamp: '2026-03-01T10:00:00Z', source: 'ci.example.com', custom_details: { build_state: 'passed', build_number: '4567' } },
      links: [{ href: 'https://ci.example.com/builds/4567', text: 'Build 4567' }],
    };
    const res = await ctx.app.inject({ method: 'POST', url: '/v2/change/enqueue', payload: change });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'success', message: 'Change event processed' });
    const invalid = await ctx.app.inject({ method: 'POST', url: '/v2/change/enqueue', payload: { routing_key: pd.key, payload: {} } });
    expect(invalid.json()).toEqual({ status: 'invalid event', message: 'Event object is invalid', errors: ["'payload.summary' is missing or blank"] });
    await drain(worker());
    const shown = (await timelineOf(ctx.deps, open!.incident_id!)).filter((e) => e.type === 'alert.received' && (e.data as { kind: string }).kind === 'change');
    expect(shown).toMatchObject([{ data: { kind: 'change', summary: 'Build 4567 deployed to production', source: 'ci.example.com', timestamp: '2026-03-01T10:00:00.000Z', links: [{ href: 'https://ci.example.com/builds/4567', text: 'Build 4567' }] } }]);
    const listed = await ctx.app.inject({ method: 'GET', url: `/api/v1/integrations/${pd.id}/events?kind=change`, headers: staff.auditor.headers });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toMatchObject([{ kind: 'change', status: 'processed', payload: { routing_key: '[redacted]', payload: { summary: 'Build 4567 deployed to production' } } }]);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/integrations/${pd.id}/events`, headers: staff.agent.headers })).statusCode).toBe(403);
  });

  it('stores NUL characters as U+FFFD instead of failing, in the body and in the dedup key, and still opens the incident', async () => {
    expect(accepted(await enqueue(pagerDutyTrigger(pd.key, { dedup_key: 'nul/\u00001' }, { summary: 'Disk\u0000 full', custom_details: { 'k\u0000': 'v\u0000' } }))).dedup_key).toBe('nul/\uFFFD1');
    await drain(worker());
    const [alert] = await alertsOf('nul/\uFFFD1');
    expect(alert!.title).toBe('Disk\uFFFD full');
    expect((await incident(alert!.incident_id!)).title).toBe('Disk\uFFFD full');
    accepted(await enqueue({ routing_key: pd.key, dedup_key: 'nul/\u00001', event_action: 'resolve' }));
    await drain(worker());
    expect((await alertsOf('nul/\uFFFD1'))[0]!.status).toBe('resolved');
  });

  it('stores events arriving together in one statement each batch, every one with its job, and answers each with its own key', async () => {
    const before = await countRows(ctx.deps, 'alert_events');
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => enqueue(pagerDutyTrigger(pd.key, { dedup_key: `burst-${i}` }))));
    expect(answers.map((r) => r.json().dedup_key)).toEqual(Array.from({ length: 60 }, (_, i) => `burst-${i}`));
    const events = await ctx.deps.db.selectFrom('alert_events').select(['id', 'stream_key', 'payload']).where('stream_key', 'like', 'burst-%').orderBy('id').execute();
    expect(events).toHaveLength(60);
    expect(await countRows(ctx.deps, 'alert_events')).toBe(before + 60);
    for (const e of events) expect((e.payload as { dedup_key: string }).dedup_key).toBe(e.stream_key);
    const jobs = await ctx.deps.db.selectFrom('jobs').select(sql<number>`(payload->>'eventId')::bigint`.as('eventId')).where('name', '=', 'alerts.process').where(sql`(payload->>'eventId')::bigint`, 'in', events.map((e) => e.id)).execute();
    expect(jobs.map((j) => Number(j.eventId)).sort((a, b) => a - b)).toEqual(events.map((e) => e.id));
    await drain(worker());
    for (let i = 0; i < 60; i += 17) expect(await alertsOf(`burst-${i}`)).toHaveLength(1);
  });
});
