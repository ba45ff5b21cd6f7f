import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createTeam, createUser, loginAs } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { systemActor } from '../../platform/context.js';
import { auditOf } from './directory.test-support.js';
import { ensureTeam, getTeamIdBySlug, userExists } from './index.js';

describe('teams and memberships', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let adminHeaders: { cookie: string; 'x-csrf-token': string };
  let adminId: string;
  beforeAll(async () => {
    ctx = await createTestApp();
    const admin = await createUser(ctx.deps, { role: 'admin' });
    adminId = admin.id;
    adminHeaders = await loginAs(ctx.app, admin.email, admin.password);
  });
  afterAll(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

  it('creates, renames and deletes a team (admins), each audited; slugs are unique lower-kebab-case', async () => {
    const created = await api('POST', '/teams', adminHeaders, { slug: 'service-desk', name: 'Service Desk', description: 'First line' });
    expect(created.statusCode).toBe(201);
    const team = created.json();
    expect(team).toMatchObject({ slug: 'service-desk', name: 'Service Desk', description: 'First line', memberCount: 0, members: [] });
    expect((await auditOf(ctx.deps.db, 'team', team.id, 'create'))[0]).toMatchObject({ actor_id: adminId, after: { slug: 'service-desk', name: 'Service Desk' } });

    const dup = await api('POST', '/teams', adminHeaders, { slug: 'service-desk', name: 'Again' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('already_exists');
    for (const slug of ['Service-Desk', 'service_desk', '-desk', 'desk-', 'a--b', '']) {
      const bad = await api('POST', '/teams', adminHeaders, { slug, name: 'Bad' });
      expect(bad.statusCode, slug).toBe(400);
      expect(bad.json().error.details.map((d: { path: string }) => d.path)).toContain('body.slug');
    }

    const nul = await api('POST', '/teams', adminHeaders, { slug: 'nul-team', name: 'Nul', description: 'a\u0000b' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.details[0].path).toBe('body.description');
    const other = (await api('POST', '/teams', adminHeaders, { slug: 'facilities', name: 'Facilities' })).json();
    const clash = await api('PATCH', `/teams/${other.id}`, adminHeaders, { slug: 'service-desk' });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('already_exists');

    const renamed = await api('PATCH', `/teams/${team.id}`, adminHeaders, { name: 'IT Service Desk', slug: 'it-service-desk' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ slug: 'it-service-desk', name: 'IT Service Desk', description: 'First line' });
    expect((await auditOf(ctx.deps.db, 'team', team.id, 'update'))[0]).toMatchObject({ before: { slug: 'service-desk' }, after: { slug: 'it-service-desk', name: 'IT Service Desk' } });

    const deleted = await api('DELETE', `/teams/${team.id}`, adminHeaders);
    expect(deleted.statusCode).toBe(204);
    expect((await api('GET', `/teams/${team.id}`, adminHeaders)).statusCode).toBe(404);
    expect((await auditOf(ctx.deps.db, 'team', team.id, 'delete'))[0]).toMatchObject({ before: { slug: 'it-service-desk', members: [] } });
    expect((await api('DELETE', `/teams/${team.id}`, adminHeaders)).statusCode).toBe(404);
  });

  it('adds members, changes their team role and removes them, each audited; lists teams with member counts', async () => {
    const team = await createTeam(ctx.deps, { slug: 'security-ops', name: 'Security Operations' });
    const alice = await createUser(ctx.deps, { name: 'Alice' });
    const bob = await createUser(ctx.deps, { name: 'Bob', role: 'reporter' });
    const put = await api('PUT', `/teams/${team.id}/members/${alice.id}`, adminHeaders, { role: 'lead' });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ userId: alice.id, name: 'Alice', email: alice.email, userRole: 'agent', active: true, role: 'lead' });
    expect((await api('PUT', `/teams/${team.id}/members/${bob.id}`, adminHeaders, {})).json().role).toBe('member');
    expect((await api('PUT', `/teams/${team.id}/members/${bob.id}`, adminHeaders, { role: 'lead' })).json().role).toBe('lead');

    const records = await auditOf(ctx.deps.db, 'team', team.id);
    expect(records.map((r) => r.action)).toEqual(['create', 'member_add', 'member_add', 'member_role_change']);
    expect(records[3]).toMatchObject({ before: { userId: bob.id, role: 'member' }, after: { userId: bob.id, role: 'lead' } });

    // Any signed-in user sees teams, a reporter included.
    const reporter = await bearerFor(ctx.deps, bob.id, 'read');
    const list = await api('GET', '/teams', reporter);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((t: { id: string }) => t.id === team.id)).toMatchObject({ slug: 'security-ops', memberCount: 2 });
    const detail = (await api('GET', `/teams/${team.id}`, reporter)).json();
    expect(detail.members.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      ['Alice', 'lead'],
      ['Bob', 'lead'],
    ]);
    // Membership reaches the actor on the next request.
    expect((await api('GET', '/me', reporter)).json().teams.map((t: { id: string }) => t.id)).toEqual([team.id]);

    expect((await api('DELETE', `/teams/${team.id}/members/${alice.id}`, adminHeaders)).statusCode).toBe(204);
    expect((await auditOf(ctx.deps.db, 'team', team.id, 'member_remove'))[0]).toMatchObject({ before: { userId: alice.id, role: 'lead' } });
    expect((await api('DELETE', `/teams/${team.id}/members/${alice.id}`, adminHeaders)).statusCode).toBe(404);
    expect((await api('PUT', `/teams/${team.id}/members/00000000-0000-4000-8000-000000000000`, adminHeaders, {})).statusCode).toBe(404);
    const badRole = await api('PUT', `/teams/${team.id}/members/${alice.id}`, adminHeaders, { role: 'owner' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().error.details[0].path).toBe('body.role');
  });

  it('answers 403 to non-admins who change teams or memberships', async () => {
    const team = await createTeam(ctx.deps);
    const lead = await createUser(ctx.deps, { role: 'manager', teamIds: [team.id], teamRole: 'lead' });
    const h = await loginAs(ctx.app, lead.email, lead.password);
    for (const [method, url, payload] of [
      ['POST', '/teams', { slug: 'rogue', name: 'Rogue' }],
      ['PATCH', `/teams/${team.id}`, { name: 'Mine now' }],
      ['DELETE', `/teams/${team.id}`, undefined],
      ['PUT', `/teams/${team.id}/members/${lead.id}`, { role: 'lead' }],
      ['DELETE', `/teams/${team.id}/members/${lead.id}`, undefined],
    ] as const) {
      const res = await api(method, url, h, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    expect((await api('GET', '/teams', {})).statusCode).toBe(401);
  });

  it('ensureTeam creates a missing team once, audited, and finds it by slug; userExists checks ids', async () => {
    const at = ctx.deps.clock.now();
    const first = await ctx.deps.db.transaction().execute((tx) => ensureTeam(tx, { slug: 'data-protection', name: 'Data Protection', description: 'DPO office' }, systemActor, at));
    const second = await ctx.deps.db.transaction().execute((tx) => ensureTeam(tx, { slug: 'data-protection', name: 'Other name', description: '' }, systemActor, at));
    expect(second).toBe(first);
    expect(await getTeamIdBySlug(ctx.deps.db, 'data-protection')).toBe(first);
    expect(await getTeamIdBySlug(ctx.deps.db, 'no-such-team')).toBeNull();
    const records = await auditOf(ctx.deps.db, 'team', first);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor_type: 'system', action: 'create', after: { slug: 'data-protection', name: 'Data Protection', description: 'DPO office' } });

    expect(await userExists(ctx.deps.db, adminId)).toBe(true);
    expect(await userExists(ctx.deps.db, '00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(await userExists(ctx.deps.db, 'not-a-uuid')).toBe(false);
  });
});
