import type { IntegrationWithKey } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { auditOf, setupIncidentWorld, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import { accepted, alertWorker, amAlert, amGroupKey, amMessage, countRows, drain, postIntegration } from './alert.test-support.js';

describe('Alertmanager and Grafana webhooks', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let am: IntegrationWithKey;
  const post = (kind: string, key: string, body: unknown) => ctx.app.inject({ method: 'POST', url: `/api/v1/ingest/${kind}/${key}`, payload: body as object });
  const alertsOf = (integrationId: string, groupKey: string) =>
    ctx.deps.db.selectFrom('alerts').selectAll().where('integration_id', '=', integrationId).where('group_key', '=', groupKey).orderBy('created_at').orderBy('dedup_key').execute();
  const incident = (id: string) => ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const process = () => drain(alertWorker(ctx.deps));

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    am = await postIntegration(ctx.app, staff.admin.headers, { kind: 'alertmanager', name: 'Prometheus prod', rateLimitPerMinute: 10_000 });
  });
  afterAll(() => ctx.close());
  beforeEach(() => ctx.deps.clock.release());

  it('groups alerts by groupKey into one incident, keyed by fingerprint; repeats are idempotent; partial resolution is kept per alert; the group resolving resolves the incident', async () => {
    const a = amAlert('https://shop.example.com', 'a1b2c3d4e5f60718');
    const b = amAlert('https://api.example.com', 'b1b2c3d4e5f60718');
    const first = accepted(await post('alertmanager', am.key, amMessage([a, b])));
    expect(first).toEqual({ status: 'accepted', eventId: expect.any(Number) });
    await process();
    let alerts = await alertsOf(am.id, amGroupKey);
    expect(alerts.map((x) => [x.dedup_key, x.status])).toEqual([
      ['a1b2c3d4e5f60718', 'triggered'],
      ['b1b2c3d4e5f60718', 'triggered'],
    ]);
    expect(new Set(alerts.map((x) => x.incident_id)).size).toBe(1);
    const inc = await incident(alerts[0]!.incident_id!);
    expect(inc).toMatchObject({ title: 'ProbeFailure', source: 'alert', severity: 'critical', priority: 'P1', state: 'new' });
    expect(inc.description).toContain('Probe failed for https://shop.example.com');
    expect(inc.description).toContain('Alertmanager: http://alertmanager.example.com:9093');
    expect(alerts[0]!.labels).toMatchObject({ alertname: 'ProbeFailure', instance: 'https://shop.example.com', severity: 'critical' });
    const incidents = await countRows(ctx.deps, 'incidents');

    // The same notification again (repeat_interval, or a second Alertmanager of an HA pair): nothing new.
    accepted(await post('alertmanager', am.key, amMessage([a, b])));
    await process();
    alerts = await alertsOf(am.id, amGroupKey);
    expect(alerts.map((x) => [x.status, x.event_count])).toEqual([
      ['triggered', 2],
      ['triggered', 2],
    ]);
    expect(await countRows(ctx.deps, 'incidents')).toBe(incidents);

    // Partial resolution: a resolved, b still firing (its endsAt already past: status decides, not endsAt).
    const bStale = { ...b, endsAt: '2026-03-01T09:00:00.000Z' };
    accepted(await post('alertmanager', am.key, amMessage([{ ...a, status: 'resolved' }, bStale])));
    await process();
    alerts = await alertsOf(am.id, amGroupKey);
    expect(alerts.map((x) => x.status)).toEqual(['resolved', 'triggered']);
    expect((await incident(inc.id)).state_category).toBe('new');

    // A third alert joins the group: same incident.
    const c = amAlert('https://cdn.example.com', 'c1b2c3d4e5f60718');
    accepted(await post('alertmanager', am.key, amMessage([bStale, c])));
    await process();
    alerts = await alertsOf(am.id, amGroupKey);
    expect(alerts.map((x) => [x.dedup_key, x.status, x.incident_id])).toEqual([
      ['a1b2c3d4e5f60718', 'resolved', inc.id],
      ['b1b2c3d4e5f60718', 'triggered', inc.id],
      ['c1b2c3d4e5f60718', 'triggered', inc.id],
    ]);

    // The group resolves; c was left out of the message (max_alerts: 1), yet the group status covers it.
    accepted(await post('alertmanager', am.key, amMessage([{ ...b, status: 'resolved' }], { status: 'resolved', truncatedAlerts: 1 })));
    await process();
    alerts = await alertsOf(am.id, amGroupKey);
    expect(alerts.map((x) => x.status)).toEqual(['resolved', 'resolved', 'resolved']);
    const resolved = await incident(inc.id);
    expect(resolved).toMatchObject({ state: 'resolved', state_category: 'resolved' });
    const timeline = await timelineOf(ctx.deps, inc.id);
    const received = timeline.filter((e) => e.type === 'alert.received').map((e) => e.data as { counts: Record<string, number>; incident?: { action: string } });
    expect(received.map((d) => d.counts)).toEqual([
      { new: 2, repeated: 0, acknowledged: 0, resolved: 0 },
      { new: 0, repeated: 2, acknowledged: 0, resolved: 0 },
      { new: 0, repeated: 1, acknowledged: 0, resolved: 1 },
      { new: 1, repeated: 1, acknowledged: 0, resolved: 0 },
      { new: 0, repeated: 0, acknowledged: 0, resolved: 2 },
    ]);
    expect(received.at(-1)!.incident).toMatchObject({ action: 'resolved', transitions: ['investigate', 'resolve'] });
    const cHistory = await ctx.deps.db.selectFrom('alert_history').select(['action', 'data']).where('alert_id', '=', alerts[2]!.id).orderBy('id').execute();
    expect(cHistory).toMatchObject([{ action: 'trigger' }, { action: 'resolve', data: { byGroup: true } }]);
    expect((await auditOf(ctx.deps, alerts[2]!.id)).map((r) => r.action)).toEqual(['create', 'resolve']);

    // The group fires again after its incident was resolved: a new incident.
    accepted(await post('alertmanager', am.key, amMessage([a])));
    await process();
    const again = await alertsOf(am.id, amGroupKey);
    expect(again).toHaveLength(4);
    expect(again[3]!.incident_id).not.toBe(inc.id);
  });

  it('leaves the incident open, flagged for review on its timeline, when the integration says so', async () => {
    const review = await postIntegration(ctx.app, staff.admin.headers, { kind: 'alertmanager', name: 'Review first', settings: { onGroupResolved: 'flag_for_review', severityMap: {}, labelRoutes: [] } });
    const groupKey = '{}:{alertname="DiskFull"}';
    const disk = { ...amAlert('db-1:9100', 'd1d2d3d4d5d6d7d8'), labels: { alertname: 'DiskFull', instance: 'db-1:9100', severity: 'warning' } };
    accepted(await post('alertmanager', review.key, amMessage([disk], { groupKey, commonLabels: { alertname: 'DiskFull' }, commonAnnotations: { summary: 'Disk almost full on db-1' } })));
    accepted(await post('alertmanager', review.key, amMessage([{ ...disk, status: 'resolved' }], { groupKey, status: 'resolved' })));
    await process();
    const [alert] = await alertsOf(review.id, groupKey);
    expect(alert!.status).toBe('resolved');
    const inc = await incident(alert!.incident_id!);
    expect(inc).toMatchObject({ title: 'Disk almost full on db-1', severity: 'medium', priority: 'P3', state_category: 'new' });
    const last = (await timelineOf(ctx.deps, inc.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'alert.received', data: { incident: { action: 'flagged_for_review' } } });
  });

  it('computes the fingerprint from the labels when a sender leaves it out', async () => {
    const groupKey = '{}:{alertname="NoFingerprint"}';
    const bare = (status: 'firing' | 'resolved') => ({ status, labels: { alertname: 'NoFingerprint', instance: 'x:1' }, annotations: {}, startsAt: '2026-03-01T09:00:00Z' });
    accepted(await post('alertmanager', am.key, { version: '4', groupKey, status: 'firing', alerts: [bare('firing')] }));
    accepted(await post('alertmanager', am.key, { version: '4', groupKey, status: 'resolved', alerts: [bare('resolved')] }));
    await process();
    const alerts = await alertsOf(am.id, groupKey);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: 'resolved', dedup_key: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('answers a body it cannot read with 400, an unknown key with 404, a disabled integration with 403, and stores nothing', async () => {
    const before = await countRows(ctx.deps, 'alert_events');
    const wrongVersion = await post('alertmanager', am.key, { ...amMessage([amAlert('x', 'f1')]), version: '3' });
    expect(wrongVersion.statusCode).toBe(400);
    expect(wrongVersion.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.version', message: 'must be "4" (Alertmanager webhook message version 4)' }] });
    const noAlerts = await post('alertmanager', am.key, { version: '4', groupKey: 'g', status: 'firing', alerts: [{ status: 'burning', labels: { a: 1 } }] });
    expect(noAlerts.statusCode).toBe(400);
    expect(noAlerts.json().error.details.map((d: { path: string }) => d.path)).toEqual(['body.alerts.0.status', 'body.alerts.0.labels.a', 'body.alerts.0.startsAt']);
    const broken = await ctx.app.inject({ method: 'POST', url: `/api/v1/ingest/alertmanager/${am.key}`, headers: { 'content-type': 'application/json' }, payload: '{"version": "4",' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_json');
    for (const key of ['0'.repeat(32), 'not-a-key']) {
      const unknown = await post('alertmanager', key, amMessage([amAlert('x', 'f1')]));
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('not_found');
    }
    const grafanaKeyOnAm = await postIntegration(ctx.app, staff.admin.headers, { kind: 'grafana' });
    expect((await post('alertmanager', grafanaKeyOnAm.key, amMessage([amAlert('x', 'f1')]))).statusCode).toBe(404);
    const off = await postIntegration(ctx.app, staff.admin.headers, { kind: 'alertmanager', name: 'Off' });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/integrations/${off.id}/disable`, headers: staff.admin.headers });
    const disabled = await post('alertmanager', off.key, amMessage([amAlert('x', 'f1')]));
    expect(disabled.statusCode).toBe(403);
    expect(await countRows(ctx.deps, 'alert_events')).toBe(before);
  });

  it('answers overload with 503 and Retry-After, never 429 (Alertmanager retries only 5xx)', async () => {
    const small = await postIntegration(ctx.app, staff.admin.headers, { kind: 'alertmanager', name: 'Small', rateLimitPerMinute: 2 });
    ctx.deps.clock.set('2026-05-01T08:00:00Z');
    const message = amMessage([amAlert('x', 'e1e2e3e4e5e6e7e8')], { groupKey: '{}:{small}' });
    accepted(await post('alertmanager', small.key, message));
    accepted(await post('alertmanager', small.key, message));
    const over = await post('alertmanager', small.key, message);
    expect(over.statusCode).toBe(503);
    expect(over.headers['retry-after']).toBe('60');
    expect(over.json().error.code).toBe('unavailable');
  });

  it('takes Grafana webhook bodies (version 1) with their dashboard and panel links, and refuses an Alertmanager body there', async () => {
    const grafana = await postIntegration(ctx.app, staff.admin.headers, { kind: 'grafana', name: 'Grafana' });
    const groupKey = '{}/{__grafana_autogenerated__="true"}/{__grafana_receiver__="vigil"}:{alertname="High CPU"}';
    const alert = {
      status: 'firing',
      labels: { alertname: 'High CPU', grafana_folder: 'Infra', instance: 'web-3', severity: 'warning' },
      annotations: { summary: 'CPU above 90% on web-3' },
      startsAt: '2026-03-01T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://grafana.example.com/alerting/grafana/abc/view?orgId=1',
      fingerprint: '57c6d9296de2ad39',
      silenceURL: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DHigh+CPU',
      dashboardURL: 'https://grafana.example.com/d/infra?orgId=1',
      panelURL: 'https://grafana.example.com/d/infra?orgId=1&viewPanel=2',
      values: { B: 93.5, C: 1 },
      valueString: "[ var='B' labels={instance=web-3} value=93.5 ]",
    };
    const body = {
      receiver: 'vigil',
      status: 'firing',
      orgId: 1,
      alerts: [alert],
      groupLabels: { alertname: 'High CPU' },
      commonLabels: alert.labels,
      commonAnnotations: alert.annotations,
      externalURL: 'https://grafana.example.com/',
      version: '1',
      groupKey,
      truncatedAlerts: 0,
      title: '[FIRING:1] High CPU Infra (web-3 warning)',
      state: 'alerting',
      message: '**Firing**\n\nValue: B=93.5, C=1',
    };
    accepted(await post('grafana', grafana.key, body));
    accepted(await post('grafana', grafana.key, { ...body, status: 'resolved', state: 'ok', alerts: [{ ...alert, status: 'resolved' }] }));
    await process();
    const [stored] = await alertsOf(grafana.id, groupKey);
    expect(stored).toMatchObject({ status: 'resolved', title: 'CPU above 90% on web-3', severity: 'warning', dedup_key: '57c6d9296de2ad39' });
    const inc = await incident(stored!.incident_id!);
    expect(inc).toMatchObject({ title: 'CPU above 90% on web-3', severity: 'medium', state_category: 'resolved' });
    expect(inc.description).toContain('Dashboard: https://grafana.example.com/d/infra?orgId=1');
    expect(inc.description).toContain('Values: B=93.5, C=1');
    const history = await ctx.deps.db.selectFrom('alert_history').select('data').where('alert_id', '=', stored!.id).orderBy('id').executeTakeFirstOrThrow();
    expect(history.data).toMatchObject({ details: { panelURL: 'https://grafana.example.com/d/infra?orgId=1&viewPanel=2', values: { B: 93.5, C: 1 } } });
    const amOnGrafana = await post('grafana', grafana.key, amMessage([amAlert('x', 'f1')]));
    expect(amOnGrafana.statusCode).toBe(400);
    expect(amOnGrafana.json().error.details[0].path).toBe('body.version');
  });
});
