import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createUser, loginAs } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { AppError } from '../../platform/errors.js';
import { sha256Hex } from './auth.crypto.js';
import { auditOf, auditText } from './directory.test-support.js';
import { createApiToken } from './tokens.commands.js';

describe('personal API tokens', () => {
  let ctx: TestContext & { app: FastifyInstance };
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('creates a token shown once, keeps only its SHA-256 and a prefix, lists it without the secret, audits it', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: 'CI pipeline', scope: 'write' } });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.token).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'CI pipeline', scope: 'write', prefix: created.token.slice(0, 12), expiresAt: null, revokedAt: null, lastUsedAt: null });

    const row = await ctx.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256Hex(created.token));
    expect(JSON.stringify(await ctx.deps.db.selectFrom('api_tokens').selectAll().execute())).not.toContain(created.token);

    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: created.id, name: 'CI pipeline', prefix: created.prefix })]);
    expect(list.body).not.toContain(created.token);
    expect(list.body).not.toContain(row.token_hash);

    const [record] = await auditOf(ctx.deps.db, 'api_token', created.id, 'create');
    expect(record).toMatchObject({ actor_type: 'user', actor_id: u.id, after: { id: created.id, name: 'CI pipeline', scope: 'write', userId: u.id } });
    const text = await auditText(ctx.deps.db);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(row.token_hash);

    const viaToken = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${created.token}` } });
    expect(viaToken.json().user.id).toBe(u.id);
  });

  it('lets a read token read and answers 403 insufficient_scope to its writes, including minting a token', async () => {
    const u = await createUser(ctx.deps);
    const read = await bearerFor(ctx.deps, u.id, 'read');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: read })).statusCode).toBe(200);
    for (const req of [
      { method: 'POST' as const, url: '/api/v1/tokens', payload: { name: 'escalate', scope: 'write' } },
      { method: 'POST' as const, url: '/api/v1/tokens', payload: { name: 'same', scope: 'read' } },
      { method: 'PATCH' as const, url: '/api/v1/me', payload: { name: 'New name' } },
    ]) {
      const res = await ctx.app.inject({ ...req, headers: read });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('insufficient_scope');
    }
    expect(await ctx.deps.db.selectFrom('api_tokens').select('id').where('user_id', '=', u.id).execute()).toHaveLength(1);

    const write = await bearerFor(ctx.deps, u.id, 'write');
    const ok = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: write, payload: { name: 'from a token', scope: 'read' } });
    expect(ok.statusCode).toBe(201);
    // Bearer writes need no CSRF header: there is no ambient credential to forge.
    expect(ok.json().scope).toBe('read');
  });

  it('refuses, in the command itself, a write token minted by a read-only token', async () => {
    const u = await createUser(ctx.deps);
    const readActor = { kind: 'token' as const, userId: u.id, role: u.role, teamIds: [], scope: 'read' as const, ip: null, requestId: null };
    const attempt = createApiToken(ctx.deps, readActor, u.id, { name: 'escalate', scope: 'write' });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'insufficient_scope' });
  });

  it('revokes a token: the next request with it is a 401; the revocation is audited; other users cannot touch it', async () => {
    const u = await createUser(ctx.deps);
    const other = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const created = (await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: { name: 'laptop', scope: 'write' } })).json();
    const bearer = { authorization: `Bearer ${created.token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);

    const otherHeaders = await loginAs(ctx.app, other.email, other.password);
    const foreign = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: otherHeaders });
    expect(foreign.statusCode).toBe(404);

    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers });
    expect(res.statusCode).toBe(204);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    const [record] = await auditOf(ctx.deps.db, 'api_token', created.id, 'revoke');
    expect(record).toMatchObject({ actor_id: u.id, before: { revokedAt: null }, after: { id: created.id } });
    expect((record!.after as { revokedAt: string | null }).revokedAt).not.toBeNull();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/tokens', headers })).json().items[0].revokedAt).not.toBeNull();
    // Revoking again changes nothing and records nothing.
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers })).statusCode).toBe(204);
    expect(await auditOf(ctx.deps.db, 'api_token', created.id, 'revoke')).toHaveLength(1);
  });

  it('validates the request: name, scope, a future expiry, a uuid id', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const cases: Array<[unknown, string]> = [
      [{ name: '', scope: 'read' }, 'body.name'],
      [{ name: 'x', scope: 'admin' }, 'body.scope'],
      [{ name: 'x', scope: 'read', expiresAt: 'tomorrow' }, 'body.expiresAt'],
      [{ name: 'x', scope: 'read', expiresAt: '2001-01-01T00:00:00Z' }, 'body.expiresAt'],
    ];
    for (const [payload, path] of cases) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const badId = await ctx.app.inject({ method: 'DELETE', url: '/api/v1/tokens/not-a-uuid', headers });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].path).toBe('params.id');
  });
});
