import { readFileSync } from 'node:fs';
import { incidentTypeInputSchema, type IncidentType } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '../../db/schema.js';
import { planResolution } from './alert.resolution.js';

/** A shipped type pack as the type a resolution is planned against (the workflow and fields are what matter). */
function packType(name: string): IncidentType {
  const raw = JSON.parse(readFileSync(new URL(`../types/packs/${name}.json`, import.meta.url), 'utf8')) as { type: unknown };
  return { ...incidentTypeInputSchema.parse(raw.type), id: name } as IncidentType;
}

function incident(state: string, overrides: Partial<IncidentRow> = {}): IncidentRow {
  return {
    state,
    resolution: null,
    assignee_id: null,
    team_id: null,
    category: null,
    description: 'd',
    occurred_at: null,
    detected_at: null,
    became_aware_at: null,
    due_at: null,
    business_areas: [],
    services: [],
    assets: [],
    locations: [],
    custom: {},
    ...overrides,
  } as IncidentRow;
}

const keys = (plan: ReturnType<typeof planResolution>) => plan?.map((s) => s.transition.key) ?? null;

describe('planning a resolution from the source', () => {
  const itOutage = packType('it-outage');

  it('walks an IT outage from new through investigating to resolved, writing the resolution on the last step', () => {
    const plan = planResolution(itOutage, incident('new'), 'resolved at the source', 'resolved at the source');
    expect(keys(plan)).toEqual(['investigate', 'resolve']);
    expect(plan!.map((s) => [s.needsResolution, s.needsComment])).toEqual([
      [false, false],
      [true, false],
    ]);
    expect(keys(planResolution(itOutage, incident('waiting_for_vendor'), 'r', 'c'))).toEqual(['resolve']);
    expect(planResolution(itOutage, incident('investigating', { resolution: 'a person wrote this' }), 'r', 'c')![0]).toMatchObject({ to: 'resolved', needsResolution: false });
  });

  it('finds no walk where a step needs a field the system cannot fill or a role, and never passes through closed', () => {
    expect(planResolution(packType('security'), incident('triage'), 'r', 'c')).toBeNull();
    expect(keys(planResolution(packType('security'), incident('eradicated', { custom: { recovery_actions: 'restored from backup' } }), 'r', 'c'))).toEqual(['recover']);
    expect(planResolution(packType('data-breach'), incident('reported'), 'r', 'c')).toBeNull();
    expect(planResolution(packType('facility-fault'), incident('reported'), 'r', 'c')).toBeNull();
    expect(planResolution(itOutage, incident('resolved'), 'r', 'c')).toBeNull();
  });
});
