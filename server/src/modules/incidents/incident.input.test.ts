import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { buildIncidentInput, postIncident, setupIncidentWorld, type Staff } from '../../../test/factories/incidents.js';

/** Bad input is a 4xx with a stable code and no internals, never a 5xx. */
describe('bad input to the incident API', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let incidentId: string;

  const expectClientError = (res: { statusCode: number; body: string }, label: string) => {
    expect(res.statusCode, `${label}: ${res.body}`).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, `${label}: ${res.body}`).toBeLessThan(500);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(typeof body.error.code).toBe('string');
    expect(body.error.message).not.toMatch(/select |insert |update |at .*\.ts:\d+/i);
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    incidentId = (await postIncident(ctx.app, staff.manager.headers)).id;
  });
  afterAll(() => ctx.close());

  it('refuses wrong types, unknown fields, NUL bytes and oversized text with 400', async () => {
    const nul = 'bad\u0000value';
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['title as number', buildIncidentInput({ title: 5 }), 'body.title'],
      ['empty title', buildIncidentInput({ title: '   ' }), 'body.title'],
      ['oversized title', buildIncidentInput({ title: 'x'.repeat(201) }), 'body.title'],
      ['NUL in title', buildIncidentInput({ title: nul }), 'body.title'],
      ['NUL in description', buildIncidentInput({ description: nul }), 'body.description'],
      ['NUL in a business area', buildIncidentInput({ businessAreas: [nul] }), 'body.businessAreas.0'],
      ['NUL in reporter contact', buildIncidentInput({ reporterContact: { name: nul } }), 'body.reporterContact.name'],
      ['unknown field', { ...buildIncidentInput(), status: 'closed' }, 'body'],
      ['bad severity', buildIncidentInput({ severity: 'urgent' }), 'body.severity'],
      ['bad date', buildIncidentInput({ dueAt: 'tomorrow' }), 'body.dueAt'],
      ['no such day', buildIncidentInput({ occurredAt: '2026-02-30T10:00:00Z' }), 'body.occurredAt'],
      ['year 0', buildIncidentInput({ detectedAt: '0000-01-01T00:00:00Z' }), 'body.detectedAt'],
      ['year 1', buildIncidentInput({ dueAt: '0001-01-01T00:00:00Z' }), 'body.dueAt'],
      ['custom not an object', buildIncidentInput({ custom: [1, 2] }), 'body.custom'],
      ['watchers not ids', buildIncidentInput({ watchers: ['bob'] }), 'body.watchers.0'],
      ['areas not a list', buildIncidentInput({ businessAreas: 'sales' }), 'body.businessAreas'],
    ];
    for (const [label, payload, path] of cases) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff.agent.headers, payload });
      expect(res.statusCode, label).toBe(400);
      expect(res.json().error.code, label).toBe('validation_failed');
      expect((res.json().error.details as Array<{ path: string }>).map((d) => d.path), label).toContain(path);
    }
    const customNul = await ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff.agent.headers, payload: buildIncidentInput({ custom: { vendor: nul } }) });
    expect(customNul.statusCode).toBe(400);
    expect(customNul.json().error.details).toEqual([{ path: 'custom.vendor', message: 'must not contain NUL characters' }]);

    const comment = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/comments`, headers: staff.agent.headers, payload: { body: nul } });
    expect(comment.statusCode).toBe(400);
    const transition = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/transitions`, headers: staff.agent.headers, payload: { to: 'investigating', fields: { state: 'x' } } });
    expect(transition.statusCode).toBe(400);
  });

  it('treats malformed bodies and unknown references as client errors', async () => {
    const broken = await ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...staff.agent.headers, 'content-type': 'application/json' }, payload: '{"title": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_json');
    const huge = await ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...staff.agent.headers, 'content-type': 'application/json' }, payload: JSON.stringify(buildIncidentInput({ description: 'x'.repeat(1_100_000) })) });
    expect(huge.statusCode).toBe(413);
    const deep = JSON.stringify(buildIncidentInput({ custom: { vendor: '@' } })).replace('"@"', '['.repeat(5000) + ']'.repeat(5000));
    expectClientError(await ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: { ...staff.agent.headers, 'content-type': 'application/json' }, payload: deep }), 'deep nesting');

    for (const ref of ['not-an-id', 'INC-2026-999999', '00000000-0000-4000-8000-000000000000', "1' or '1'='1", 'x'.repeat(150)]) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${encodeURIComponent(ref)}`, headers: staff.agent.headers });
      expectClientError(res, ref);
    }
    const mergeInto = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/merge`, headers: staff.agent.headers, payload: { into: 'nope' } });
    expect(mergeInto.statusCode).toBe(404);
    const ifMatch = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${incidentId}`, headers: { ...staff.agent.headers, 'if-match': '"99999999999"' }, payload: { title: 'x' } });
    expectClientError(ifMatch, 'huge If-Match');
  });

  it('never answers arbitrary JSON with a 5xx', async () => {
    const keys = fc.constantFrom('type', 'title', 'description', 'category', 'severity', 'impact', 'urgency', 'priority', 'businessAreas', 'assigneeId', 'teamId', 'watchers', 'dueAt', 'custom', 'source', 'reporterContact', 'resolution', 'version', 'to', 'fields', 'body', 'visibility', 'into', 'comment', 'x');
    const value = fc.anything({ maxDepth: 3, stringUnit: 'binary', withNullPrototype: false, withBoxedValues: false, withSet: false, withMap: false, withTypedArray: false, withSparseArray: false, withBigInt: false, withDate: false });
    const body = fc.dictionary(keys, value, { maxKeys: 6 });
    const targets = [
      { method: 'POST' as const, url: () => '/api/v1/incidents', base: () => buildIncidentInput() },
      { method: 'PATCH' as const, url: () => `/api/v1/incidents/${incidentId}`, base: () => ({}) },
      { method: 'POST' as const, url: () => `/api/v1/incidents/${incidentId}/transitions`, base: () => ({ to: 'investigating' }) },
      { method: 'POST' as const, url: () => `/api/v1/incidents/${incidentId}/comments`, base: () => ({ body: 'hi' }) },
      { method: 'POST' as const, url: () => `/api/v1/incidents/${incidentId}/merge`, base: () => ({}) },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, fc.boolean(), async (target, extra, merged) => {
        const payload = merged ? { ...target.base(), ...extra } : extra;
        const res = await ctx.app.inject({ method: target.method, url: target.url(), headers: { ...staff.manager.headers, 'if-match': '"1"' }, payload });
        expect(res.statusCode, `${target.method} ${target.url()} ${JSON.stringify(payload)} -> ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('never answers arbitrary list parameters with a 5xx', async () => {
    const params = fc.constantFrom('type', 'state', 'stateCategory', 'priority', 'severity', 'teamId', 'assigneeId', 'reporterId', 'businessArea', 'createdFrom', 'createdTo', 'updatedFrom', 'updatedTo', 'q', 'sort', 'order', 'cursor', 'limit', 'custom.environment', 'custom.users_affected');
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('\u0000', '-1', '1e309', 'me', 'none', 'P1', '2026-01-01', 'infinity', 'W10=', '!!&&||', '"', "'"));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(params, text), { maxLength: 5 }), async (pairs) => {
        const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
        const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents?${query}`, headers: staff.agent.headers });
        expect(res.statusCode, `${query} -> ${res.body}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('describes every incident endpoint in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/incidents') && !/attachments|links/.test(path))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ at: `${method.toUpperCase()} ${path}`, op })));
    const own = ops.filter((o) => o.op.tags?.includes('incidents'));
    expect(own.map((o) => o.at).sort()).toEqual(
      [
        'GET /api/v1/incidents',
        'POST /api/v1/incidents',
        'GET /api/v1/incidents/{idOrNumber}',
        'PATCH /api/v1/incidents/{idOrNumber}',
        'POST /api/v1/incidents/{idOrNumber}/transitions',
        'POST /api/v1/incidents/{idOrNumber}/merge',
        'POST /api/v1/incidents/{idOrNumber}/acknowledge',
        'GET /api/v1/incidents/{idOrNumber}/comments',
        'POST /api/v1/incidents/{idOrNumber}/comments',
        'GET /api/v1/incidents/{idOrNumber}/watchers',
        'PUT /api/v1/incidents/{idOrNumber}/watchers/{userId}',
        'DELETE /api/v1/incidents/{idOrNumber}/watchers/{userId}',
        'GET /api/v1/incidents/{idOrNumber}/timeline',
      ].sort(),
    );
    for (const { at, op } of ops) {
      expect(op.tags?.length, at).toBeGreaterThan(0);
      expect(op.summary, at).toBeTruthy();
    }
  });
});
