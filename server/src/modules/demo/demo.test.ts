import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { composeApp } from '../../compose.js';
import { verifyAuditChain } from '../audit/index.js';
import { resolveShifts, whoIsOnCall } from '../schedules/index.js';
import { seedCommand } from './demo.cli.js';
import { seedDemo, type SeedResult } from './demo.commands.js';
import { journeys, type JourneyName } from './demo.journeys.js';
import { demoPeople } from './demo.people.js';
import { demoRuleNames } from './demo.routing.js';
import { DAY } from './demo.plan.js';
import { buildDemoPlan } from './demo.scenario.js';

const anchor = new Date('2026-03-20T10:00:00Z');
const password = 'demo-password-2026';

describe('demo data (vigil seed --demo)', () => {
  let ctx: TestContext;
  let dataDir: string;
  let result: SeedResult;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-test-'));
    ctx = await createTestDeps({ dataDir });
    ctx.deps.clock.set(anchor);
    result = await seedDemo(ctx.deps, { password });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const incidentOf = (name: JourneyName) => ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', result.journeys[name].id).executeTakeFirstOrThrow();
  const timelineOf = (id: string) => ctx.deps.db.selectFrom('timeline_events').selectAll().where('incident_id', '=', id).orderBy('id').execute();

  it('creates incidents of all five types, spread over the last 60 days, in varied states', async () => {
    expect(Object.keys(result.byType).sort()).toEqual(['data-breach', 'facility-fault', 'it-outage', 'quality-deviation', 'security']);
    for (const n of Object.values(result.byType)) expect(n).toBeGreaterThanOrEqual(8);
    expect(result.incidents).toBeGreaterThanOrEqual(50);
    expect(result.incidents).toBeLessThanOrEqual(90);

    const rows = await ctx.deps.db.selectFrom('incidents').select(['created_at', 'updated_at', 'state_category', 'priority', 'assignee_id', 'team_id']).execute();
    expect(rows).toHaveLength(result.incidents);
    for (const r of rows) {
      expect(r.created_at.getTime()).toBeGreaterThan(anchor.getTime() - 61 * DAY);
      expect(r.updated_at.getTime()).toBeLessThanOrEqual(anchor.getTime());
    }
    expect(new Set(rows.map((r) => r.state_category))).toEqual(new Set(['new', 'active', 'waiting', 'resolved', 'closed']));
    expect(new Set(rows.map((r) => r.priority)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((r) => r.assignee_id)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.team_id)).size).toBe(5);
  });

  it('ends each journey in its expected state category', () => {
    for (const name of Object.keys(journeys) as JourneyName[]) {
      expect({ name, category: result.journeys[name].stateCategory }).toEqual({ name, category: journeys[name].endsIn });
    }
  });

  it('IT: a P1 server outage assigned to the on-call engineer, investigated and resolved with internal comments', async () => {
    const row = await incidentOf('it');
    const priya = demoPeople.find((p) => p.key === 'priya.raman')!;
    const assignee = await ctx.deps.db.selectFrom('users').select('email').where('id', '=', row.assignee_id!).executeTakeFirstOrThrow();
    expect({ priority: row.priority, severity: row.severity, state: row.state, assignee: assignee.email }).toEqual({ priority: 'P1', severity: 'critical', state: 'resolved', assignee: priya.email });
    expect(row.resolution).toMatch(/log volume/);
    const events = await timelineOf(row.id);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['incident.created', 'incident.assigned', 'incident.priority_changed', 'incident.status_changed', 'incident.duplicate_merged', 'link.added']));
    const internal = await ctx.deps.db.selectFrom('comments').select('body').where('incident_id', '=', row.id).where('visibility', '=', 'internal').execute();
    expect(internal.length).toBeGreaterThanOrEqual(3);
    const merged = await ctx.deps.db.selectFrom('incidents').select('state_category').where('merged_into_id', '=', row.id).execute();
    expect(merged).toEqual([{ state_category: 'closed' }]);
  });

  it('data protection: the Art. 33(3) record, awareness, risk and the 72-hour decision are documented', async () => {
    const row = await incidentOf('dataProtection');
    expect(row.became_aware_at).not.toBeNull();
    expect(row.restricted).toBe(true);
    expect(row.custom).toMatchObject({ breach_types: ['confidentiality'], risk_level: 'risk', sa_notification_required: 'yes', subject_communication_required: 'no' });
    for (const key of ['nature_description', 'data_subject_categories', 'data_subjects_count', 'record_categories', 'records_count', 'likely_consequences', 'measures_taken', 'dpo_contact', 'notification_rationale']) {
      expect(row.custom, key).toHaveProperty(key);
    }
    const notifiedAt = new Date(row.custom.sa_notified_at as string).getTime();
    expect(notifiedAt - row.became_aware_at!.getTime()).toBeLessThan(72 * 3600_000);
  });

  it('quality: product, lot, quantity and supplier, through containment and root cause to verified closure', async () => {
    const row = await incidentOf('quality');
    expect(row.custom).toMatchObject({ product: expect.any(String), lot_batch: '2411-073', quantity_affected: 2400, supplier: expect.stringContaining('Keller') });
    const path = (await timelineOf(row.id)).filter((e) => e.type === 'incident.status_changed').map((e) => (e.data as { to: string }).to);
    expect(path).toEqual(['containment', 'root_cause_analysis', 'waiting_for_supplier', 'root_cause_analysis', 'corrective_action', 'verification', 'resolved', 'closed']);
  });

  it('facility: routed to facilities, technicians informed, waited for parts, fixed', async () => {
    const row = await incidentOf('facility');
    const team = await ctx.deps.db.selectFrom('teams').select('slug').where('id', '=', row.team_id!).executeTakeFirstOrThrow();
    expect(team.slug).toBe('facilities');
    expect(row.custom).toMatchObject({ safety_hazard: true, asset: expect.any(String), location: expect.any(String) });
    const events = await timelineOf(row.id);
    const path = events.filter((e) => e.type === 'incident.status_changed').map((e) => (e.data as { to: string }).to);
    expect(path).toEqual(['dispatched', 'in_progress', 'waiting_for_parts', 'in_progress', 'fixed']);
    expect(events.some((e) => e.type === 'incident.watcher_added')).toBe(true);
  });

  it('security: suspicious access assessed and contained', async () => {
    const row = await incidentOf('security');
    expect(row.state).toBe('contained');
    for (const key of ['affected_systems', 'attack_vector', 'indicators_of_compromise', 'containment_actions']) expect(row.custom, key).toHaveProperty(key);
  });

  it('writes every change through the commands: timeline events and audit records at back-dated times', async () => {
    const db = ctx.deps.db;
    const created = await db.selectFrom('timeline_events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'incident.created').executeTakeFirstOrThrow();
    const audited = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', 'incident').where('action', '=', 'create').executeTakeFirstOrThrow();
    expect(Number(created.n)).toBe(result.incidents);
    expect(Number(audited.n)).toBe(result.incidents);
    const comments = await db.selectFrom('comments').select('visibility').execute();
    expect(new Set(comments.map((c) => c.visibility))).toEqual(new Set(['internal', 'public']));
    const commentEvents = await db.selectFrom('timeline_events').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'comment.added').executeTakeFirstOrThrow();
    expect(Number(commentEvents.n)).toBe(comments.length);
    const links = await db.selectFrom('incident_links').select('kind').execute();
    expect(new Set(links.map((l) => l.kind))).toEqual(new Set(['related', 'caused_by', 'duplicate_of']));
    const watchers = await db.selectFrom('incident_watchers').select('incident_id').execute();
    expect(watchers.length).toBeGreaterThanOrEqual(10);
    const range = await db.selectFrom('audit_log').select((eb) => [eb.fn.min('at').as('first'), eb.fn.max('at').as('last')]).executeTakeFirstOrThrow();
    expect(new Date(range.first!).getTime()).toBeLessThan(anchor.getTime() - 60 * DAY);
    expect(new Date(range.last!).getTime()).toBeLessThanOrEqual(anchor.getTime());
  });

  it('leaves an audit chain that verifies', async () => {
    const chain = await verifyAuditChain(ctx.deps.db);
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBeGreaterThan(500);
  });

  it('creates the demo users with their roles, locales and time zones; they sign in with the shared password', async () => {
    expect(result.users).toHaveLength(demoPeople.length);
    expect(new Set(result.users.map((u) => u.role))).toEqual(new Set(['admin', 'manager', 'agent', 'reporter', 'auditor']));
    expect(new Set(result.users.map((u) => u.locale))).toEqual(new Set(['en', 'de']));
    const rows = await ctx.deps.db.selectFrom('users').select(['email', 'role', 'locale', 'time_zone']).where('email', 'like', '%@nordwind.example').execute();
    expect(rows).toHaveLength(demoPeople.length);
    const jonas = rows.find((r) => r.email === 'jonas.weber@nordwind.example');
    expect(jonas).toEqual({ email: 'jonas.weber@nordwind.example', role: 'manager', locale: 'de', time_zone: 'Europe/Berlin' });

    expect(result.firstAdmin).toMatchObject({ created: true, email: 'admin@vigil.local' });
    const app: FastifyInstance = await composeApp(ctx.deps);
    try {
      const ok = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'priya.raman@nordwind.example', password } });
      expect(ok.statusCode).toBe(200);
      const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'priya.raman@nordwind.example', password: 'not-the-demo-password' } });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('refuses a second run on an instance with incidents unless forced', async () => {
    const before = await ctx.deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    await expect(seedDemo(ctx.deps, { password })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already has \d+ incidents.*--force/) });
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await seedCommand.run(ctx.deps, { demo: true }, io)).toBe(1);
    expect(lines.pop()).toMatch(/^This instance already has \d+ incidents; demo data goes into a fresh instance only\. Use --force/);
    expect(await seedCommand.run(ctx.deps, {}, io)).toBe(2);
    expect(await seedCommand.run(ctx.deps, { demo: true, password: 'short' }, io)).toBe(2);
    const after = await ctx.deps.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    expect(after.seq).toBe(before.seq);
  });

  it('gives each team an on-call schedule: weekly rotation of its agents in Berlin time, one override, someone on call now', async () => {
    expect(result.schedules.map((s) => s.team).sort()).toEqual(['data-protection', 'facilities', 'it-operations', 'quality', 'security']);
    const db = ctx.deps.db;
    const rows = await db.selectFrom('schedules').selectAll().orderBy('name').execute();
    expect(rows).toHaveLength(5);
    const ids = new Map((await db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.id, u.email]));
    for (const row of rows) {
      const layers = row.layers as Array<{ rotation: string; handoffTime: string; participants: string[] }>;
      expect({ zone: row.time_zone, rotation: layers[0]!.rotation, handoff: layers[0]!.handoffTime }).toEqual({ zone: 'Europe/Berlin', rotation: 'weekly', handoff: '09:00' });
      const now = await whoIsOnCall(db, row.id, anchor);
      expect(layers[0]!.participants).toContain(now);
      expect(result.schedules.find((s) => s.name === row.name)?.onCallNow).toBe(demoPeople.find((p) => p.email === ids.get(now!))?.name);
      const created = await db.selectFrom('audit_log').select('actor_id').where('entity_type', '=', 'schedule').where('entity_id', '=', row.id).where('action', '=', 'create').execute();
      expect(created).toHaveLength(1);
    }
    const itOps = rows.find((r) => r.name === 'IT operations on call')!;
    const agents = demoPeople.filter((p) => p.role === 'agent' && p.teams.some((t) => t.slug === 'it-operations')).map((p) => p.email);
    expect((itOps.layers as Array<{ participants: string[] }>)[0]!.participants.map((id) => ids.get(id))).toEqual(agents);
    // The next three weeks: three different people, handing off on Mondays at 09:00 Berlin summer time (07:00 UTC).
    const shifts = resolveShifts({ timeZone: itOps.time_zone, layers: itOps.layers as never, overrides: [] }, new Date(anchor.getTime() + 7 * DAY), new Date(anchor.getTime() + 28 * DAY));
    expect(new Set(shifts.map((s) => s.userId)).size).toBe(3);
    expect(shifts.slice(1).map((s) => [s.start.getUTCDay(), s.start.toISOString().slice(11, 16)])).toEqual([
      [1, '07:00'],
      [1, '07:00'],
      [1, '07:00'],
    ]);
    const overrides = await db.selectFrom('schedule_overrides').selectAll().execute();
    expect(overrides).toHaveLength(5);
    for (const o of overrides) expect(o.starts_at.getTime()).toBeGreaterThan(anchor.getTime());
  });

  it('routes through its rules: critical IT outages to IT Operations at P1 with an escalation, Leipzig facility faults watched by the facility manager', async () => {
    const db = ctx.deps.db;
    expect(result.routingRules.map((r) => r.name)).toEqual([demoRuleNames.criticalIt, demoRuleNames.leipzigFacilities]);
    const [critical, leipzig] = result.routingRules;
    const applied = await db.selectFrom('timeline_events').select(['incident_id', 'data']).where('type', '=', 'routing.applied').execute();
    const byRule = (id: string) => applied.filter((e) => (e.data as { rule: { id: string } }).rule.id === id);
    const escalated = byRule(critical!.id).filter((e) => (e.data as { effect: string }).effect === 'start_escalation');
    expect(escalated.length).toBeGreaterThanOrEqual(1);
    const it = await incidentOf('it');
    expect(byRule(critical!.id).map((e) => e.incident_id)).toContain(it.id);
    const starts = await db.selectFrom('escalations').select(['incident_id', 'reason']).where('incident_id', '=', it.id).execute();
    expect(starts).toEqual([{ incident_id: it.id, reason: `Routing rule "${demoRuleNames.criticalIt}"` }]);
    const watched = byRule(leipzig!.id).filter((e) => (e.data as { effect: string }).effect === 'add_watchers');
    expect(watched.length).toBeGreaterThanOrEqual(2);
    const manager = await db.selectFrom('users').select('id').where('email', '=', 'stefan.richter@nordwind.example').executeTakeFirstOrThrow();
    for (const e of watched) {
      const w = await db.selectFrom('incident_watchers').select('user_id').where('incident_id', '=', e.incident_id).where('user_id', '=', manager.id).execute();
      expect(w).toHaveLength(1);
    }
  });

  it('gives each team an escalation policy made by its lead: its on-call schedule, then the lead; the critical IT rule starts the IT one', async () => {
    const db = ctx.deps.db;
    expect(result.escalationPolicies.map((p) => p.team).sort()).toEqual(['data-protection', 'facilities', 'it-operations', 'quality', 'security']);
    const schedules = new Map((await db.selectFrom('schedules').select(['id', 'name', 'team_id']).execute()).map((s) => [s.team_id, s]));
    for (const seeded of result.escalationPolicies) {
      const row = await db.selectFrom('escalation_policies').selectAll().where('id', '=', seeded.id).executeTakeFirstOrThrow();
      const lead = demoPeople.find((p) => p.role === 'manager' && p.teams.some((t) => t.slug === seeded.team && t.role === 'lead'))!;
      const leadId = (await db.selectFrom('users').select('id').where('email', '=', lead.email).executeTakeFirstOrThrow()).id;
      expect(row.levels).toEqual([
        { delayMinutes: 10, targets: [{ kind: 'schedule', id: schedules.get(row.team_id)!.id }] },
        { delayMinutes: 15, targets: [{ kind: 'user', id: leadId }] },
      ]);
      expect(seeded.levels).toEqual([schedules.get(row.team_id)!.name, lead.name]);
      expect(await db.selectFrom('audit_log').select('actor_id').where('entity_id', '=', row.id).where('action', '=', 'create').execute()).toEqual([{ actor_id: leadId }]);
    }
    const it = await incidentOf('it');
    const running = await db.selectFrom('escalations').select('policy_id').where('incident_id', '=', it.id).execute();
    expect(running).toEqual([{ policy_id: result.escalationPolicies.find((p) => p.team === 'it-operations')!.id }]);
  });

  it('plans the same data for the same anchor and seed, other data for another seed', () => {
    const plan = JSON.stringify(buildDemoPlan(anchor));
    expect(JSON.stringify(buildDemoPlan(anchor))).toBe(plan);
    expect(JSON.stringify(buildDemoPlan(anchor, 'another seed'))).not.toBe(plan);
  });
});
