import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import type { Actor, Deps } from '../context.js';
import { systemClock } from '../clock.js';
import { AppError } from '../errors.js';
import { createLogger } from '../log.js';
import { buildApp, type ApiPlugin } from './app.js';

const user: Actor = { kind: 'user', userId: '00000000-0000-4000-8000-000000000001', role: 'agent', teamIds: [], scope: 'write', ip: null, requestId: null };
const readToken: Actor = { ...user, kind: 'token', scope: 'read' };

const probe: ApiPlugin = async (fastify) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const body = z.object({ title: z.string().min(1).max(10), count: z.number().int() });
  app.post('/probe', { schema: { body } }, async (req) => ({ echoed: req.body.title }));
  app.get('/probe/app-error', async () => {
    throw new AppError('version_conflict', 'stale', { currentVersion: 3 });
  });
  app.get('/probe/crash', async () => {
    throw new Error('secret internal detail at /srv/db password=hunter2');
  });
  app.get('/probe/public', { config: { public: true } }, async (req) => ({ kind: req.actor.kind }));
};

describe('HTTP platform', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const deps = { db: null, dbKind: 'pglite', clock: systemClock, config: testConfig(), log: createLogger('silent') } as unknown as Deps;
    app = await buildApp({
      deps,
      api: [probe],
      authenticate: async (req) => {
        if (req.headers.authorization === 'Bearer read') return { actor: readToken };
        if (req.headers.authorization === 'Bearer write') return { actor: { ...user, kind: 'token' } };
        if (req.cookies.vigil_session === 's1') return { actor: user, csrfToken: 'csrf-1' };
        return null;
      },
    });
    await app.ready();
  });
  afterAll(() => app.close());

  const post = (payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/probe', payload, headers: { authorization: 'Bearer write', 'content-type': 'application/json', ...headers } });

  it('answers an unknown route and an unauthenticated call in the one error shape', async () => {
    const missing = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { authorization: 'Bearer write' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const anon = await app.inject({ method: 'GET', url: '/api/v1/probe/app-error' });
    expect(anon.statusCode).toBe(401);
    expect(anon.json().error.code).toBe('unauthenticated');
    const pub = await app.inject({ method: 'GET', url: '/api/v1/probe/public' });
    expect(pub.json()).toEqual({ kind: 'anonymous' });
  });

  it('turns malformed, invalid, oversized and mistyped bodies into 4xx with stable codes', async () => {
    expect((await post('{"title": "x", ')).json().error.code).toBe('invalid_json');
    const invalid = await post(JSON.stringify({ title: '', count: 'three' }));
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('validation_failed');
    expect(invalid.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body.title', 'body.count']));
    const big = await post(JSON.stringify({ title: 'x', count: 1, pad: 'a'.repeat(1_100_000) }));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');
    const wrongType = await post('title=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().error.code).toBe('unsupported_media_type');
    const deep = await post('['.repeat(5000) + ']'.repeat(5000));
    expect(deep.statusCode).toBe(400);
    expect((await post(JSON.stringify({ title: 'ok', count: 2 }))).json()).toEqual({ echoed: 'ok' });
  });

  it('maps AppError codes to statuses and hides internals of unexpected errors', async () => {
    const conflict = await app.inject({ method: 'GET', url: '/api/v1/probe/app-error', headers: { authorization: 'Bearer write' } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toEqual({ error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 3 } } });
    const crash = await app.inject({ method: 'GET', url: '/api/v1/probe/crash', headers: { authorization: 'Bearer write' } });
    expect(crash.statusCode).toBe(500);
    expect(crash.body).not.toMatch(/hunter2|srv|stack/);
    expect(crash.json().error.code).toBe('internal');
  });

  it('requires the CSRF header for cookie-authenticated writes and write scope for tokens', async () => {
    const body = JSON.stringify({ title: 'ok', count: 1 });
    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/probe', payload: body, headers: { cookie: 'vigil_session=s1', 'content-type': 'application/json' } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('csrf_failed');
    const wrongCsrf = await app.inject({ method: 'POST', url: '/api/v1/probe', payload: body, headers: { cookie: 'vigil_session=s1', 'x-csrf-token': 'nope', 'content-type': 'application/json' } });
    expect(wrongCsrf.statusCode).toBe(403);
    const withCsrf = await app.inject({ method: 'POST', url: '/api/v1/probe', payload: body, headers: { cookie: 'vigil_session=s1', 'x-csrf-token': 'csrf-1', 'content-type': 'application/json' } });
    expect(withCsrf.statusCode).toBe(200);
    const readOnly = await post(body, { authorization: 'Bearer read' });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().error.code).toBe('insufficient_scope');
  });

  it('sends security headers and no-store on API responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/probe/public' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves an OpenAPI 3.1 document and its docs page without authentication', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toBe('3.1.0');
    expect(Object.keys(doc.json().paths)).toContain('/api/v1/probe');
    const docs = await app.inject({ method: 'GET', url: '/api/v1/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });
});
