import type { Deps } from '../../platform/context.js';
import { createEscalationPolicy, listEscalationPolicies } from '../escalation/index.js';
import { listSchedules } from '../schedules/index.js';
import { teamLead, type DemoTeamSlug } from './demo.people.js';
import type { DemoDirectory } from './demo.runner.js';
import type { DemoSchedule } from './demo.schedules.js';

/** A demo escalation policy and what it pages, as the seed reports it. */
export type DemoEscalationPolicy = { team: DemoTeamSlug; name: string; id: string; levels: string[] };

/** The IT name is the one the critical-outage routing rule looks for (demo.routing.ts), so the rule starts this policy. */
const policyNames: Record<DemoTeamSlug, string> = {
  'it-operations': 'IT operations: on call, then the team lead',
  security: 'Security: on call, then the CISO',
  'data-protection': 'Data protection: on call, then the DPO',
  quality: 'Quality: on call, then the quality manager',
  facilities: 'Facilities: on call, then the facility manager',
};

/** Level 1: whoever is on call in the team's demo schedule (the team's on-call people if it has none); level 2: the lead. */
async function createTeamPolicy(deps: Deps, directory: DemoDirectory, slug: DemoTeamSlug, name: string, scheduleName: string | undefined) {
  const teamId = directory.teams.get(slug)!;
  const lead = directory.people.get(teamLead(slug).key)!;
  const schedule = (await listSchedules(deps, lead.actor, { teamId })).items.find((s) => s.name === scheduleName);
  return createEscalationPolicy(deps, lead.actor, {
    teamId,
    name,
    description: 'Pages whoever is on call; after 10 minutes without an acknowledgement, the team lead; once more, then it ends.',
    levels: [
      { delayMinutes: 10, targets: [schedule ? { kind: 'schedule', id: schedule.id } : { kind: 'team', id: teamId }] },
      { delayMinutes: 15, targets: [{ kind: 'user', id: lead.id }] },
    ],
    repeatCount: 1,
  });
}

/**
 * One escalation policy per demo team, made by the team lead: level 1 pages whoever is on call in the
 * team's schedule and waits 10 minutes, level 2 pages the lead and waits 15; one more pass, then it
 * ends. Made after the schedules and before the routing rules, which start the IT policy. A team that
 * already has a policy of that name keeps it.
 */
export async function seedDemoEscalationPolicies(deps: Deps, directory: DemoDirectory, schedules: readonly DemoSchedule[]): Promise<DemoEscalationPolicy[]> {
  const result: DemoEscalationPolicy[] = [];
  for (const [slug, name] of Object.entries(policyNames) as Array<[DemoTeamSlug, string]>) {
    const lead = directory.people.get(teamLead(slug).key)!;
    const existing = (await listEscalationPolicies(deps.db, lead.actor, { teamId: directory.teams.get(slug)! })).items.find((p) => p.name === name);
    const policy = existing ?? (await createTeamPolicy(deps, directory, slug, name, schedules.find((s) => s.team === slug)?.name));
    result.push({ team: slug, name: policy.name, id: policy.id, levels: policy.levels.map((l) => l.targets.map((t) => t.name ?? t.id).join(', ')) });
  }
  return result;
}
