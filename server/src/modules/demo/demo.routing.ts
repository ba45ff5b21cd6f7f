import type { Deps } from '../../platform/context.js';
import { createEscalationPolicy, listEscalationPolicies } from '../escalation/index.js';
import { createRoutingRule, listRoutingRules } from '../routing/index.js';
import { sites, teamLead } from './demo.people.js';
import type { DemoDirectory } from './demo.runner.js';

/** The demo's routing rules, by name, as the seed reports them. */
export type DemoRoutingRule = { name: string; id: string };

export const demoRuleNames = {
  criticalIt: 'Critical IT outages → IT Operations on call, P1, start escalation',
  leipzigFacilities: 'Facility faults at the Leipzig plant → Facilities, watched by the facility manager',
} as const;

const itEscalationName = 'IT operations: on call, then the team lead';

/**
 * Two routing rules for the demo, written by the Vigil administrator before any incident exists, so
 * the seeded incidents are routed like live ones: critical IT outages go to IT Operations (the
 * infrastructure team with the on-call rotation) at P1 and start its escalation policy (the team's
 * on-call person, then the lead; created here unless the team already has a policy), and facility
 * faults at the Leipzig plant go to Facilities with the facility manager (on site) watching. Rules that
 * exist by name are kept.
 */
export async function seedDemoRouting(deps: Deps, directory: DemoDirectory): Promise<DemoRoutingRule[]> {
  const admin = directory.people.get('sabine.krueger')!;
  const itOps = directory.teams.get('it-operations')!;
  const facilities = directory.teams.get('facilities')!;
  const itLead = directory.people.get(teamLead('it-operations').key)!;
  const facilityManager = directory.people.get(teamLead('facilities').key)!;

  const existing = new Map((await listRoutingRules(deps.db, admin.actor)).map((r) => [r.name, r.id]));
  const result: DemoRoutingRule[] = [];
  const ensure = async (name: string, create: () => Promise<{ id: string }>) => {
    const id = existing.get(name) ?? (await create()).id;
    result.push({ name, id });
  };

  await ensure(demoRuleNames.criticalIt, async () => {
    const policies = (await listEscalationPolicies(deps.db, itLead.actor, { teamId: itOps })).items;
    const policy =
      policies.find((p) => p.name === itEscalationName) ??
      policies[0] ??
      (await createEscalationPolicy(deps, itLead.actor, {
        teamId: itOps,
        name: itEscalationName,
        description: 'Pages whoever is on call for IT Operations; after 10 minutes without an acknowledgement, the team lead as well.',
        levels: [
          { delayMinutes: 10, targets: [{ kind: 'team', id: itOps }] },
          { delayMinutes: 15, targets: [{ kind: 'user', id: itLead.id }] },
        ],
        repeatCount: 1,
      }));
    return createRoutingRule(deps, admin.actor, {
      name: demoRuleNames.criticalIt,
      type: 'it-outage',
      enabled: true,
      conditions: [{ field: 'severity', op: 'at_least', value: 'critical' }],
      effects: [
        { kind: 'set_team', teamId: itOps },
        { kind: 'raise_priority', priority: 'P1' },
        { kind: 'start_escalation', policyId: policy.id },
      ],
      stopProcessing: false,
    });
  });

  await ensure(demoRuleNames.leipzigFacilities, () =>
    createRoutingRule(deps, admin.actor, {
      name: demoRuleNames.leipzigFacilities,
      type: 'facility-fault',
      enabled: true,
      conditions: [{ field: 'locations', op: 'any_of', value: [sites.leipzig] }],
      effects: [
        { kind: 'set_team', teamId: facilities },
        { kind: 'add_watchers', userIds: [facilityManager.id] },
      ],
      stopProcessing: false,
    }),
  );
  return result;
}
