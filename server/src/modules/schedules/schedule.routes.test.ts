import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createTeam, createUser, type TestUser } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { onCallForTeam, resolveShifts, scheduleExists, whoIsOnCall } from './index.js';
import { auditOf, auditText, buildLayer } from './schedule.test-support.js';

type Headers = Record<string, string>;

describe('schedules API', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let admin: Headers;
  let manager: Headers;
  let agent: Headers;
  let reporter: Headers;
  let auditor: Headers;
  let otherManager: Headers;
  let teamId: string;
  let otherTeamId: string;
  let ana: TestUser;
  let ben: TestUser;
  let cai: TestUser;
  let managerUser: TestUser;

  beforeAll(async () => {
    ctx = await createTestApp();
    ctx.deps.clock.set('2026-03-20T12:00:00Z');
    teamId = (await createTeam(ctx.deps, { name: 'Payments' })).id;
    otherTeamId = (await createTeam(ctx.deps, { name: 'Facilities' })).id;
    ana = await createUser(ctx.deps, { name: 'Ana', teamIds: [teamId] });
    ben = await createUser(ctx.deps, { name: 'Ben', teamIds: [teamId] });
    cai = await createUser(ctx.deps, { name: 'Cai', teamIds: [otherTeamId] });
    managerUser = await createUser(ctx.deps, { role: 'manager', teamIds: [teamId] });
    admin = await bearerFor(ctx.deps, (await createUser(ctx.deps, { role: 'admin' })).id);
    manager = await bearerFor(ctx.deps, managerUser.id);
    agent = await bearerFor(ctx.deps, ana.id);
    reporter = await bearerFor(ctx.deps, (await createUser(ctx.deps, { role: 'reporter' })).id);
    auditor = await bearerFor(ctx.deps, (await createUser(ctx.deps, { role: 'auditor' })).id);
    otherManager = await bearerFor(ctx.deps, (await createUser(ctx.deps, { role: 'manager', teamIds: [otherTeamId] })).id);
  });
  afterAll(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  const paths = (res: { json: () => { error: { details: Array<{ path: string }> } } }) => res.json().error.details.map((d) => d.path);

  it('creates, reads, changes (If-Match) and deletes a schedule, each change audited without the feed secret', async () => {
    const created = await api('POST', '/schedules', admin, {
      teamId,
      name: 'Payments primary',
      timeZone: 'Europe/Berlin',
      layers: [buildLayer([ana.id, ben.id], { rotation: 'weekly', restrictions: [{ days: ['mon', 'tue'], start: '08:00', end: '18:00' }], endsAt: '2027-01-01T00:00:00+01:00' })],
    });
    expect(created.statusCode).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({ teamId, name: 'Payments primary', description: '', timeZone: 'Europe/Berlin', version: 1 });
    expect(s.layers).toEqual([
      {
        name: 'Primary',
        participants: [ana.id, ben.id],
        rotation: 'weekly',
        handoffTime: '09:00',
        startDate: '2026-03-01',
        endsAt: '2026-12-31T23:00:00.000Z',
        restrictions: [{ days: ['mon', 'tue'], start: '08:00', end: '18:00' }],
      },
    ]);
    expect(s.feedUrl).toMatch(/^http:\/\/localhost:\d+\/ical\/schedules\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(created.headers.etag).toBe('"1"');
    expect((await auditOf(ctx.deps.db, 'schedule', s.id, 'create'))[0]).toMatchObject({ after: { name: 'Payments primary', teamId, timeZone: 'Europe/Berlin', layers: s.layers } });

    // Agents and auditors read; the feed URL stays the same between reads.
    for (const who of [agent, auditor, manager]) {
      const got = await api('GET', `/schedules/${s.id}`, who);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(s);
    }
    expect((await api('GET', `/schedules?teamId=${teamId}`, agent)).json().items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect((await api('GET', `/schedules?teamId=${otherTeamId}`, agent)).json().items).toEqual([]);

    const noVersion = await api('PATCH', `/schedules/${s.id}`, manager, { name: 'Payments' });
    expect(noVersion.statusCode).toBe(428);
    const stale = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/schedules/${s.id}`, headers: { ...manager, 'if-match': '"7"' }, payload: { name: 'Payments' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1 } });
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/schedules/${s.id}`,
      headers: { ...manager, 'if-match': '"1"' },
      payload: { name: 'Payments', layers: [buildLayer([ben.id, ana.id]), buildLayer([managerUser.id], { name: 'Nights', rotation: 'custom', shiftHours: 12, handoffTime: '20:00' })] },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: 'Payments', version: 2, feedUrl: s.feedUrl });
    expect(changed.json().layers[1]).toMatchObject({ name: 'Nights', rotation: 'custom', shiftHours: 12, endsAt: null, restrictions: [] });
    expect(changed.headers.etag).toBe('"2"');
    const update = (await auditOf(ctx.deps.db, 'schedule', s.id, 'update'))[0]!;
    expect(update).toMatchObject({ before: { name: 'Payments primary', version: 1 }, after: { name: 'Payments', version: 2 } });
    expect((update.after as { layers: unknown[] }).layers).toHaveLength(2);
    const bodyVersion = await api('PATCH', `/schedules/${s.id}`, admin, { description: 'Card payments', version: 2 });
    expect(bodyVersion.json()).toMatchObject({ description: 'Card payments', version: 3 });

    const secret = s.feedUrl.split('/').pop().replace('.ics', '');
    expect(await auditText(ctx.deps.db)).not.toContain(secret);

    expect((await api('DELETE', `/schedules/${s.id}`, manager)).statusCode).toBe(204);
    expect((await api('GET', `/schedules/${s.id}`, agent)).statusCode).toBe(404);
    expect((await auditOf(ctx.deps.db, 'schedule', s.id, 'delete'))[0]).toMatchObject({ before: { name: 'Payments', description: 'Card payments' } });
    expect((await api('DELETE', `/schedules/${s.id}`, manager)).statusCode).toBe(404);
  });

  it('rejects bad input as 400 naming each field, unknown users and teams included', async () => {
    const bad = await api('POST', '/schedules', admin, {
      teamId,
      name: ' ',
      timeZone: 'Mars/Olympus',
      layers: [
        buildLayer([ana.id], { rotation: 'custom' }),
        buildLayer([ana.id], { handoffTime: '24:00', startDate: '2026-02-30' }),
        buildLayer([], { restrictions: [{ days: ['mon', 'mon'], start: '9:00', end: '17:00' }] }),
        buildLayer([ana.id], { shiftHours: 8 }),
        buildLayer([ana.id], { startDate: '1969-12-31', endsAt: '2300-01-01T00:00:00Z' }),
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        'body.name',
        'body.timeZone',
        'body.layers.0.shiftHours',
        'body.layers.1.handoffTime',
        'body.layers.1.startDate',
        'body.layers.2.participants',
        'body.layers.2.restrictions.0.days',
        'body.layers.2.restrictions.0.start',
        'body.layers.3.shiftHours',
        'body.layers.4.startDate',
        'body.layers.4.endsAt',
      ]),
    );

    const unknownUser = await api('POST', '/schedules', admin, { teamId, name: 'X', timeZone: 'UTC', layers: [buildLayer([ana.id, '00000000-0000-4000-8000-000000000000'])] });
    expect(unknownUser.statusCode).toBe(400);
    expect(unknownUser.json().error.details).toEqual([{ path: 'body.layers.0.participants.1', message: 'is not an active user' }]);
    const unknownTeam = await api('POST', '/schedules', admin, { teamId: '00000000-0000-4000-8000-000000000000', name: 'X', timeZone: 'UTC' });
    expect(unknownTeam.statusCode).toBe(400);
    expect(paths(unknownTeam)).toEqual(['body.teamId']);
    const nul = await api('POST', '/schedules', admin, { teamId, name: 'a\u0000b', timeZone: 'UTC' });
    expect(nul.statusCode).toBe(400);
    expect(paths(nul)).toEqual(['body.name']);
    const extra = await api('POST', '/schedules', admin, { teamId, name: 'X', timeZone: 'UTC', layers: [{ ...buildLayer([ana.id]), color: 'red' }] });
    expect(extra.statusCode).toBe(400);

    const s = (await api('POST', '/schedules', admin, { teamId, name: 'Valid', timeZone: 'UTC' })).json();
    const badPatch = await api('PATCH', `/schedules/${s.id}`, admin, { version: 1, teamId: '00000000-0000-4000-8000-000000000000', layers: [buildLayer([cai.id, '00000000-0000-4000-8000-000000000001'])] });
    expect(badPatch.statusCode).toBe(400);
    expect(paths(badPatch)).toEqual(['body.teamId', 'body.layers.0.participants.1']);
    const empty = await api('PATCH', `/schedules/${s.id}`, admin, { version: 1 });
    expect(empty.statusCode).toBe(400);
    const badIfMatch = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/schedules/${s.id}`, headers: { ...admin, 'if-match': 'abc' }, payload: { name: 'Y' } });
    expect(badIfMatch.statusCode).toBe(400);
    expect(paths(badIfMatch)).toEqual(['headers.if-match']);
    expect((await api('GET', '/schedules/not-a-uuid', admin)).statusCode).toBe(400);
  });

  it('lets admins and managers of the owning team change schedules; agents and auditors read; reporters see nothing', async () => {
    const body = { teamId, name: 'Rights', timeZone: 'UTC', layers: [buildLayer([ana.id])] };
    expect((await api('POST', '/schedules', manager, body)).statusCode).toBe(201);
    for (const who of [agent, auditor, reporter, otherManager]) {
      const res = await api('POST', '/schedules', who, body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const s = (await api('POST', '/schedules', admin, body)).json();
    for (const [method, url, payload] of [
      ['PATCH', `/schedules/${s.id}`, { name: 'Mine', version: 1 }],
      ['DELETE', `/schedules/${s.id}`, undefined],
      ['POST', `/schedules/${s.id}/overrides`, { userId: ana.id, start: '2026-03-21T00:00:00Z', end: '2026-03-22T00:00:00Z' }],
      ['POST', `/schedules/${s.id}/feed-token`, undefined],
    ] as const) {
      expect((await api(method, url, otherManager, payload)).statusCode, `${method} ${url}`).toBe(403);
      expect((await api(method, url, agent, payload)).statusCode, `${method} ${url}`).toBe(403);
    }
    // A manager may not move a schedule to a team they do not manage.
    expect((await api('PATCH', `/schedules/${s.id}`, manager, { teamId: otherTeamId, version: 1 })).statusCode).toBe(403);
    for (const url of [`/schedules/${s.id}`, '/schedules', `/schedules/${s.id}/on-call`, `/teams/${teamId}/on-call`, `/schedules/${s.id}/shifts?from=2026-03-20T00:00:00Z&to=2026-03-21T00:00:00Z`]) {
      expect((await api('GET', url, reporter)).statusCode, url).toBe(403);
      expect((await api('GET', url, {})).statusCode, url).toBe(401);
    }
    const readOnly = await bearerFor(ctx.deps, managerUser.id, 'read');
    expect((await api('POST', '/schedules', readOnly, body)).statusCode).toBe(403);
  });

  it('adds and removes overrides (audited); the newest wins where they overlap; shifts and on-call reflect them', async () => {
    const s = (
      await api('POST', '/schedules', admin, {
        teamId,
        name: 'Overrides',
        timeZone: 'Europe/Berlin',
        layers: [buildLayer([ana.id, ben.id], { startDate: '2026-03-20' })],
      })
    ).json();
    const first = await api('POST', `/schedules/${s.id}/overrides`, manager, { userId: cai.id, start: '2026-03-21T10:00:00Z', end: '2026-03-21T20:00:00Z', note: 'Ana at the dentist' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ scheduleId: s.id, user: { id: cai.id, name: 'Cai' }, start: '2026-03-21T10:00:00.000Z', end: '2026-03-21T20:00:00.000Z', note: 'Ana at the dentist' });
    expect((await auditOf(ctx.deps.db, 'schedule', s.id, 'override_create'))[0]).toMatchObject({ after: { id: first.json().id, userId: cai.id, note: 'Ana at the dentist' } });
    const second = (await api('POST', `/schedules/${s.id}/overrides`, admin, { userId: managerUser.id, start: '2026-03-21T12:00:00+01:00', end: '2026-03-21T14:00:00+01:00' })).json();

    const shifts = await api('GET', `/schedules/${s.id}/shifts?from=2026-03-21T00:00:00Z&to=2026-03-22T00:00:00Z`, agent);
    expect(shifts.statusCode).toBe(200);
    expect(shifts.json().items.map((x: { user: { name: string }; start: string; end: string; source: unknown }) => [x.user.name, x.start, x.end, x.source])).toEqual([
      ['Ana', '2026-03-21T00:00:00.000Z', '2026-03-21T08:00:00.000Z', 0],
      ['Ben', '2026-03-21T08:00:00.000Z', '2026-03-21T10:00:00.000Z', 0],
      ['Cai', '2026-03-21T10:00:00.000Z', '2026-03-21T11:00:00.000Z', 'override'],
      [managerUser.name, '2026-03-21T11:00:00.000Z', '2026-03-21T13:00:00.000Z', 'override'],
      ['Cai', '2026-03-21T13:00:00.000Z', '2026-03-21T20:00:00.000Z', 'override'],
      ['Ben', '2026-03-21T20:00:00.000Z', '2026-03-22T00:00:00.000Z', 0],
    ]);
    const onCall = await api('GET', `/schedules/${s.id}/on-call?at=2026-03-21T12:30:00Z`, agent);
    expect(onCall.json()).toEqual({
      scheduleId: s.id,
      scheduleName: 'Overrides',
      at: '2026-03-21T12:30:00.000Z',
      shift: { user: { id: managerUser.id, name: managerUser.name }, start: '2026-03-21T11:00:00.000Z', end: '2026-03-21T13:00:00.000Z', source: 'override' },
    });
    expect(await whoIsOnCall(ctx.deps.db, s.id, new Date('2026-03-21T12:30:00Z'))).toBe(managerUser.id);
    const listed = (await api('GET', `/schedules/${s.id}/overrides`, auditor)).json().items;
    expect(listed.map((o: { id: string }) => o.id)).toEqual([first.json().id, second.id]);
    expect((await api('GET', `/schedules/${s.id}/overrides?from=2026-03-21T14:00:00Z`, auditor)).json().items).toHaveLength(1);

    expect((await api('DELETE', `/schedules/${s.id}/overrides/${second.id}`, manager)).statusCode).toBe(204);
    expect((await auditOf(ctx.deps.db, 'schedule', s.id, 'override_delete'))[0]).toMatchObject({ before: { id: second.id, userId: managerUser.id, start: '2026-03-21T11:00:00.000Z' } });
    expect(await whoIsOnCall(ctx.deps.db, s.id, new Date('2026-03-21T12:30:00Z'))).toBe(cai.id);
    expect((await api('DELETE', `/schedules/${s.id}/overrides/${second.id}`, manager)).statusCode).toBe(404);

    const unknownUser = await api('POST', `/schedules/${s.id}/overrides`, manager, { userId: '00000000-0000-4000-8000-000000000000', start: '2026-03-21T10:00:00Z', end: '2026-03-21T20:00:00Z' });
    expect(unknownUser.statusCode).toBe(400);
    expect(paths(unknownUser)).toEqual(['body.userId']);
    const backwards = await api('POST', `/schedules/${s.id}/overrides`, manager, { userId: ana.id, start: '2026-03-21T10:00:00Z', end: '2026-03-21T10:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect(paths(backwards)).toEqual(['body.end']);
    expect((await api('POST', `/schedules/00000000-0000-4000-8000-000000000000/overrides`, admin, { userId: ana.id, start: '2026-03-21T10:00:00Z', end: '2026-03-21T11:00:00Z' })).statusCode).toBe(404);
  });

  it('returns the same shifts as the resolver, refuses ranges over 93 days, and answers on-call for now from the clock', async () => {
    const layers = [buildLayer([ana.id, ben.id], { handoffTime: '09:00', startDate: '2026-03-01' })];
    const s = (await api('POST', '/schedules', admin, { teamId, name: 'DST', timeZone: 'Europe/Berlin', layers })).json();
    const res = await api('GET', `/schedules/${s.id}/shifts?from=2026-03-27T00:00:00Z&to=2026-04-03T00:00:00Z`, agent);
    const expected = resolveShifts({ timeZone: 'Europe/Berlin', layers: s.layers, overrides: [] }, new Date('2026-03-27T00:00:00Z'), new Date('2026-04-03T00:00:00Z'));
    expect(res.json().items.map((x: { user: { id: string }; start: string; end: string }) => [x.user.id, x.start, x.end])).toEqual(expected.map((e) => [e.userId, e.start.toISOString(), e.end.toISOString()]));
    // The 23-hour shift of 2026-03-28/29 is there.
    expect(res.json().items.find((x: { start: string }) => x.start === '2026-03-28T08:00:00.000Z').end).toBe('2026-03-29T07:00:00.000Z');

    const tooLong = await api('GET', `/schedules/${s.id}/shifts?from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:01Z`, agent);
    expect(tooLong.statusCode).toBe(400);
    expect(paths(tooLong)).toEqual(['querystring.to']);
    expect((await api('GET', `/schedules/${s.id}/shifts?from=2026-01-01T00:00:00Z&to=2026-04-04T00:00:00Z`, agent)).statusCode).toBe(200);
    expect(paths(await api('GET', `/schedules/${s.id}/shifts?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`, agent))).toEqual(['querystring.to']);
    expect(paths(await api('GET', `/schedules/${s.id}/shifts?from=yesterday&to=2026-03-01T00:00:00Z`, agent))).toEqual(['querystring.from']);

    ctx.deps.clock.set('2026-03-29T06:59:00Z');
    expect((await api('GET', `/schedules/${s.id}/on-call`, agent)).json()).toMatchObject({ at: '2026-03-29T06:59:00.000Z', shift: { user: { id: ben.id }, start: '2026-03-28T08:00:00.000Z', end: '2026-03-29T07:00:00.000Z', source: 0 } });
    ctx.deps.clock.set('2026-03-29T07:00:00Z');
    expect((await api('GET', `/schedules/${s.id}/on-call`, agent)).json().shift.user.id).toBe(ana.id);
    ctx.deps.clock.set('2026-03-20T12:00:00Z');
    expect((await api('GET', `/schedules/${s.id}/on-call?at=2026-02-01T00:00:00Z`, agent)).json().shift).toBeNull();
    expect(await whoIsOnCall(ctx.deps.db, s.id, new Date('2026-02-01T00:00:00Z'))).toBeNull();
  });

  it('tells who is on call across a team (API and onCallForTeam), and answers unknown ids with 404 or nothing', async () => {
    const team = await createTeam(ctx.deps, { name: 'Network' });
    const a = (await api('POST', '/schedules', admin, { teamId: team.id, name: 'Network primary', timeZone: 'UTC', layers: [buildLayer([ana.id], { startDate: '2026-01-01' })] })).json();
    const b = (await api('POST', '/schedules', admin, { teamId: team.id, name: 'Network secondary', timeZone: 'UTC', layers: [buildLayer([ben.id], { startDate: '2026-01-01', restrictions: [{ days: ['sat', 'sun'], start: '00:00', end: '00:00' }] })] })).json();
    const at = '2026-03-21T12:00:00.000Z'; // a Saturday
    const res = await api('GET', `/teams/${team.id}/on-call?at=${at}`, agent);
    expect(res.statusCode).toBe(200);
    // Ana is on call without a break: her shift has no start or end within the lookup window.
    expect(res.json()).toMatchObject({
      teamId: team.id,
      at,
      items: [
        { scheduleId: a.id, shift: { user: { id: ana.id }, start: null, end: null } },
        { scheduleId: b.id, shift: { user: { id: ben.id }, start: '2026-03-21T00:00:00.000Z', end: '2026-03-23T00:00:00.000Z' } },
      ],
    });
    expect(await onCallForTeam(ctx.deps.db, team.id, new Date(at))).toEqual([
      { scheduleId: a.id, scheduleName: 'Network primary', userId: ana.id },
      { scheduleId: b.id, scheduleName: 'Network secondary', userId: ben.id },
    ]);
    // Monday: the weekend schedule has nobody.
    expect(await onCallForTeam(ctx.deps.db, team.id, new Date('2026-03-23T12:00:00Z'))).toEqual([{ scheduleId: a.id, scheduleName: 'Network primary', userId: ana.id }]);
    expect((await api('GET', `/teams/${team.id}/on-call?at=2026-03-23T12:00:00Z`, agent)).json().items[1]).toMatchObject({ scheduleId: b.id, shift: null });

    expect((await api('GET', '/teams/00000000-0000-4000-8000-000000000000/on-call', agent)).statusCode).toBe(404);
    expect((await api('GET', '/schedules/00000000-0000-4000-8000-000000000000/on-call', agent)).statusCode).toBe(404);
    expect(await onCallForTeam(ctx.deps.db, '00000000-0000-4000-8000-000000000000', new Date(at))).toEqual([]);
    expect(await whoIsOnCall(ctx.deps.db, '00000000-0000-4000-8000-000000000000', new Date(at))).toBeNull();
    expect(await whoIsOnCall(ctx.deps.db, 'not-a-uuid', new Date(at))).toBeNull();
    expect(await scheduleExists(ctx.deps.db, a.id)).toBe(true);
    expect(await scheduleExists(ctx.deps.db, 'nope')).toBe(false);
  });
});
