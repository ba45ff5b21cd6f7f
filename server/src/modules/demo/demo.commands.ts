import type { Role } from '@vigil/shared';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { createUser, ensureFirstAdmin, getTeamIdBySlug, putTeamMember, type FirstAdminResult } from '../directory/index.js';
import { installTypePacks } from '../types/index.js';
import { journeys, type JourneyName } from './demo.journeys.js';
import { demoPeople, type DemoTeamSlug } from './demo.people.js';
import { dayAt } from './demo.plan.js';
import { countIncidents, selectIncidentStates, selectTeamIdsOf, selectUsersByEmail } from './demo.repo.js';
import { runSteps, type DemoDirectory, type SettableClock } from './demo.runner.js';
import { buildDemoPlan, defaultDemoSeed } from './demo.scenario.js';
import { setupDaysBefore, setupStep } from './demo.stories.js';
import { seedDemoRouting, type DemoRoutingRule } from './demo.routing.js';
import { seedDemoSchedules, type DemoSchedule } from './demo.schedules.js';
import { seedDemoClocks } from './demo.clocks.js';
import { seedDemoEscalationPolicies, type DemoEscalationPolicy } from './demo.escalation.js';

export const defaultDemoPassword = 'demo-password-2026';

export type SeedOptions = { password: string; force?: boolean; seed?: string };

export type SeededUser = { email: string; name: string; role: Role; title: string; locale: string; timeZone: string; teams: DemoTeamSlug[]; created: boolean };

export type SeedResult = {
  firstAdmin: FirstAdminResult;
  users: SeededUser[];
  incidents: number;
  byType: Record<string, number>;
  journeys: Record<JourneyName, { id: string; number: string; state: string; stateCategory: string }>;
  /** Routing rules in place before the incidents were reported. */
  routingRules: DemoRoutingRule[];
  /** One on-call schedule per team, with who is on call now. */
  schedules: DemoSchedule[];
  /** One escalation policy per team: its on-call schedule, then its lead. */
  escalationPolicies: DemoEscalationPolicy[];
};

const cliActor: Actor = { kind: 'cli', userId: null, role: null, teamIds: [], scope: 'write', ip: null, requestId: null };

/**
 * Fills an instance with the demo organisation and about seventy incidents of all five types over
 * the last 60 days, through the same commands users call (timeline and audit included), back-dated
 * by driving them with a clock of its own. Refuses an instance that already has incidents unless
 * forced. The first administrator is created as on a first start if there is none, and never changed.
 */
export async function seedDemo(deps: Deps, opts: SeedOptions): Promise<SeedResult> {
  const existing = await countIncidents(deps.db);
  if (existing > 0 && !opts.force) {
    throw new AppError('conflict', `This instance already has ${existing} incident${existing === 1 ? '' : 's'}; demo data goes into a fresh instance only. Use --force to add it anyway.`);
  }
  const anchor = deps.clock.now();
  let current = dayAt(anchor, setupDaysBefore, 7, 30).getTime();
  const clock: SettableClock = { now: () => new Date(current), set: (at) => void (current = at.getTime()) };
  const seedDeps = { ...deps, clock };

  await installTypePacks(seedDeps);
  const firstAdmin = await ensureFirstAdmin(seedDeps);
  const { directory, users } = await ensureDemoPeople(seedDeps, opts.password, () => void (current += setupStep));
  const schedules = await seedDemoSchedules(seedDeps, directory, anchor);
  const escalationPolicies = await seedDemoEscalationPolicies(seedDeps, directory, schedules);
  const routingRules = await seedDemoRouting(seedDeps, directory);
  await seedDemoClocks(seedDeps, directory, anchor);

  const steps = buildDemoPlan(anchor, opts.seed ?? defaultDemoSeed);
  const made = await runSteps(seedDeps, directory, steps, anchor);

  const rows = await selectIncidentStates(deps.db, [...made.values()].map((m) => m.id));
  const byType: Record<string, number> = {};
  for (const r of rows) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const journeyResult = {} as SeedResult['journeys'];
  for (const [name, j] of Object.entries(journeys) as Array<[JourneyName, (typeof journeys)[JourneyName]]>) {
    const id = made.get(j.key)?.id;
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`demo journey ${name} was not created`);
    journeyResult[name] = { id: row.id, number: row.number, state: row.state, stateCategory: row.state_category };
  }
  return { firstAdmin, users, incidents: rows.length, byType, journeys: journeyResult, routingRules, schedules, escalationPolicies };
}

/** Creates the demo people that do not exist yet (one shared password) and their team memberships; existing ones are reused as they are. */
async function ensureDemoPeople(deps: Deps, password: string, tick: () => void): Promise<{ directory: DemoDirectory; users: SeededUser[] }> {
  const teams = new Map<string, string>();
  for (const slug of new Set(demoPeople.flatMap((p) => p.teams.map((t) => t.slug)))) {
    const id = await getTeamIdBySlug(deps.db, slug);
    if (!id) throw new AppError('conflict', `Team "${slug}" is missing: the type packs did not install (see the server log)`);
    teams.set(slug, id);
  }
  const existing = await selectUsersByEmail(deps.db, demoPeople.map((p) => p.email));
  const users: SeededUser[] = [];
  const ids = new Map<string, { id: string; role: Role }>();
  for (const p of demoPeople) {
    const found = existing.get(p.email.toLowerCase());
    if (found && found.role !== p.role) {
      throw new AppError('conflict', `User ${p.email} exists with the role ${found.role}; the demo needs it as ${p.role}`);
    }
    const id = found?.id ?? (await createUser(deps, cliActor, { email: p.email, name: p.name, role: p.role, password, locale: p.locale, timeZone: p.timeZone })).id;
    for (const t of p.teams) await putTeamMember(deps, cliActor, teams.get(t.slug)!, id, t.role);
    ids.set(p.key, { id, role: p.role });
    users.push({ email: p.email, name: p.name, role: p.role, title: p.title, locale: p.locale, timeZone: p.timeZone, teams: p.teams.map((t) => t.slug), created: !found });
    tick();
  }
  const teamIds = await selectTeamIdsOf(deps.db, [...ids.values()].map((v) => v.id));
  const people = new Map<string, { id: string; actor: Actor }>();
  for (const p of demoPeople) {
    const { id, role } = ids.get(p.key)!;
    people.set(p.key, { id, actor: { kind: 'user', userId: id, role, teamIds: teamIds.get(id) ?? [], scope: 'write', ip: p.ip, requestId: null } });
  }
  return { directory: { people, teams }, users };
}
