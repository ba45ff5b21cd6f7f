import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createUser, loginAs } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { SESSION_COOKIE } from '../../platform/http/app.js';
import { sha256Hex } from './auth.crypto.js';
import { auditOf, auditText } from './directory.test-support.js';

const HOUR = 60 * 60 * 1000;

describe('sign-in, sessions and the authenticator', () => {
  let ctx: TestContext & { app: FastifyInstance };
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  const login = (email: string, password: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress, headers });

  it('signs in: an httpOnly SameSite=Lax cookie on /, only its SHA-256 stored, the user and a CSRF token returned, audited', async () => {
    const u = await createUser(ctx.deps, { role: 'agent', email: 'Ada.Lovelace@Example.test' });
    const res = await login('ada.lovelace@example.TEST', u.password, '10.1.0.1', { 'user-agent': 'vitest-agent' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toMatchObject({ id: u.id, email: 'Ada.Lovelace@Example.test', role: 'agent', active: true });
    expect(body.user.lastLoginAt).not.toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/argon2|password/i);
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeUndefined();
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).not.toMatch(/Secure/);

    const stored = await ctx.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toBe(sha256Hex(cookie.value));
    expect(stored[0]).toMatchObject({ csrf_token: body.csrfToken, ip: '10.1.0.1', user_agent: 'vitest-agent' });
    expect(stored[0]!.expires_at.getTime() - stored[0]!.created_at.getTime()).toBe(7 * 24 * HOUR);

    const [record] = await auditOf(ctx.deps.db, 'user', u.id, 'login');
    expect(record).toMatchObject({ actor_type: 'user', actor_id: u.id, source_ip: '10.1.0.1', after: { ip: '10.1.0.1', userAgent: 'vitest-agent' } });
  });

  it('marks the cookie Secure when the instance is served over https', async () => {
    const secure = await createTestApp({ secureCookies: true });
    try {
      const u = await createUser(secure.deps);
      const res = await secure.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: u.password } });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    } finally {
      await secure.close();
    }
  });

  it('answers the same invalid_credentials for a wrong password, an unknown email and a deactivated user, and audits each without the password', async () => {
    const u = await createUser(ctx.deps);
    const off = await createUser(ctx.deps);
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', off.id).execute();
    const wrong = await login(u.email, 'not-the-password-1', '10.2.0.1');
    const unknown = await login('nobody@example.test', 'not-the-password-2', '10.2.0.2');
    const inactive = await login(off.email, off.password, '10.2.0.3');
    for (const res of [wrong, unknown, inactive]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'invalid_credentials', message: 'The email or password is not correct' } });
      expect(res.cookies).toHaveLength(0);
    }
    const [failed] = await auditOf(ctx.deps.db, 'user', u.id, 'login_failed');
    expect(failed).toMatchObject({ actor_type: 'anonymous', actor_id: null, source_ip: '10.2.0.1', after: { email: u.email.toLowerCase(), reason: 'wrong_password' } });
    expect(await auditOf(ctx.deps.db, 'user', off.id, 'login_failed')).toHaveLength(1);
    const unknownRecords = await auditOf(ctx.deps.db, 'user', 'unknown', 'login_failed');
    expect(unknownRecords.some((r) => (r.after as { email: string }).email === 'nobody@example.test')).toBe(true);
    const nul = await login('a\u0000@example.test', 'whatever-it-is', '10.2.0.4');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.details[0].path).toBe('body.email');
    const text = await auditText(ctx.deps.db);
    expect(text).not.toContain('not-the-password');
    expect(text).not.toContain(off.password);
    expect(text).not.toMatch(/\$argon2/);
  });

  it('throttles an account at one address after 5 failures, without locking its owner out elsewhere; the block runs out', async () => {
    const u = await createUser(ctx.deps);
    for (let i = 0; i < 5; i++) expect((await login(u.email, `wrong-password-${i}`, '10.3.0.1')).statusCode).toBe(401);
    const blocked = await login(u.email, u.password, '10.3.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_throttled');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await auditOf(ctx.deps.db, 'user', 'unknown', 'login_failed')).toEqual(
      expect.arrayContaining([expect.objectContaining({ after: { email: u.email.toLowerCase(), reason: 'throttled' } })]),
    );
    // The owner at another address still signs in (no malicious lockout, ASVS 6.3.1).
    expect((await login(u.email, u.password, '10.3.9.9')).statusCode).toBe(200);
    ctx.deps.clock.advance(15 * 60 * 1000 + 1000);
    expect((await login(u.email, u.password, '10.3.0.1')).statusCode).toBe(200);
    // Counters whose window and block are over are pruned by later failures.
    expect((await login('someone-else@example.test', 'wrong-password', '10.3.2.1')).statusCode).toBe(401);
    const left = await ctx.deps.db.selectFrom('auth_throttle').select('key').execute();
    expect(left.map((r) => r.key)).not.toContain('ip:10.3.0.1');
    expect(left.map((r) => r.key)).toContain('ip:10.3.2.1');
  });

  it('throttles an account everywhere after 50 failures spread over many addresses', async () => {
    const u = await createUser(ctx.deps);
    for (let i = 0; i < 50; i++) expect((await login(u.email, `wrong-password-${i}`, `10.6.${Math.floor(i / 4)}.${(i % 4) + 1}`)).statusCode).toBe(401);
    const blocked = await login(u.email, u.password, '10.6.200.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_throttled');
  });

  it('resets the account counter on success, so failures do not add up across sign-ins', async () => {
    const u = await createUser(ctx.deps);
    for (let i = 0; i < 4; i++) expect((await login(u.email, `wrong-password-${i}`, '10.4.0.1')).statusCode).toBe(401);
    expect((await login(u.email, u.password, '10.4.0.1')).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(u.email, `wrong-password-${i}`, '10.4.0.1')).statusCode).toBe(401);
    expect((await login(u.email, u.password, '10.4.0.1')).statusCode).toBe(200);
    expect(await ctx.deps.db.selectFrom('auth_throttle').selectAll().where('key', 'in', [`account:${u.email.toLowerCase()}`, `account-ip:${u.email.toLowerCase()}|10.4.0.1`]).execute()).toHaveLength(0);
  });

  it('throttles an address after 30 failures in 15 minutes across accounts; other addresses still sign in', async () => {
    const u = await createUser(ctx.deps);
    for (let i = 0; i < 30; i++) expect((await login(`spray-${i}@example.test`, 'guess-guess', '10.5.0.1')).statusCode).toBe(401);
    const blocked = await login(u.email, u.password, '10.5.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_throttled');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(u.email, u.password, '10.5.0.2')).statusCode).toBe(200);
  });

  it('rejects a cookie-authenticated write without or with a wrong X-CSRF-Token, and accepts it with the right one', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const write = (h: Record<string, string>) => ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: h, payload: { name: 'Renamed' } });
    const missing = await write({ cookie: headers.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe('csrf_failed');
    const wrongToken = await write({ cookie: headers.cookie, 'x-csrf-token': 'x'.repeat(43) });
    expect(wrongToken.json().error.code).toBe('csrf_failed');
    expect((await ctx.deps.db.selectFrom('users').select('name').where('id', '=', u.id).executeTakeFirstOrThrow()).name).toBe(u.name);
    expect((await write(headers)).statusCode).toBe(200);
  });

  it('signs out: deletes the session, clears the cookie, audits; the old cookie no longer works', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cleared.value).toBe('');
    expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now());
    expect(await ctx.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).execute()).toHaveLength(0);
    expect(await auditOf(ctx.deps.db, 'user', u.id, 'logout')).toHaveLength(1);
    const after = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
    // Signing out without a session is harmless and still clears the cookie.
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
  });

  it('replaces the session a signed-in browser already had', async () => {
    const u = await createUser(ctx.deps);
    const first = await loginAs(ctx.app, u.email, u.password);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: first, payload: { email: u.email, password: u.password } });
    expect(res.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: first })).statusCode).toBe(401);
    expect(await ctx.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', u.id).execute()).toHaveLength(1);
  });

  it('expires a session after 12 idle hours and after 7 days however active', async () => {
    const u = await createUser(ctx.deps);
    const idle = await loginAs(ctx.app, u.email, u.password);
    ctx.deps.clock.advance(11 * HOUR);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: idle })).statusCode).toBe(200);
    ctx.deps.clock.advance(12 * HOUR + 60_000);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: idle })).statusCode).toBe(401);

    const busy = await loginAs(ctx.app, u.email, u.password);
    for (let i = 0; i < 15; i++) {
      ctx.deps.clock.advance(11 * HOUR);
      expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: busy })).statusCode).toBe(200);
    }
    ctx.deps.clock.advance(3 * HOUR + 60_000);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: busy })).statusCode).toBe(401);
  });

  it('writes last_seen_at and last_used_at at most once a minute', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const bearer = await bearerFor(ctx.deps, u.id, 'read');
    const seen = async () => (await ctx.deps.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', u.id).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const used = async () => (await ctx.deps.db.selectFrom('api_tokens').select('last_used_at').where('user_id', '=', u.id).executeTakeFirstOrThrow()).last_used_at?.getTime() ?? null;
    const start = ctx.deps.clock.now().getTime();
    ctx.deps.clock.set(new Date(start));
    const seen0 = await seen();
    await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    const used0 = await used();
    expect(used0).toBe(start);
    ctx.deps.clock.advance(30_000);
    await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(await seen()).toBe(seen0);
    expect(await used()).toBe(used0);
    ctx.deps.clock.advance(61_000);
    await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers });
    await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer });
    expect(await seen()).toBe(start + 91_000);
    expect(await used()).toBe(start + 91_000);
    ctx.deps.clock.release();
  });

  it('treats a bad, unknown, revoked or expired bearer token and a deactivated owner as unauthenticated, never as anonymous', async () => {
    const u = await createUser(ctx.deps);
    const get = (authorization: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } });
    const malformed = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: 'Bearer nonsense' } });
    expect(malformed.statusCode).toBe(401);
    expect((await get(`Bearer vgl_${'A'.repeat(43)}`)).statusCode).toBe(401);

    const good = await bearerFor(ctx.deps, u.id, 'write');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: good })).statusCode).toBe(200);
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', u.id).execute();
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: good })).statusCode).toBe(401);
    await ctx.deps.db.updateTable('users').set({ active: true }).where('id', '=', u.id).execute();

    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: good,
      payload: { name: 'short-lived', scope: 'read', expiresAt: new Date(ctx.deps.clock.now().getTime() + HOUR).toISOString() },
    });
    expect(created.statusCode).toBe(201);
    const shortLived = { authorization: `Bearer ${created.json().token}` };
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: shortLived })).statusCode).toBe(200);
    ctx.deps.clock.advance(HOUR + 1000);
    const expired = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: shortLived });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.code).toBe('unauthenticated');
  });

  it('publishes the directory routes and their schemas in the OpenAPI document', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    for (const p of ['/api/v1/auth/login', '/api/v1/auth/logout', '/api/v1/me', '/api/v1/tokens', '/api/v1/tokens/{id}', '/api/v1/users', '/api/v1/users/{id}', '/api/v1/teams', '/api/v1/teams/{id}', '/api/v1/teams/{id}/members/{userId}']) {
      expect(doc.paths[p], p).toBeDefined();
    }
    const loginBody = doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema;
    expect(loginBody.required).toEqual(['email', 'password']);
    expect(doc.paths['/api/v1/users'].post.responses['201']).toBeDefined();
    expect(doc.paths['/api/v1/users'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['q', 'role', 'active', 'limit', 'offset']));
  });
});
