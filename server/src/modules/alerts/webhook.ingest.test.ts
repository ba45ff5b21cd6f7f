import type { IntegrationWithKey } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { setupIncidentWorld, teamIdBySlug, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import { accepted, alertWorker, countRows, drain, postIntegration } from './alert.test-support.js';

/** A body as a home-grown uptime checker might post it. */
function checkerBody(id: string, state: 'alerting' | 'ok', overrides: Record<string, unknown> = {}) {
  return {
    state,
    alert: { id, title: `Checkout latency above 2 s (${id})`, labels: { severity: 'sev1', team: 'payments', region: 'eu-central-1' }, details: { p95_ms: 2450 } },
    checks: [{ name: 'checkout', ok: state === 'ok' }],
    ...overrides,
  };
}

describe('generic JSON webhook', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let hook: IntegrationWithKey;
  const post = (key: string, body: unknown) => ctx.app.inject({ method: 'POST', url: `/api/v1/ingest/webhook/${key}`, payload: body as object });
  const alertsOf = (integrationId: string, dedupKey: string) => ctx.deps.db.selectFrom('alerts').selectAll().where('integration_id', '=', integrationId).where('dedup_key', '=', dedupKey).orderBy('created_at').execute();
  const incident = (id: string) => ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mapping = {
    title: '$.alert.title',
    dedupKey: '$.alert.id',
    severity: '$.alert.labels.severity',
    labels: '$.alert.labels',
    resolve: { path: '$.state', equals: 'ok' },
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    hook = await postIntegration(ctx.app, staff.admin.headers, {
      kind: 'webhook',
      name: 'Uptime checker',
      settings: { onGroupResolved: 'resolve', severityMap: { sev1: { severity: 'critical', impact: 'high', urgency: 'high', priority: 'P1' } }, labelRoutes: [], webhook: mapping },
    });
  });
  afterAll(() => ctx.close());
  beforeEach(() => ctx.deps.clock.release());

  it('reads title, dedup key, severity and labels through the mapping; a repeat updates the alert; the resolve condition resolves it and its incident', async () => {
    const res = accepted(await post(hook.key, checkerBody('chk-17', 'alerting')));
    expect(res).toEqual({ status: 'accepted', eventId: expect.any(Number), dedupKey: 'chk-17' });
    accepted(await post(hook.key, checkerBody('chk-17', 'alerting')));
    await drain(alertWorker(ctx.deps));
    const [alert] = await alertsOf(hook.id, 'chk-17');
    expect(alert).toMatchObject({ status: 'triggered', title: 'Checkout latency above 2 s (chk-17)', severity: 'sev1', event_count: 2, labels: { severity: 'sev1', team: 'payments', region: 'eu-central-1' } });
    const inc = await incident(alert!.incident_id!);
    expect(inc).toMatchObject({ severity: 'critical', impact: 'high', urgency: 'high', priority: 'P1', priority_overridden: true, source: 'alert' });
    expect(inc.description).toContain('"p95_ms": 2450');

    accepted(await post(hook.key, checkerBody('chk-17', 'ok')));
    await drain(alertWorker(ctx.deps));
    expect((await alertsOf(hook.id, 'chk-17'))[0]!.status).toBe('resolved');
    expect((await incident(inc.id)).state_category).toBe('resolved');
  });

  it('routes by label to another type and team (first matching route wins)', async () => {
    const securityTeam = await teamIdBySlug(ctx.deps, 'security');
    const routed = await postIntegration(ctx.app, staff.admin.headers, {
      kind: 'webhook',
      name: 'WAF',
      settings: {
        onGroupResolved: 'resolve',
        severityMap: {},
        labelRoutes: [
          { label: 'team', equals: 'nobody', teamId: null },
          { label: 'team', equals: 'payments', type: 'security', teamId: securityTeam },
          { label: 'region', equals: 'eu-central-1', type: 'data-breach' },
        ],
        webhook: mapping,
      },
    });
    accepted(await post(routed.key, checkerBody('waf-1', 'alerting')));
    await drain(alertWorker(ctx.deps));
    const [alert] = await alertsOf(routed.id, 'waf-1');
    const inc = await incident(alert!.incident_id!);
    const type = await ctx.deps.db.selectFrom('incident_types').select('key').where('id', '=', inc.type_id).executeTakeFirstOrThrow();
    expect(type.key).toBe('security');
    expect(inc).toMatchObject({ team_id: securityTeam, restricted: true, severity: 'medium' });
    expect(inc.detected_at).not.toBeNull();

    // A security incident cannot be resolved by the system (its first transition needs a detection source): flagged for review instead.
    accepted(await post(routed.key, checkerBody('waf-1', 'ok')));
    await drain(alertWorker(ctx.deps));
    expect((await incident(inc.id)).state_category).toBe('new');
    const last = (await timelineOf(ctx.deps, inc.id)).at(-1)!;
    expect(last.data).toMatchObject({ incident: { action: 'flagged_for_review', reason: 'no transition of security from "triage" to a resolved state that the system may take' } });
  });

  it('makes every event without a dedup key its own alert', async () => {
    const noKey = await postIntegration(ctx.app, staff.admin.headers, { kind: 'webhook', name: 'No key', settings: { onGroupResolved: 'resolve', severityMap: {}, labelRoutes: [], webhook: { title: '$.alert.title' } } });
    const one = accepted(await post(noKey.key, checkerBody('same', 'alerting')));
    const two = accepted(await post(noKey.key, checkerBody('same', 'alerting')));
    expect(one.dedupKey).not.toBe(two.dedupKey);
    await drain(alertWorker(ctx.deps));
    const rows = await ctx.deps.db.selectFrom('alerts').select('incident_id').where('integration_id', '=', noKey.id).execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.incident_id).not.toBe(rows[1]!.incident_id);
  });

  it('refuses a body the mapping cannot read (400 with the path), an unknown key (404), and over its rate limit answers 429', async () => {
    const before = await countRows(ctx.deps, 'alert_events');
    const noTitle = await post(hook.key, { state: 'alerting', alert: { id: 'x' } });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().error).toMatchObject({ code: 'validation_failed', details: [{ path: '$.alert.title', message: 'finds no text for the title' }] });
    const objectKey = await post(hook.key, { alert: { title: 'T', id: { nested: true } } });
    expect(objectKey.json().error.details).toEqual([{ path: '$.alert.id', message: 'must find a string or a number' }]);
    const notObject = await ctx.app.inject({ method: 'POST', url: `/api/v1/ingest/webhook/${hook.key}`, headers: { 'content-type': 'application/json' }, payload: '[1]' });
    expect(notObject.json().error.details).toEqual([{ path: 'body', message: 'must be a JSON object' }]);
    const deep = await post(hook.key, { alert: { title: 'T', id: 'deep' }, x: JSON.parse('{"a":'.repeat(80) + '1' + '}'.repeat(80)) });
    expect(deep.statusCode).toBe(400);
    expect((await post('z'.repeat(32), checkerBody('a', 'alerting'))).statusCode).toBe(404);
    expect(await countRows(ctx.deps, 'alert_events')).toBe(before);

    const tight = await postIntegration(ctx.app, staff.admin.headers, { kind: 'webhook', name: 'Tight', rateLimitPerMinute: 1, settings: { onGroupResolved: 'resolve', severityMap: {}, labelRoutes: [], webhook: mapping } });
    accepted(await post(tight.key, checkerBody('t', 'alerting')));
    const over = await post(tight.key, checkerBody('t', 'alerting'));
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
  });
});
