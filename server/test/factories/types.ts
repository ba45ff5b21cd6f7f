import { randomBytes } from 'node:crypto';
import { incidentTypeInputSchema, type FieldDefinition, type IncidentType, type IncidentTypeInput, type Workflow } from '@vigil/shared';
import type { Db } from '../../src/db/client.js';
import { systemActor, type Deps } from '../../src/platform/context.js';
import { createIncidentType as createIncidentTypeCommand } from '../../src/modules/types/type.commands.js';

/** A field definition; default an optional string field. */
export function buildFieldDefinition(overrides: Partial<FieldDefinition> & { key: string }): FieldDefinition {
  return { label: { en: overrides.key.replace(/_/g, ' ') }, kind: 'string', required: false, ...overrides };
}

/**
 * A small complete workflow: new -> active -> resolved (needs resolution) -> closed, with a
 * waiting state, a reopen transition and a manager-only close.
 */
export function buildWorkflow(overrides: Partial<Workflow> = {}): Workflow {
  return {
    initial: 'new',
    states: [
      { key: 'new', label: { en: 'New' }, category: 'new' },
      { key: 'active', label: { en: 'Active' }, category: 'active' },
      { key: 'waiting', label: { en: 'Waiting' }, category: 'waiting' },
      { key: 'resolved', label: { en: 'Resolved' }, category: 'resolved' },
      { key: 'closed', label: { en: 'Closed' }, category: 'closed' },
    ],
    transitions: [
      { key: 'start', label: { en: 'Start' }, from: ['new'], to: 'active' },
      { key: 'wait', label: { en: 'Wait' }, from: ['active'], to: 'waiting', requires: { comment: true } },
      { key: 'resume', label: { en: 'Resume' }, from: ['waiting'], to: 'active' },
      { key: 'resolve', label: { en: 'Resolve' }, from: ['new', 'active', 'waiting'], to: 'resolved', requires: { fields: ['resolution'] } },
      { key: 'close', label: { en: 'Close' }, from: ['resolved'], to: 'closed', requires: { roles: ['admin', 'manager'] } },
      { key: 'reopen', label: { en: 'Reopen' }, from: ['resolved'], to: 'active', requires: { comment: true } },
    ],
    ...overrides,
  };
}

/** Letters only, as prefixes are 2-6 capital letters. */
function randomPrefix(): string {
  return Array.from(randomBytes(5), (b) => String.fromCharCode(65 + (b % 26))).join('');
}

/** A valid incident type input with a unique key and prefix; parsed so defaults are applied. */
export function buildIncidentTypeInput(overrides: Partial<IncidentTypeInput> = {}): IncidentTypeInput {
  const suffix = randomBytes(4).toString('hex');
  return incidentTypeInputSchema.parse({
    key: `test-type-${suffix}`,
    name: { en: `Test type ${suffix}`, de: `Testtyp ${suffix}` },
    prefix: randomPrefix(),
    fields: [
      buildFieldDefinition({ key: 'summary', kind: 'string', maxLength: 50 }),
      buildFieldDefinition({ key: 'root_cause', kind: 'text' }),
      buildFieldDefinition({ key: 'severity_score', kind: 'number', min: 0, max: 10, integer: true }),
    ],
    workflow: buildWorkflow(),
    categories: [{ key: 'network', label: { en: 'Network' }, children: [{ key: 'dns', label: { en: 'DNS' } }] }],
    ...overrides,
  });
}

/** An incident type written through the real command (audit record included). */
export async function createIncidentType(deps: Deps, overrides: Partial<IncidentTypeInput> = {}): Promise<IncidentType> {
  return createIncidentTypeCommand(deps.db, systemActor, deps.clock.now(), buildIncidentTypeInput(overrides));
}

/**
 * An incident row of the type in the given state, written straight to the table: the fixture that
 * workflow-edit and reference-field tests need, without going through the incidents module.
 */
export async function insertIncidentRow(db: Db, type: IncidentType, state: string, n: number): Promise<string> {
  const category = type.workflow.states.find((s) => s.key === state)?.category ?? 'new';
  const row = await db
    .insertInto('incidents')
    .values({
      number: `${type.prefix}-2026-${String(n).padStart(6, '0')}`,
      type_id: type.id,
      title: `Incident ${n}`,
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      priority: 'P3',
      state,
      state_category: category,
      custom: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
