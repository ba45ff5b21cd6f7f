import type { Calendar, SlaPolicy } from '@vigil/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, createPerson, setupIncidentWorld, teamIdBySlug, type Person, type Staff } from '../../../test/factories/incidents.js';
import { officeHours } from './clock.test-support.js';

describe('calendars and SLA policies', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let opsManager: Person;
  let opsTeam: string;
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    opsManager = await createPerson(ctx.deps, 'manager', { teamSlugs: ['it-operations'] });
    opsTeam = await teamIdBySlug(ctx.deps, 'it-operations');
  });
  afterAll(() => ctx.close());

  it('creates, reads, changes and deletes a calendar, with an audit record for each change', async () => {
    ctx.deps.clock.set('2026-06-01T09:00:00Z');
    const created = await call('POST', '/calendars', staff.admin.headers, {
      name: 'Berlin office',
      timeZone: 'Europe/Berlin',
      workingHours: officeHours,
      holidays: [{ date: '2026-12-25', name: 'Christmas' }, { date: '2026-10-03' }],
    });
    expect(created.statusCode).toBe(201);
    const cal = created.json() as Calendar;
    expect(cal).toMatchObject({ name: 'Berlin office', team: null, timeZone: 'Europe/Berlin', alwaysOpen: false, version: 1, holidays: [{ date: '2026-10-03' }, { date: '2026-12-25', name: 'Christmas' }] });
    expect(cal.workingHours.sat).toEqual([]);
    expect((await auditOf(ctx.deps, cal.id)).map((a) => a.action)).toEqual(['create']);

    const listed = await call('GET', '/calendars', staff.agent.headers);
    expect(listed.json().items.map((c: Calendar) => c.id)).toContain(cal.id);
    expect((await call('GET', `/calendars/${cal.id}`, staff.auditor.headers)).json()).toMatchObject({ id: cal.id });

    const changed = await call('PATCH', `/calendars/${cal.id}`, staff.admin.headers, { workingHours: { ...officeHours, sat: [{ start: '10:00', end: '14:00' }] }, version: 1 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, workingHours: { sat: [{ start: '10:00', end: '14:00' }] } });
    const stale = await call('PATCH', `/calendars/${cal.id}`, staff.admin.headers, { name: 'Renamed', version: 1 });
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    const audit = await auditOf(ctx.deps, cal.id);
    expect(audit.at(-1)).toMatchObject({ action: 'update', before: { version: 1, workingHours: { sat: [] } }, after: { version: 2, workingHours: { sat: [{ start: '10:00', end: '14:00' }] } } });

    expect((await call('DELETE', `/calendars/${cal.id}`, staff.admin.headers)).statusCode).toBe(204);
    expect((await call('GET', `/calendars/${cal.id}`, staff.admin.headers)).statusCode).toBe(404);
    expect((await auditOf(ctx.deps, cal.id)).at(-1)).toMatchObject({ action: 'delete', before: { name: 'Berlin office' } });
  });

  it('refuses bad working hours, unknown zones and duplicate names with field errors', async () => {
    const bad = await call('POST', '/calendars', staff.admin.headers, {
      name: 'Broken',
      timeZone: 'Mars/Olympus',
      workingHours: { ...officeHours, mon: [{ start: '13:00', end: '12:00' }], tue: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '14:00' }], wed: [{ start: '9:00', end: '25:00' }] },
    });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json().error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.timeZone', 'body.workingHours.mon.0.end', 'body.workingHours.tue', 'body.workingHours.wed.0.start', 'body.workingHours.wed.0.end']));
    const none = await call('POST', '/calendars', staff.admin.headers, { name: 'Never', timeZone: 'UTC', workingHours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(none.statusCode).toBe(400);

    await call('POST', '/calendars', staff.admin.headers, { name: 'Twice', timeZone: 'UTC', workingHours: officeHours });
    const again = await call('POST', '/calendars', staff.admin.headers, { name: 'twice', timeZone: 'UTC', workingHours: officeHours });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_exists');
  });

  it('lets managers manage their own teams\u2019 calendars only, and nobody but staff read them', async () => {
    const own = await call('POST', '/calendars', opsManager.headers, { name: 'Ops on-site hours', teamId: opsTeam, timeZone: 'Europe/Berlin', workingHours: officeHours });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ team: { id: opsTeam, name: 'IT Operations' } });
    expect((await call('POST', '/calendars', opsManager.headers, { name: 'Global', timeZone: 'UTC', workingHours: officeHours })).statusCode).toBe(403);
    const security = await teamIdBySlug(ctx.deps, 'security');
    expect((await call('POST', '/calendars', opsManager.headers, { name: 'Theirs', teamId: security, timeZone: 'UTC', workingHours: officeHours })).statusCode).toBe(403);
    expect((await call('POST', '/calendars', staff.agent.headers, { name: 'Mine', timeZone: 'UTC', workingHours: officeHours })).statusCode).toBe(403);
    expect((await call('GET', '/calendars', staff.reporter.headers)).statusCode).toBe(403);
    expect((await call('PATCH', `/calendars/${own.json().id}`, staff.manager.headers, { name: 'Taken over' })).statusCode).toBe(403);
  });

  it('imports a country\u2019s public holidays for a region, once per date', async () => {
    const cal = (await call('POST', '/calendars', staff.admin.headers, { name: 'Berlin with holidays', timeZone: 'Europe/Berlin', workingHours: officeHours, holidays: [{ date: '2026-12-24', name: 'Christmas Eve (company)' }] })).json() as Calendar;
    const imported = await call('POST', `/calendars/${cal.id}/holidays/import`, staff.admin.headers, { country: 'DE', region: 'BE', years: [2026, 2027] });
    expect(imported.statusCode).toBe(200);
    const dates = (imported.json() as Calendar).holidays.map((h) => h.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-01-01', '2026-03-08', '2026-04-03', '2026-12-24', '2026-12-25', '2026-12-26', '2027-03-26', '2027-10-03']));
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    // Berlin does not keep Corpus Christi; Bavaria does.
    expect(dates).not.toContain('2026-06-04');
    expect((await auditOf(ctx.deps, cal.id)).at(-1)).toMatchObject({ action: 'import_holidays', after: { imported: { country: 'DE', region: 'BE', years: [2026, 2027] } } });
    const again = await call('POST', `/calendars/${cal.id}/holidays/import`, staff.admin.headers, { country: 'DE', region: 'BE', years: [2026] });
    expect((again.json() as Calendar).holidays).toHaveLength(dates.length);

    expect((await call('POST', `/calendars/${cal.id}/holidays/import`, staff.admin.headers, { country: 'XX', years: [2026] })).json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'country' }] });
    expect((await call('POST', `/calendars/${cal.id}/holidays/import`, staff.admin.headers, { country: 'DE', region: 'ZZ', years: [2026] })).json().error).toMatchObject({ details: [{ path: 'region' }] });
  });

  it('keeps one SLA policy per type and priority, in minutes, with references checked and every change audited', async () => {
    const cal = (await call('POST', '/calendars', staff.admin.headers, { name: 'Policy hours', timeZone: 'Europe/Berlin', workingHours: officeHours })).json() as Calendar;
    const created = await call('POST', '/sla-policies', staff.manager.headers, {
      type: 'it-outage',
      priority: 'P2',
      timeToAcknowledgeMinutes: 30,
      timeToResolveMinutes: 480,
      timeToFirstPublicUpdateMinutes: 60,
      calendarId: cal.id,
      breachActions: { notify: { userIds: [staff.manager.id], teamIds: [opsTeam], assignee: true, teamManagers: true }, raisePriorityTo: 'P1' },
    });
    expect(created.statusCode).toBe(201);
    const policy = created.json() as SlaPolicy;
    expect(policy).toMatchObject({
      type: { key: 'it-outage' },
      priority: 'P2',
      timeToAcknowledgeMinutes: 30,
      timeToResolveMinutes: 480,
      timeToFirstPublicUpdateMinutes: 60,
      calendar: { id: cal.id, name: 'Policy hours' },
      warnAtPercent: 75,
      breachActions: { raisePriorityTo: 'P1' },
      version: 1,
    });
    expect((await auditOf(ctx.deps, policy.id))[0]).toMatchObject({ action: 'create', after: { acknowledgeMs: 30 * 60_000, resolveMs: 480 * 60_000, calendarId: cal.id } });

    const twice = await call('POST', '/sla-policies', staff.admin.headers, { type: 'it-outage', priority: 'P2', timeToAcknowledgeMinutes: 10, timeToResolveMinutes: 60 });
    expect(twice.json().error.code).toBe('already_exists');
    const broken = await call('POST', '/sla-policies', staff.admin.headers, {
      type: 'it-outage',
      priority: 'P3',
      timeToAcknowledgeMinutes: 10,
      timeToResolveMinutes: 60,
      calendarId: '00000000-0000-4000-8000-000000000000',
      breachActions: { notify: { userIds: ['00000000-0000-4000-8000-000000000001'] } },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details.map((d: { path: string }) => d.path)).toEqual(['calendarId', 'breachActions.notify.userIds.0']);
    expect((await call('POST', '/sla-policies', staff.admin.headers, { type: 'no-such-type', priority: 'P3', timeToAcknowledgeMinutes: 1, timeToResolveMinutes: 1 })).statusCode).toBe(400);
    expect((await call('POST', '/sla-policies', staff.agent.headers, { type: 'it-outage', priority: 'P4', timeToAcknowledgeMinutes: 1, timeToResolveMinutes: 1 })).statusCode).toBe(403);

    const changed = await call('PATCH', `/sla-policies/${policy.id}`, staff.admin.headers, { timeToResolveMinutes: 240, calendarId: null, version: 1 });
    expect(changed.json()).toMatchObject({ timeToResolveMinutes: 240, calendar: null, version: 2 });
    expect((await auditOf(ctx.deps, policy.id)).at(-1)).toMatchObject({ action: 'update', before: { resolveMs: 480 * 60_000 }, after: { resolveMs: 240 * 60_000, calendarId: null } });
    expect((await call('GET', '/sla-policies?type=it-outage', staff.agent.headers)).json().items.map((p: SlaPolicy) => p.id)).toEqual([policy.id]);
    expect((await call('GET', '/sla-policies?type=nope', staff.agent.headers)).statusCode).toBe(400);

    // A calendar a policy counts in cannot go.
    await call('PATCH', `/sla-policies/${policy.id}`, staff.admin.headers, { calendarId: cal.id });
    expect((await call('DELETE', `/calendars/${cal.id}`, staff.admin.headers)).json().error.code).toBe('conflict');
    expect((await call('DELETE', `/sla-policies/${policy.id}`, staff.admin.headers)).statusCode).toBe(204);
    expect((await auditOf(ctx.deps, policy.id)).at(-1)).toMatchObject({ action: 'delete' });
    expect((await call('DELETE', `/calendars/${cal.id}`, staff.admin.headers)).statusCode).toBe(204);
  });
});
