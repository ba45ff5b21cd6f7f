import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerFor, createTeam, createUser, type TestUser } from '../../../test/factories/directory.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { resolveShifts } from './index.js';
import { auditOf, auditText, buildLayer } from './schedule.test-support.js';

type Headers = Record<string, string>;
type Parsed = { uid: string; start: string; end: string; summary: string };

/** Reads a feed with ical.js, an independent parser. */
function parseFeed(text: string): Parsed[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, start: e.startDate.toJSDate().toISOString(), end: e.endDate.toJSDate().toISOString(), summary: e.summary };
  });
}

const DAY = 86_400_000;

describe('iCalendar feeds', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let admin: Headers;
  let teamId: string;
  let ana: TestUser;
  let ben: TestUser;
  let cai: TestUser;

  beforeAll(async () => {
    ctx = await createTestApp();
    ctx.deps.clock.set('2026-03-20T12:00:00Z');
    teamId = (await createTeam(ctx.deps, { name: 'Payments' })).id;
    ana = await createUser(ctx.deps, { name: 'Ana Ängström', teamIds: [teamId] });
    ben = await createUser(ctx.deps, { name: 'Ben', teamIds: [teamId] });
    cai = await createUser(ctx.deps, { name: 'Cai', teamIds: [teamId] });
    admin = await bearerFor(ctx.deps, (await createUser(ctx.deps, { role: 'admin' })).id);
  });
  afterAll(() => ctx.close());

  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
  /** Fetches a feed URL the way a calendar program does: no session, no token. */
  const fetchFeed = (url: string) => ctx.app.inject({ method: 'GET', url: new URL(url).pathname });
  const secretOf = (url: string) => new URL(url).pathname.split('/').pop()!.replace('.ics', '');

  it('serves a schedule as RFC 5545 text that an independent parser reads as exactly the resolved shifts', async () => {
    const longName = `Zahlungsverkehr Bereitschaft, Übergabe; Team Nord ${'–'.repeat(20)} 🚨 primary`;
    const s = (
      await api('POST', '/schedules', admin, {
        teamId,
        name: longName,
        timeZone: 'Europe/Berlin',
        layers: [buildLayer([ana.id, ben.id], { startDate: '2026-03-01' })],
      })
    ).json();
    await api('POST', `/schedules/${s.id}/overrides`, admin, { userId: cai.id, start: '2026-03-25T10:00:00Z', end: '2026-03-25T14:00:00Z' });

    const res = await fetchFeed(s.feedUrl);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const text = res.body;
    // CRLF everywhere, no line over 75 octets, and the long summaries are folded.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
    expect(text).toContain('METHOD:PUBLISH');
    const starts = lines.filter((l) => l.startsWith('DTSTART'));
    expect(starts.length).toBeGreaterThan(100);
    for (const l of [...starts, ...lines.filter((x) => x.startsWith('DTEND') || x.startsWith('DTSTAMP'))]) expect(l).toMatch(/^DT(START|END|STAMP):\d{8}T\d{6}Z$/);

    // 30 days back, 90 ahead, from the start of the day: exactly what resolveShifts says.
    const from = new Date(Date.parse('2026-03-20T00:00:00Z') - 30 * DAY);
    const to = new Date(Date.parse('2026-03-20T00:00:00Z') + 91 * DAY);
    const expected = resolveShifts(
      { timeZone: 'Europe/Berlin', layers: s.layers, overrides: [{ userId: cai.id, start: new Date('2026-03-25T10:00:00Z'), end: new Date('2026-03-25T14:00:00Z') }] },
      from,
      to,
    );
    const names = new Map([
      [ana.id, ana.name],
      [ben.id, ben.name],
      [cai.id, cai.name],
    ]);
    const events = parseFeed(text);
    expect(events.map((e) => [e.start, e.end, e.summary])).toEqual(expected.map((x) => [x.start.toISOString(), x.end.toISOString(), `On call: ${names.get(x.userId)} (${longName})`]));
    expect(events.map((e) => e.uid)).toEqual(expected.map((x) => `${s.id}-${x.userId}-${x.start.getTime() / 1000}@localhost`));
    // The DST change: the 2026-03-28 shift is 23 hours long, hand-offs stay at 09:00 local.
    expect(events.find((e) => e.start === '2026-03-28T08:00:00.000Z')?.end).toBe('2026-03-29T07:00:00.000Z');
    expect(events.filter((e) => e.summary.startsWith('On call: Cai'))).toEqual([expect.objectContaining({ start: '2026-03-25T10:00:00.000Z', end: '2026-03-25T14:00:00.000Z' })]);

    // UIDs are stable: later the same day the feed is the same, a day later the shared shifts keep their UIDs.
    ctx.deps.clock.set('2026-03-20T18:00:00Z');
    const again = parseFeed((await fetchFeed(s.feedUrl)).body);
    expect(again.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    ctx.deps.clock.set('2026-03-21T12:00:00Z');
    const nextDay = parseFeed((await fetchFeed(s.feedUrl)).body);
    // Every shift starts inside both windows (the rotation began on 2026-03-01), so all keep their UIDs.
    expect(nextDay.slice(0, events.length).map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    expect(nextDay.length).toBeGreaterThan(events.length - 1);
    ctx.deps.clock.set('2026-03-20T12:00:00Z');
  });

  it('rotating the feed token makes the old URL 404; revoking switches the feed off; secrets never reach the audit trail', async () => {
    const s = (await api('POST', '/schedules', admin, { teamId, name: 'Rotate me', timeZone: 'UTC', layers: [buildLayer([ana.id])] })).json();
    const oldUrl: string = s.feedUrl;
    expect((await fetchFeed(oldUrl)).statusCode).toBe(200);

    const rotated = await api('POST', `/schedules/${s.id}/feed-token`, admin);
    expect(rotated.statusCode).toBe(200);
    const newUrl: string = rotated.json().url;
    expect(newUrl).not.toBe(oldUrl);
    expect((await fetchFeed(oldUrl)).statusCode).toBe(404);
    expect((await fetchFeed(newUrl)).statusCode).toBe(200);
    expect((await api('GET', `/schedules/${s.id}`, admin)).json().feedUrl).toBe(newUrl);
    expect((await auditOf(ctx.deps.db, 'schedule', s.id, 'feed_token_rotate'))[0]).toMatchObject({ before: { feed: true }, after: { feed: true } });

    expect((await api('DELETE', `/schedules/${s.id}/feed-token`, admin)).statusCode).toBe(204);
    expect((await fetchFeed(newUrl)).statusCode).toBe(404);
    expect((await api('GET', `/schedules/${s.id}`, admin)).json().feedUrl).toBeNull();
    expect((await auditOf(ctx.deps.db, 'schedule', s.id, 'feed_token_revoke'))).toHaveLength(1);
    expect((await api('DELETE', `/schedules/${s.id}/feed-token`, admin)).statusCode).toBe(404);
    const restored = (await api('POST', `/schedules/${s.id}/feed-token`, admin)).json().url;
    expect((await fetchFeed(restored)).statusCode).toBe(200);

    const trail = await auditText(ctx.deps.db);
    for (const url of [oldUrl, newUrl, restored]) expect(trail).not.toContain(secretOf(url));
    // A deleted schedule's feed is gone with it.
    await api('DELETE', `/schedules/${s.id}`, admin);
    expect((await fetchFeed(restored)).statusCode).toBe(404);
  });

  it("serves a person's shifts across all schedules behind their own secret URL, shown once, replaced and revoked", async () => {
    // Dora takes part only in the two schedules of this test.
    const dora = await createUser(ctx.deps, { name: 'Dora', teamIds: [teamId] });
    const primary = (await api('POST', '/schedules', admin, { teamId, name: 'Primary', timeZone: 'Europe/Berlin', layers: [buildLayer([ana.id, dora.id], { rotation: 'weekly', startDate: '2026-03-02' })] })).json();
    // Dora covers one afternoon of a schedule she has no layer in.
    const other = (await api('POST', '/schedules', admin, { teamId, name: 'Secondary', timeZone: 'UTC', layers: [buildLayer([cai.id])] })).json();
    await api('POST', `/schedules/${other.id}/overrides`, admin, { userId: dora.id, start: '2026-04-01T12:00:00Z', end: '2026-04-01T18:00:00Z' });
    const doraHeaders = await bearerFor(ctx.deps, dora.id);

    const made = await api('POST', '/me/calendar-feed-token', doraHeaders);
    expect(made.statusCode).toBe(201);
    const url: string = made.json().url;
    expect(url).toMatch(/\/ical\/users\/[A-Za-z0-9_-]{43}\.ics$/);
    const res = await fetchFeed(url);
    expect(res.statusCode).toBe(200);
    const events = parseFeed(res.body);
    const from = new Date(Date.parse('2026-03-20T00:00:00Z') - 30 * DAY);
    const to = new Date(Date.parse('2026-03-20T00:00:00Z') + 91 * DAY);
    const fromPrimary = resolveShifts({ timeZone: 'Europe/Berlin', layers: primary.layers, overrides: [] }, from, to).filter((x) => x.userId === dora.id);
    expect(fromPrimary.length).toBeGreaterThan(5);
    expect(events.filter((e) => e.summary === 'On call: Primary').map((e) => [e.start, e.end])).toEqual(fromPrimary.map((x) => [x.start.toISOString(), x.end.toISOString()]));
    expect(events.filter((e) => e.summary === 'On call: Secondary')).toEqual([
      { uid: `${other.id}-${dora.id}-${Date.parse('2026-04-01T12:00:00Z') / 1000}@localhost`, start: '2026-04-01T12:00:00.000Z', end: '2026-04-01T18:00:00.000Z', summary: 'On call: Secondary' },
    ]);
    expect(events).toHaveLength(fromPrimary.length + 1);
    expect(events.map((e) => e.start)).toEqual([...events.map((e) => e.start)].sort());
    expect((await auditOf(ctx.deps.db, 'user', dora.id, 'calendar_feed_create'))[0]).toMatchObject({ actor_id: dora.id, after: { feed: true } });

    // The user URL does not open a schedule feed, nor the other way round.
    expect((await ctx.app.inject({ method: 'GET', url: `/ical/schedules/${secretOf(url)}.ics` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/ical/users/${secretOf(primary.feedUrl)}.ics` })).statusCode).toBe(404);

    const replaced = (await api('POST', '/me/calendar-feed-token', doraHeaders)).json().url;
    expect(replaced).not.toBe(url);
    expect((await fetchFeed(url)).statusCode).toBe(404);
    expect((await fetchFeed(replaced)).statusCode).toBe(200);
    expect(await auditText(ctx.deps.db)).not.toContain(secretOf(replaced));

    // A deactivated user's feed stops answering.
    expect((await api('PATCH', `/users/${dora.id}`, admin, { active: false })).statusCode).toBe(200);
    expect((await fetchFeed(replaced)).statusCode).toBe(404);
    expect((await api('PATCH', `/users/${dora.id}`, admin, { active: true })).statusCode).toBe(200);
    expect((await fetchFeed(replaced)).statusCode).toBe(200);

    const doraAgain = await bearerFor(ctx.deps, dora.id);
    expect((await api('DELETE', '/me/calendar-feed-token', doraAgain)).statusCode).toBe(204);
    expect((await fetchFeed(replaced)).statusCode).toBe(404);
    expect((await api('DELETE', '/me/calendar-feed-token', doraAgain)).statusCode).toBe(404);
    expect(await auditOf(ctx.deps.db, 'user', dora.id, 'calendar_feed_revoke')).toHaveLength(1);
    expect((await api('POST', '/me/calendar-feed-token', {})).statusCode).toBe(401);
  });

  it('answers 404 to unknown or malformed secrets, without a session', async () => {
    for (const path of ['/ical/schedules/abc.ics', `/ical/schedules/${'a'.repeat(43)}.ics`, `/ical/schedules/${'a'.repeat(43)}`, `/ical/users/${'b'.repeat(43)}.ics`, '/ical/users/.ics']) {
      const res = await ctx.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('limits feed requests per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 130 && !codes.includes(429); i++) codes.push((await ctx.app.inject({ method: 'GET', url: '/ical/users/nope.ics' })).statusCode);
    expect(codes.at(-1)).toBe(429);
    expect(codes.filter((c) => c === 404).length).toBeGreaterThan(90);
  });
});
