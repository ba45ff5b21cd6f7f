import { createHash } from 'node:crypto';
import type { Integration, IntegrationWithKey } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { auditOf, setupIncidentWorld, teamIdBySlug, type Staff } from '../../../test/factories/incidents.js';
import { amAlert, amMessage, postIntegration } from './alert.test-support.js';

describe('integrations API', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: unknown) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(() => ctx.close());

  it('creates an integration for an admin, returns the key and the ingest URL once, keeps only its SHA-256, and audits it without the key', async () => {
    const team = await teamIdBySlug(ctx.deps, 'it-operations');
    const res = await call('POST', '/integrations', staff.admin.headers, { kind: 'alertmanager', name: 'Prometheus prod', type: 'it-outage', teamId: team, rateLimitPerMinute: 600 });
    expect(res.statusCode).toBe(201);
    const created = res.json() as IntegrationWithKey;
    expect(created.key).toMatch(/^[a-z0-9]{32}$/);
    expect(created).toMatchObject({
      kind: 'alertmanager',
      name: 'Prometheus prod',
      type: { key: 'it-outage', name: 'IT outage' },
      team: { id: team, name: 'IT Operations' },
      keyHint: created.key.slice(-4),
      ingestUrl: 'http://localhost:3000/api/v1/ingest/alertmanager/{integrationKey}',
      ingestUrlWithKey: `http://localhost:3000/api/v1/ingest/alertmanager/${created.key}`,
      rateLimitPerMinute: 600,
      enabled: true,
      settings: { onGroupResolved: 'resolve', severityMap: {}, labelRoutes: [] },
      createdBy: { id: staff.admin.id, name: 'The admin' },
      lastEventAt: null,
    });
    const row = await ctx.deps.db.selectFrom('integrations').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash('sha256').update(created.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.key);
    const audit = await auditOf(ctx.deps, created.id);
    expect(audit).toMatchObject([{ entity_type: 'integration', action: 'create', actor_id: staff.admin.id, after: { kind: 'alertmanager', name: 'Prometheus prod', keyHint: created.key.slice(-4), rateLimitPerMinute: 600 } }]);
    expect(JSON.stringify(audit)).not.toContain(created.key);

    const got = (await call('GET', `/integrations/${created.id}`, staff.auditor.headers)).json() as Integration;
    expect(got).not.toHaveProperty('key');
    expect(JSON.stringify(got)).not.toContain(created.key);
    const listed = (await call('GET', '/integrations', staff.admin.headers)).json() as { items: Integration[] };
    expect(listed.items.map((i) => i.id)).toContain(created.id);

    await ctx.app.inject({ method: 'POST', url: `/api/v1/ingest/alertmanager/${created.key}`, payload: amMessage([amAlert('x', 'aa11')]) });
    expect(((await call('GET', `/integrations/${created.id}`, staff.admin.headers)).json() as Integration).lastEventAt).not.toBeNull();
  });

  it('names the ingest URL of each kind; PagerDuty senders post to /v2/enqueue with the key as routing key; email has none', async () => {
    const pd = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty' });
    expect(pd).toMatchObject({ ingestUrl: 'http://localhost:3000/v2/enqueue', ingestUrlWithKey: 'http://localhost:3000/v2/enqueue' });
    const email = await postIntegration(ctx.app, staff.admin.headers, { kind: 'email' });
    expect(email).toMatchObject({ ingestUrl: null, ingestUrlWithKey: null });
    const grafana = await postIntegration(ctx.app, staff.admin.headers, { kind: 'grafana' });
    expect(grafana.ingestUrlWithKey).toBe(`http://localhost:3000/api/v1/ingest/grafana/${grafana.key}`);
  });

  it('lets only admins change integrations; auditors read them; agents and reporters get 403', async () => {
    const created = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty', name: 'Owned' });
    for (const who of [staff.agent, staff.manager, staff.reporter, staff.auditor]) {
      expect((await call('POST', '/integrations', who.headers, { kind: 'pagerduty', name: 'x', type: 'it-outage' })).statusCode).toBe(403);
      expect((await call('PATCH', `/integrations/${created.id}`, who.headers, { name: 'x' })).statusCode).toBe(403);
      expect((await call('POST', `/integrations/${created.id}/rotate-key`, who.headers)).statusCode).toBe(403);
    }
    for (const who of [staff.agent, staff.manager, staff.reporter]) expect((await call('GET', '/integrations', who.headers)).statusCode).toBe(403);
    expect((await call('GET', '/integrations', staff.auditor.headers)).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/integrations' })).statusCode).toBe(401);
  });

  it('refuses what an alert could never turn into an incident, and names every problem', async () => {
    const res = await call('POST', '/integrations', staff.admin.headers, {
      kind: 'webhook',
      name: 'Bad',
      type: 'quality-deviation',
      teamId: '00000000-0000-4000-8000-000000000000',
      settings: { labelRoutes: [{ label: 'x', equals: 'y', type: 'no-such-type' }], webhook: { title: '$.title' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([
      { path: 'body.type', message: 'requires fields an alert cannot fill: custom.product' },
      { path: 'body.teamId', message: 'is not a team' },
      { path: 'body.settings.labelRoutes.0.type', message: 'is not an active incident type' },
    ]);
    const noMapping = await call('POST', '/integrations', staff.admin.headers, { kind: 'webhook', name: 'No mapping', type: 'it-outage' });
    expect(noMapping.statusCode).toBe(400);
    expect(noMapping.json().error.details).toMatchObject([{ path: 'body.settings.webhook', message: 'a webhook integration needs its field mapping' }]);
    const badPath = await call('POST', '/integrations', staff.admin.headers, { kind: 'webhook', name: 'Bad path', type: 'it-outage', settings: { webhook: { title: 'alert.title' } } });
    expect(badPath.statusCode).toBe(400);
    expect(badPath.json().error.details[0].path).toBe('body.settings.webhook.title');
    const route = await call('POST', '/integrations', staff.admin.headers, { kind: 'pagerduty', name: 'Empty route', type: 'it-outage', settings: { labelRoutes: [{ label: 'a', equals: 'b' }] } });
    expect(route.statusCode).toBe(400);
  });

  it('changes, disables, enables and rotates with an audit record each; a rotated or disabled key stops working at once', async () => {
    const created = await postIntegration(ctx.app, staff.admin.headers, { kind: 'alertmanager', name: 'Before' });
    const patch = await call('PATCH', `/integrations/${created.id}`, staff.admin.headers, {
      name: 'After',
      type: 'security',
      rateLimitPerMinute: 30,
      settings: { onGroupResolved: 'flag_for_review', severityMap: { page: { severity: 'critical', impact: 'high', urgency: 'high' } }, labelRoutes: [] },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ name: 'After', type: { key: 'security' }, rateLimitPerMinute: 30, settings: { onGroupResolved: 'flag_for_review', severityMap: { page: { severity: 'critical' } } } });
    const post = (key: string) => ctx.app.inject({ method: 'POST', url: `/api/v1/ingest/alertmanager/${key}`, payload: amMessage([amAlert('x', 'bb11')]) });
    expect((await call('POST', `/integrations/${created.id}/disable`, staff.admin.headers)).json()).toMatchObject({ enabled: false });
    expect((await post(created.key)).statusCode).toBe(403);
    expect((await call('POST', `/integrations/${created.id}/disable`, staff.admin.headers)).statusCode).toBe(200);
    expect((await call('POST', `/integrations/${created.id}/enable`, staff.admin.headers)).json()).toMatchObject({ enabled: true });
    expect((await post(created.key)).statusCode).toBe(202);
    const rotated = (await call('POST', `/integrations/${created.id}/rotate-key`, staff.admin.headers)).json() as IntegrationWithKey;
    expect(rotated.key).not.toBe(created.key);
    expect((await post(created.key)).statusCode).toBe(404);
    expect((await post(rotated.key)).statusCode).toBe(202);
    const audit = await auditOf(ctx.deps, created.id);
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'disable', 'enable', 'rotate_key']);
    expect(audit[1]).toMatchObject({ before: { name: 'Before', rateLimitPerMinute: 120 }, after: { name: 'After', rateLimitPerMinute: 30, settings: { onGroupResolved: 'flag_for_review' } } });
    expect(audit[4]).toMatchObject({ before: { keyHint: created.key.slice(-4) }, after: { keyHint: rotated.key.slice(-4) } });
    expect(JSON.stringify(audit)).not.toContain(rotated.key);
    expect((await call('PATCH', `/integrations/${created.id}`, staff.admin.headers, {})).statusCode).toBe(400);
    expect((await call('PATCH', '/integrations/00000000-0000-4000-8000-000000000000', staff.admin.headers, { name: 'x' })).statusCode).toBe(404);
  });
});
