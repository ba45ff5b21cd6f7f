import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { systemActor } from '../../platform/context.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { clockJobs, listCalendars, listIncidentClocks, listSlaPolicies } from '../clocks/index.js';
import { demoCalendarNames } from './demo.clocks.js';
import { seedDemo, type SeedResult } from './demo.commands.js';

const anchor = new Date('2026-03-20T10:00:00Z');

describe('demo clocks (vigil seed --demo)', () => {
  let ctx: TestContext;
  let dataDir: string;
  let result: SeedResult;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-clocks-'));
    ctx = await createTestDeps({ dataDir });
    ctx.deps.clock.set(anchor);
    result = await seedDemo(ctx.deps, { password: 'demo-password-2026' });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a 24x7 calendar, IT service hours in Hamburg with German public holidays, and an IT outage SLA policy per priority', async () => {
    const calendars = (await listCalendars(ctx.deps.db, systemActor)).items;
    const always = calendars.find((c) => c.name === demoCalendarNames.always);
    const office = calendars.find((c) => c.name === demoCalendarNames.office);
    expect(always).toMatchObject({ alwaysOpen: true, team: null });
    expect(office).toMatchObject({ alwaysOpen: false, timeZone: 'Europe/Berlin', team: { name: 'IT Operations' } });
    const holidays = office!.holidays.map((h) => h.date);
    // German Unity Day, Good Friday 2026, and Reformation Day, a holiday in Hamburg.
    expect(holidays).toEqual(expect.arrayContaining(['2026-10-03', '2026-04-03', '2026-10-31', '2025-12-25', '2027-01-01']));
    const policies = (await listSlaPolicies(ctx.deps.db, systemActor, { type: 'it-outage' })).items;
    expect(policies.map((p) => [p.priority, p.calendar?.name])).toEqual([
      ['P1', demoCalendarNames.always],
      ['P2', demoCalendarNames.always],
      ['P3', demoCalendarNames.office],
      ['P4', demoCalendarNames.office],
      ['P5', demoCalendarNames.office],
    ]);
  });

  it('gives the IT outages their clocks, met where the story met them, and the data breach its met 72-hour clock', async () => {
    const it = await listIncidentClocks(ctx.deps.db, systemActor, result.journeys.it.id, anchor);
    expect(it.items.map((c) => c.kind).sort()).toEqual(['sla_ack', 'sla_resolve', 'sla_update']);
    expect(it.items.find((c) => c.kind === 'sla_resolve')?.state).toMatch(/^(met|breached)$/);
    const breach = await listIncidentClocks(ctx.deps.db, systemActor, result.journeys.dataProtection.id, anchor);
    expect(breach.items.find((c) => c.kind === 'gdpr_art33')).toMatchObject({ state: 'met', submissions: [{ decision: 'notify', source: 'fields', late: false }] });

    const states = await ctx.deps.db
      .selectFrom('clocks as c')
      .innerJoin('incidents as i', 'i.id', 'c.incident_id')
      .innerJoin('incident_types as t', 't.id', 'i.type_id')
      .select(['c.kind', 'c.state', 't.key'])
      .execute();
    const itStates = new Set(states.filter((s) => s.key === 'it-outage').map((s) => s.state));
    expect(itStates.has('met')).toBe(true);
    expect(itStates.has('running') || itStates.has('paused')).toBe(true);

    // At the anchor, the jobs of clocks that ran out while the demo story went on fire, each once.
    const worker = createWorker({ deps: ctx.deps, registry: createJobRegistry(clockJobs), batchSize: 50 });
    while ((await worker.runOnce()) > 0);
    const breached = await ctx.deps.db.selectFrom('timeline_events').select('data').where('type', '=', 'clock.breached').execute();
    const perClock = new Map<string, number>();
    for (const b of breached) perClock.set(String(b.data.clockId), (perClock.get(String(b.data.clockId)) ?? 0) + 1);
    expect([...perClock.values()].every((n) => n === 1)).toBe(true);
  });
});
