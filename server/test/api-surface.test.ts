import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/modules/audit/index.js';
import { installTypePacks } from '../src/modules/types/index.js';
import { bearerFor, createUser } from './factories/directory.js';
import { createTestApp } from './harness.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;
type Operation = { method: string; path: string };

/** Routes that answer without a signed-in caller; every other route of the OpenAPI document must not. */
const publicOperations = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);
/** The public report portal: guests without an account. */
const portalOperations = ['GET /api/v1/portal/{slug}', 'GET /api/v1/portal/{slug}/challenge', 'POST /api/v1/portal/{slug}/reports', 'GET /api/v1/portal/status/{token}'];
for (const op of portalOperations) publicOperations.add(op);

const malformedBodies: Array<{ name: string; payload: string; contentType?: string }> = [
  { name: 'broken JSON', payload: '{"title": ' },
  { name: 'array', payload: '[1,2,3]' },
  { name: 'string', payload: '"just a string"' },
  { name: 'null', payload: 'null' },
  { name: 'empty object', payload: '{}' },
  { name: 'wrong types', payload: JSON.stringify({ title: 42, type: ['x'], email: {}, name: null, version: 'x', to: 7, body: false, scope: 1 }) },
  { name: 'huge strings', payload: JSON.stringify({ title: 'x'.repeat(300_000), name: 'y'.repeat(300_000), body: 'z'.repeat(300_000) }) },
  { name: 'NUL bytes', payload: JSON.stringify({ title: 'a\u0000b', name: 'a\u0000b', body: 'a\u0000b', email: 'a\u0000@b.c', key: 'a\u0000' }) },
  { name: 'deep nesting', payload: '{"a":'.repeat(2000) + '1' + '}'.repeat(2000) },
  { name: 'prototype pollution', payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
  { name: 'form encoding', payload: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
  { name: 'over the body limit', payload: JSON.stringify({ pad: 'p'.repeat(1_200_000) }) },
];

const paramValues = [() => randomUUID(), () => 'not-a-uuid', () => 'INC-2026-999999', () => '%00'];

describe('API surface', () => {
  let ctx: Ctx;
  let operations: Operation[];
  let admin: { authorization: string };
  beforeAll(async () => {
    ctx = await createTestApp();
    await installTypePacks(ctx.deps);
    const user = await createUser(ctx.deps, { role: 'admin' });
    admin = await bearerFor(ctx.deps, user.id, 'write');
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({ method: m.toUpperCase(), path })),
    );
  });
  afterAll(() => ctx.close());

  const fill = (path: string, value: () => string) => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(value()).replace('%2500', '%00'));

  it('documents the core endpoints in the OpenAPI document', () => {
    const listed = new Set(operations.map((o) => `${o.method} ${o.path}`));
    for (const op of [
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/logout',
      'GET /api/v1/me',
      'POST /api/v1/tokens',
      'GET /api/v1/users',
      'POST /api/v1/teams',
      'GET /api/v1/incident-types',
      'POST /api/v1/incidents',
      'GET /api/v1/incidents',
      'GET /api/v1/incidents/{idOrNumber}',
      'PATCH /api/v1/incidents/{idOrNumber}',
      'POST /api/v1/incidents/{idOrNumber}/transitions',
      'GET /api/v1/incidents/{idOrNumber}/timeline',
      'GET /api/v1/audit',
      'GET /api/v1/audit/verify',
      'GET /api/v1/events',
      'GET /api/v1/views',
      'POST /api/v1/views',
      'PATCH /api/v1/views/{id}',
      'DELETE /api/v1/views/{id}',
      'POST /api/v1/incidents/bulk',
      'GET /api/v1/public-report-links',
      'GET /api/v1/incident-types/{idOrKey}/public-report',
      'PUT /api/v1/incident-types/{idOrKey}/public-report',
      'POST /api/v1/incident-types/{idOrKey}/public-report/regenerate',
      ...portalOperations,
    ]) {
      expect(listed, op).toContain(op);
    }
  });

  it('refuses every non-public operation without credentials, in the one error shape', async () => {
    expect(operations.length).toBeGreaterThan(25);
    for (const op of operations) {
      if (publicOperations.has(`${op.method} ${op.path}`)) continue;
      const res = await ctx.app.inject({ method: op.method as 'GET', url: fill(op.path, paramValues[0]!), ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { payload: {} }) });
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
      expect(res.json().error.code, `${op.method} ${op.path}`).toBe('unauthenticated');
    }
  });

  it('answers malformed input on every operation with a 4xx error body, never a 5xx', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const value of paramValues) {
        const url = fill(op.path, value);
        const bodies = op.method === 'GET' || op.method === 'DELETE' ? [undefined] : malformedBodies;
        for (const body of bodies) {
          const res = await ctx.app.inject({
            method: op.method as 'GET',
            url: url + (op.method === 'GET' ? '?limit=-1&sort=%27;drop&q=%00&createdFrom=yesterday' : ''),
            headers: { ...admin, ...(body ? { 'content-type': body.contentType ?? 'application/json' } : {}) },
            ...(body ? { payload: body.payload } : {}),
          });
          if (res.statusCode >= 500) failures.push(`${op.method} ${url} [${body?.name ?? 'no body'}] -> ${res.statusCode} ${res.body.slice(0, 200)}`);
          else if (res.statusCode >= 400) {
            const parsed = JSON.parse(res.body) as { error?: { code?: string } };
            if (typeof parsed.error?.code !== 'string') failures.push(`${op.method} ${url} [${body?.name}] -> ${res.statusCode} without error code`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect((await verifyAuditChain(ctx.deps.db)).ok).toBe(true);
  });

  it('answers malformed input to the public portal routes without credentials with a 4xx error body', async () => {
    const failures: string[] = [];
    for (const op of portalOperations) {
      const [method, path] = op.split(' ') as [string, string];
      expect(operations.map((o) => `${o.method} ${o.path}`)).toContain(op);
      for (const value of paramValues) {
        for (const body of method === 'GET' ? [undefined] : malformedBodies) {
          const res = await ctx.app.inject({
            method: method as 'GET',
            url: fill(path, value),
            ...(body ? { headers: { 'content-type': body.contentType ?? 'application/json' }, payload: body.payload } : {}),
          });
          if (res.statusCode < 400 || res.statusCode >= 500 || res.statusCode === 401) failures.push(`${op} ${value()} [${body?.name ?? 'no body'}] -> ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
