import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIncidentAs, setupIncidentWorld, type Staff } from '../../../test/factories/incidents.js';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { announce, type BusChannel, type BusMessages, type EventBus } from './index.js';

/** Collects what a channel delivers, and waits for a message that matches. */
function recorder<C extends BusChannel>(bus: EventBus, channel: C) {
  const seen: Array<BusMessages[C]> = [];
  const waiters: Array<{ match: (m: BusMessages[C]) => boolean; resolve: (m: BusMessages[C]) => void }> = [];
  const off = bus.subscribe(channel, (m) => {
    seen.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const waitFor = (match: (m: BusMessages[C]) => boolean, ms = 5000) =>
    new Promise<BusMessages[C]>((resolve, reject) => {
      const found = seen.find(match);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error(`no matching ${channel} notice within ${ms} ms`)), ms);
      waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return { seen, waitFor, off };
}

describe('event bus', () => {
  let ctx: TestContext;
  let staff: Staff;
  beforeAll(async () => {
    ctx = await createTestDeps();
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(() => ctx.close());

  it('announces every committed timeline event with its incident, id and type', async () => {
    const rec = recorder(ctx.deps.bus, 'vigil_incident');
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const event = await ctx.deps.db.selectFrom('timeline_events').select(['id', 'type']).where('incident_id', '=', incident.id).executeTakeFirstOrThrow();
    const notice = await rec.waitFor((m) => m.incidentId === incident.id);
    expect(notice).toEqual({ incidentId: incident.id, eventId: event.id, type: 'incident.created' });
    rec.off();
  });

  it('announces nothing for a rolled-back transaction, and only at commit for a committed one', async () => {
    const rec = recorder(ctx.deps.bus, 'vigil_incident');
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    await rec.waitFor((m) => m.incidentId === incident.id && m.type === 'incident.created');
    rec.seen.length = 0;
    const insertEvent = (db: Parameters<typeof announce>[0], type: string) =>
      db.insertInto('timeline_events').values({ incident_id: incident.id, type, actor_id: null, data: '{}' }).returning('id').executeTakeFirstOrThrow();

    await expect(
      ctx.deps.db.transaction().execute(async (tx) => {
        await insertEvent(tx, 'decision.recorded');
        await announce(tx, 'vigil_user', { userId: staff.agent.id, kind: 'test', id: 'rolled-back' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    let inside = -1;
    const committed = await ctx.deps.db.transaction().execute(async (tx) => {
      const row = await insertEvent(tx, 'communication.sent');
      await new Promise((r) => setTimeout(r, 50));
      inside = rec.seen.length;
      return row;
    });
    await rec.waitFor((m) => m.eventId === committed.id);
    expect(inside).toBe(0);
    expect(rec.seen.map((m) => m.type)).toEqual(['communication.sent']);
    rec.off();
  });

  it('delivers per-user notices announced in a transaction, and skips malformed ones', async () => {
    const rec = recorder(ctx.deps.bus, 'vigil_user');
    await sql`select pg_notify('vigil_user', 'not json'), pg_notify('vigil_user', '{"userId":"nope","kind":"x","id":"1"}')`.execute(ctx.deps.db);
    await ctx.deps.db.transaction().execute((tx) => announce(tx, 'vigil_user', { userId: staff.reporter.id, kind: 'notification', id: '42' }));
    const got = await rec.waitFor((m) => m.id === '42');
    expect(got).toEqual({ userId: staff.reporter.id, kind: 'notification', id: '42' });
    expect(rec.seen).toHaveLength(1);
    rec.off();
  });

  it('stops calling a handler once unsubscribed, and a throwing handler does not starve the others', async () => {
    let thrown = 0;
    const offThrowing = ctx.deps.bus.subscribe('vigil_user', () => {
      thrown++;
      throw new Error('handler bug');
    });
    const rec = recorder(ctx.deps.bus, 'vigil_user');
    await announce(ctx.deps.db, 'vigil_user', { userId: staff.admin.id, kind: 'test', id: 'a' });
    await rec.waitFor((m) => m.id === 'a');
    expect(thrown).toBe(1);
    offThrowing();
    await announce(ctx.deps.db, 'vigil_user', { userId: staff.admin.id, kind: 'test', id: 'b' });
    await rec.waitFor((m) => m.id === 'b');
    expect(thrown).toBe(1);
    rec.off();
  });

  it.runIf(inject('testDb').kind === 'postgres')('listens again after the server drops its connection, and reports the gap', async () => {
    const gaps: number[] = [];
    const offGap = ctx.deps.bus.onGap(() => gaps.push(Date.now()));
    const killed = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = 'vigil-events' and datname = current_database()`.execute(ctx.deps.db);
    expect(killed.rows[0]?.n).toBe(1);
    const deadline = Date.now() + 10_000;
    while (gaps.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(gaps).toHaveLength(1);
    const rec = recorder(ctx.deps.bus, 'vigil_user');
    await announce(ctx.deps.db, 'vigil_user', { userId: staff.admin.id, kind: 'test', id: 'after-reconnect' });
    await rec.waitFor((m) => m.id === 'after-reconnect');
    rec.off();
    offGap();
  });
});
