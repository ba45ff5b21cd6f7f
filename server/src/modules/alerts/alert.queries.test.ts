import type { Alert, IntegrationWithKey } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { createPerson, setupIncidentWorld, type Person, type Staff } from '../../../test/factories/incidents.js';
import { accepted, alertWorker, drain, pagerDutyTrigger, postIntegration } from './alert.test-support.js';

describe('listing and reading alerts', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let securityAgent: Person;
  let ops: IntegrationWithKey;
  let sec: IntegrationWithKey;
  const list = async (who: Person, query = '') => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/alerts${query}`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Alert[]; nextCursor: string | null };
  };
  const enqueue = (body: unknown) => ctx.app.inject({ method: 'POST', url: '/v2/enqueue', payload: body as object });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    securityAgent = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'], name: 'Sec agent' });
    ops = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty', name: 'Ops', rateLimitPerMinute: 10_000 });
    sec = await postIntegration(ctx.app, staff.admin.headers, { kind: 'pagerduty', name: 'IDS', type: 'security', rateLimitPerMinute: 10_000 });
    for (let i = 0; i < 5; i++) {
      ctx.deps.clock.set(new Date(Date.UTC(2026, 2, 1, 10, i)));
      accepted(await enqueue(pagerDutyTrigger(ops.key, { dedup_key: `ops-${i}` }, { summary: `Ops alert ${i}` })));
      await drain(alertWorker(ctx.deps));
    }
    ctx.deps.clock.set(new Date(Date.UTC(2026, 2, 1, 10, 5)));
    accepted(await enqueue(pagerDutyTrigger(sec.key, { dedup_key: 'ids-1' }, { summary: 'Port scan from 203.0.113.7', severity: 'error' })));
    accepted(await enqueue({ routing_key: ops.key, dedup_key: 'ops-0', event_action: 'resolve' }));
    await drain(alertWorker(ctx.deps));
    ctx.deps.clock.release();
  });
  afterAll(() => ctx.close());

  it('shows an alert only to those who may see its incident (restricted security incidents stay in their team)', async () => {
    const all = await list(staff.admin);
    expect(all.items.map((a) => a.dedupKey)).toEqual(['ids-1', 'ops-4', 'ops-3', 'ops-2', 'ops-1', 'ops-0']);
    expect((await list(staff.auditor)).items).toHaveLength(6);
    expect((await list(staff.agent)).items.map((a) => a.dedupKey)).toEqual(['ops-4', 'ops-3', 'ops-2', 'ops-1', 'ops-0']);
    expect((await list(securityAgent)).items.map((a) => a.dedupKey)).toContain('ids-1');
    expect((await list(staff.reporter)).items).toEqual([]);

    const secret = all.items[0]!;
    expect(secret).toMatchObject({ integration: { name: 'IDS', kind: 'pagerduty' }, status: 'triggered', severity: 'error', title: 'Port scan from 203.0.113.7', incident: { number: expect.stringMatching(/^SEC-/) } });
    const hidden = await ctx.app.inject({ method: 'GET', url: `/api/v1/alerts/${secret.id}`, headers: staff.agent.headers });
    expect(hidden.statusCode).toBe(404);
    const shown = await ctx.app.inject({ method: 'GET', url: `/api/v1/alerts/${secret.id}`, headers: securityAgent.headers });
    expect(shown.statusCode).toBe(200);
    expect(shown.json().history).toMatchObject([{ action: 'trigger', status: 'triggered', data: { title: 'Port scan from 203.0.113.7', severity: 'error' } }]);
    const byIncident = await list(staff.agent, `?incident=${secret.incident!.number}`);
    expect(byIncident.items).toEqual([]);
  });

  it('filters by integration, status and incident, and pages with a cursor', async () => {
    expect((await list(staff.admin, `?integrationId=${sec.id}`)).items.map((a) => a.dedupKey)).toEqual(['ids-1']);
    expect((await list(staff.admin, '?status=resolved')).items.map((a) => a.dedupKey)).toEqual(['ops-0']);
    const ops2 = (await list(staff.admin)).items.find((a) => a.dedupKey === 'ops-2')!;
    expect((await list(staff.agent, `?incident=${ops2.incident!.number}`)).items.map((a) => a.id)).toEqual([ops2.id]);
    expect((await list(staff.agent, `?incident=${ops2.incident!.id}`)).items.map((a) => a.id)).toEqual([ops2.id]);

    const first = await list(staff.admin, `?integrationId=${ops.id}&limit=2`);
    expect(first.items.map((a) => a.dedupKey)).toEqual(['ops-4', 'ops-3']);
    const second = await list(staff.admin, `?integrationId=${ops.id}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((a) => a.dedupKey)).toEqual(['ops-2', 'ops-1']);
    const third = await list(staff.admin, `?integrationId=${ops.id}&limit=2&cursor=${second.nextCursor}`);
    expect(third).toEqual({ items: [expect.objectContaining({ dedupKey: 'ops-0' })], nextCursor: null });
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/alerts?cursor=nonsense', headers: staff.admin.headers });
    expect(bad.statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/alerts?status=open', headers: staff.admin.headers })).statusCode).toBe(400);
  });
});
