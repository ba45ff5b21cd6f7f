import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createTeam, createUser, loginAs } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { auditOf, auditText } from './directory.test-support.js';

describe('/me: the caller and their profile', () => {
  let ctx: TestContext & { app: FastifyInstance };
  beforeAll(async () => {
    ctx = await createTestApp();
  });
  afterAll(() => ctx.close());

  it('returns the user, their teams and, for a cookie session only, the CSRF token', async () => {
    const team = await createTeam(ctx.deps, { slug: 'network', name: 'Network' });
    const u = await createUser(ctx.deps, { role: 'manager', teamIds: [team.id], teamRole: 'lead' });
    const headers = await loginAs(ctx.app, u.email, u.password);
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: headers.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: expect.objectContaining({ id: u.id, email: u.email, role: 'manager', locale: 'en', timeZone: 'UTC' }),
      teams: [{ id: team.id, slug: 'network', name: 'Network', role: 'lead' }],
      csrfToken: headers['x-csrf-token'],
    });
    const viaToken = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: await bearerFor(ctx.deps, u.id, 'read') });
    expect(viaToken.json().csrfToken).toBeUndefined();
    expect(viaToken.json().teams).toHaveLength(1);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me' })).json().error.code).toBe('unauthenticated');
  });

  it('changes name, locale and time zone, audited with before and after', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { name: 'Grace Hopper', locale: 'de', timeZone: 'Europe/Berlin' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Grace Hopper', locale: 'de', timeZone: 'Europe/Berlin' });
    const [record] = await auditOf(ctx.deps.db, 'user', u.id, 'update');
    expect(record).toMatchObject({ actor_type: 'user', actor_id: u.id, before: { name: u.name, locale: 'en' }, after: { name: 'Grace Hopper', locale: 'de', timeZone: 'Europe/Berlin' } });
  });

  it('rejects bad input with validation_failed naming the field', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    const patch = (payload: unknown) => ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: payload as object });
    const cases: Array<[unknown, string]> = [
      [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      [{ locale: 'fr' }, 'body.locale'],
      [{ name: '' }, 'body.name'],
      [{ name: 'a\u0000b' }, 'body.name'],
      [{ password: 'new-password-1' }, 'body.currentPassword'],
      [{ password: 'short', currentPassword: u.password }, 'body.password'],
      [{ password: 'x'.repeat(257), currentPassword: u.password }, 'body.password'],
    ];
    for (const [payload, path] of cases) {
      const res = await patch(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // Fields of the admin contract are not the caller's to set.
    const roleChange = await patch({ role: 'admin', name: 'Sneaky' });
    expect(roleChange.statusCode).toBe(200);
    expect(roleChange.json().role).toBe('agent');
  });

  it('changes the password only with the current one, ends the other sessions and keeps this one', async () => {
    const u = await createUser(ctx.deps);
    const here = await loginAs(ctx.app, u.email, u.password);
    const elsewhere = await loginAs(ctx.app, u.email, u.password);
    const wrong = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: here, payload: { password: 'a brand new secret', currentPassword: 'not it at all' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([{ path: 'body.currentPassword', message: 'is not correct' }]);
    expect(await auditOf(ctx.deps.db, 'user', u.id, 'password_change_failed')).toHaveLength(1);

    const ok = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: here, payload: { password: 'a brand new secret', currentPassword: u.password } });
    expect(ok.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: here })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: elsewhere })).statusCode).toBe(401);
    await expect(loginAs(ctx.app, u.email, u.password)).rejects.toThrow(/401/);
    await loginAs(ctx.app, u.email, 'a brand new secret');
    const updates = await auditOf(ctx.deps.db, 'user', u.id, 'update');
    expect(updates.at(-1)!.after).toMatchObject({ passwordChanged: true, sessionsEnded: 1 });
    const text = await auditText(ctx.deps.db);
    expect(text).not.toContain('a brand new secret');
    expect(text).not.toContain('not it at all');
  });

  it('counts wrong current passwords against the sign-in throttle', async () => {
    const u = await createUser(ctx.deps);
    const headers = await loginAs(ctx.app, u.email, u.password);
    for (let i = 0; i < 5; i++) {
      const res = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { password: 'another new secret', currentPassword: `guess ${i}` } });
      expect(res.statusCode).toBe(400);
    }
    const blocked = await ctx.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { password: 'another new secret', currentPassword: u.password } });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('login_throttled');
  });
});
