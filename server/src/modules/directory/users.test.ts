import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createUser, loginAs } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { auditOf, auditText } from './directory.test-support.js';

describe('administration of users', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let admin: Awaited<ReturnType<typeof createUser>>;
  let adminHeaders: { cookie: string; 'x-csrf-token': string };
  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await createUser(ctx.deps, { role: 'admin', name: 'Root Admin' });
    adminHeaders = await loginAs(ctx.app, admin.email, admin.password);
  });
  afterAll(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

  it('creates a user (admins), audited without the password; emails are unique regardless of case', async () => {
    const res = await api('POST', '/users', adminHeaders, { email: 'Linus@Example.test', name: 'Linus', role: 'manager', password: 'eight ch', timeZone: 'America/New_York' });
    expect(res.statusCode).toBe(201);
    const user = res.json();
    expect(user).toMatchObject({ email: 'Linus@Example.test', name: 'Linus', role: 'manager', locale: 'en', timeZone: 'America/New_York', active: true, lastLoginAt: null });
    expect(Object.keys(user)).not.toContain('passwordHash');
    const [record] = await auditOf(ctx.deps.db, 'user', user.id, 'create');
    expect(record).toMatchObject({ actor_type: 'user', actor_id: admin.id, after: { id: user.id, email: 'Linus@Example.test', role: 'manager' } });
    const text = await auditText(ctx.deps.db);
    expect(text).not.toContain('eight ch');
    expect(text).not.toMatch(/argon2/);
    const hash = (await ctx.deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).password_hash;
    expect(hash).toMatch(/^\$argon2id\$/);

    const dup = await api('POST', '/users', adminHeaders, { email: 'linus@EXAMPLE.test', name: 'Other', role: 'agent', password: 'another password' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('already_exists');
  });

  it('validates new users with validation_failed naming the field', async () => {
    const base = { email: 'valid@example.test', name: 'Valid', role: 'agent', password: 'long enough' };
    const cases: Array<[object, string]> = [
      [{ ...base, email: 'not-an-email' }, 'body.email'],
      [{ ...base, role: 'superuser' }, 'body.role'],
      [{ ...base, password: 'seven77' }, 'body.password'],
      [{ ...base, password: 'p'.repeat(257) }, 'body.password'],
      [{ ...base, locale: 'fr' }, 'body.locale'],
      [{ ...base, timeZone: 'Nowhere/Land' }, 'body.timeZone'],
      [{ ...base, name: '   ' }, 'body.name'],
      [{ ...base, name: 'nul\u0000name' }, 'body.name'],
      [{ ...base, email: 'a\u0000@example.test' }, 'body.email'],
    ];
    for (const [payload, path] of cases) {
      const res = await api('POST', '/users', adminHeaders, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // 256 characters of anything, spaces and unicode included, is a valid password.
    const longest = await api('POST', '/users', adminHeaders, { ...base, password: 'ä '.repeat(128) });
    expect(longest.statusCode).toBe(201);
    await loginAs(ctx.app, 'valid@example.test', 'ä '.repeat(128));
  });

  it('lists users for assignment to admins, managers, agents and auditors, never to reporters; filters and pages', async () => {
    const tag = `zeta${Date.now()}`;
    const made = [];
    for (const [i, role] of (['agent', 'agent', 'reporter', 'manager'] as const).entries()) made.push(await createUser(ctx.deps, { role, name: `${tag} ${i}` }));
    await api('DELETE', `/users/${made[1]!.id}`, adminHeaders);

    for (const role of ['manager', 'agent', 'auditor'] as const) {
      const who = await createUser(ctx.deps, { role });
      const res = await api('GET', `/users?q=${tag}`, await bearerFor(ctx.deps, who.id, 'read'));
      expect(res.statusCode, role).toBe(200);
      expect(res.json().total).toBe(4);
      expect(Object.keys(res.json().items[0]).sort()).toEqual(['active', 'email', 'id', 'name', 'role']);
    }
    const reporter = await bearerFor(ctx.deps, made[2]!.id, 'read');
    const denied = await api('GET', '/users', reporter);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('forbidden');

    const byRole = (await api('GET', `/users?q=${tag}&role=agent`, adminHeaders)).json();
    expect(byRole.items.map((u: { id: string }) => u.id)).toEqual([made[0]!.id, made[1]!.id]);
    const active = (await api('GET', `/users?q=${tag}&role=agent&active=true`, adminHeaders)).json();
    expect(active.items.map((u: { id: string }) => u.id)).toEqual([made[0]!.id]);
    const page = (await api('GET', `/users?q=${tag.toUpperCase()}&limit=2&offset=2`, adminHeaders)).json();
    expect(page.total).toBe(4);
    expect(page.items.map((u: { name: string }) => u.name)).toEqual([`${tag} 2`, `${tag} 3`]);
    // LIKE wildcards in q are taken literally.
    expect((await api('GET', '/users?q=%25', adminHeaders)).json().total).toBe(0);
    expect((await api('GET', '/users?q=%00', adminHeaders)).statusCode).toBe(400);
    const bad = await api('GET', '/users?limit=0&role=boss', adminHeaders);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['querystring.limit', 'querystring.role']));
  });

  it('keeps reading and changing single users to admins', async () => {
    const target = await createUser(ctx.deps, { role: 'agent' });
    const manager = await createUser(ctx.deps, { role: 'manager' });
    const managerHeaders = await loginAs(ctx.app, manager.email, manager.password);
    for (const [method, url, payload] of [
      ['GET', `/users/${target.id}`, undefined],
      ['PATCH', `/users/${target.id}`, { role: 'admin' }],
      ['DELETE', `/users/${target.id}`, undefined],
      ['POST', '/users', { email: 'x@example.test', name: 'X', role: 'admin', password: 'password1' }],
    ] as const) {
      const res = await api(method, url, managerHeaders, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await ctx.deps.db.selectFrom('users').select('role').where('id', '=', target.id).executeTakeFirstOrThrow()).role).toBe('agent');

    const got = await api('GET', `/users/${target.id}`, adminHeaders);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: target.id, teams: [] });
    expect((await api('GET', '/users/00000000-0000-4000-8000-000000000000', adminHeaders)).statusCode).toBe(404);
  });

  it('changes a user and audits before and after; an admin password reset ends their sessions', async () => {
    const target = await createUser(ctx.deps, { role: 'agent' });
    const session = await loginAs(ctx.app, target.email, target.password);
    const res = await api('PATCH', `/users/${target.id}`, adminHeaders, { role: 'manager', name: 'Promoted', locale: 'de', timeZone: 'Asia/Tokyo', password: 'reset by admin' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: 'manager', name: 'Promoted', locale: 'de', timeZone: 'Asia/Tokyo' });
    expect((await api('GET', '/me', session)).statusCode).toBe(401);
    await loginAs(ctx.app, target.email, 'reset by admin');
    const [record] = await auditOf(ctx.deps.db, 'user', target.id, 'update');
    expect(record).toMatchObject({ actor_id: admin.id, before: { role: 'agent', name: target.name }, after: { role: 'manager', name: 'Promoted', passwordReset: true, sessionsEnded: 1 } });
    expect(await auditText(ctx.deps.db)).not.toContain('reset by admin');

    const empty = await api('PATCH', `/users/${target.id}`, adminHeaders, {});
    expect(empty.statusCode).toBe(400);
    const taken = await api('PATCH', `/users/${target.id}`, adminHeaders, { email: admin.email.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('already_exists');
  });

  it('deactivating a user ends their sessions, revokes their tokens and is audited; they cannot sign in', async () => {
    const target = await createUser(ctx.deps, { role: 'agent' });
    const session = await loginAs(ctx.app, target.email, target.password);
    const token = await bearerFor(ctx.deps, target.id, 'write');
    expect((await api('GET', '/me', token)).statusCode).toBe(200);

    const res = await api('DELETE', `/users/${target.id}`, adminHeaders);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: target.id, active: false });
    expect((await api('GET', '/me', session)).statusCode).toBe(401);
    expect((await api('GET', '/me', token)).statusCode).toBe(401);
    expect(await ctx.deps.db.selectFrom('sessions').select('id').where('user_id', '=', target.id).execute()).toHaveLength(0);
    const tokens = await ctx.deps.db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('user_id', '=', target.id).execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.revoked_at).not.toBeNull();
    const [record] = await auditOf(ctx.deps.db, 'user', target.id, 'deactivate');
    expect(record).toMatchObject({ actor_id: admin.id, before: { active: true }, after: { active: false, sessionsEnded: 1 } });
    expect(await auditOf(ctx.deps.db, 'api_token', tokens[0]!.id, 'revoke')).toHaveLength(1);
    await expect(loginAs(ctx.app, target.email, target.password)).rejects.toThrow(/401/);

    // Reactivation does not bring the revoked token back.
    expect((await api('PATCH', `/users/${target.id}`, adminHeaders, { active: true })).json().active).toBe(true);
    expect((await api('GET', '/me', token)).statusCode).toBe(401);
    await loginAs(ctx.app, target.email, target.password);
  });

  it('never lets the last active admin be demoted or deactivated (409), but allows it while another admin remains', async () => {
    const solo = await createTestApp();
    try {
      const only = await createUser(solo.deps, { role: 'admin' });
      const h = await loginAs(solo.app, only.email, only.password);
      const call = (method: 'PATCH' | 'DELETE', id: string, payload?: object) => solo.app.inject({ method, url: `/api/v1/users/${id}`, headers: h, ...(payload ? { payload } : {}) });
      for (const [method, payload] of [['PATCH', { role: 'manager' }], ['PATCH', { active: false }], ['DELETE', undefined]] as const) {
        const res = await call(method, only.id, payload);
        expect(res.statusCode, `${method} ${JSON.stringify(payload)}`).toBe(409);
        expect(res.json().error.code).toBe('conflict');
      }
      const row = await solo.deps.db.selectFrom('users').select(['role', 'active']).where('id', '=', only.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ role: 'admin', active: true });
      // An inactive admin does not count as a remaining admin.
      const dormant = await createUser(solo.deps, { role: 'admin' });
      expect((await call('DELETE', dormant.id)).statusCode).toBe(200);
      expect((await call('PATCH', only.id, { role: 'agent' })).statusCode).toBe(409);

      const second = await createUser(solo.deps, { role: 'admin' });
      const demoted = await call('PATCH', only.id, { role: 'manager' });
      expect(demoted.statusCode).toBe(200);
      expect(demoted.json().role).toBe('manager');
      // The demoted caller's session now carries the manager role.
      expect((await call('DELETE', second.id)).statusCode).toBe(403);
    } finally {
      await solo.close();
    }
  });

  it('lets only one of two admins demoting each other at once succeed', async () => {
    const pair = await createTestApp();
    try {
      const a = await createUser(pair.deps, { role: 'admin' });
      const b = await createUser(pair.deps, { role: 'admin' });
      const [ta, tb] = [await bearerFor(pair.deps, a.id), await bearerFor(pair.deps, b.id)];
      const results = await Promise.all([
        pair.app.inject({ method: 'PATCH', url: `/api/v1/users/${b.id}`, headers: ta, payload: { role: 'agent' } }),
        pair.app.inject({ method: 'PATCH', url: `/api/v1/users/${a.id}`, headers: tb, payload: { role: 'agent' } }),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes[0]).toBe(200);
      expect([403, 409]).toContain(codes[1]);
      expect(await pair.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).execute()).toHaveLength(1);
    } finally {
      await pair.close();
    }
  });
});
