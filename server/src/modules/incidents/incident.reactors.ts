import type { Tx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import type { Deps, IncidentChange } from '../../platform/context.js';
import { selectIncidentById } from './incident.repo.js';

/** Column names whose values differ between two versions of an incident row (all columns on create). */
export function changedColumns(before: IncidentRow | null, after: IncidentRow): string[] {
  const keys = Object.keys(after) as Array<keyof IncidentRow>;
  if (!before) return keys.filter((k) => k !== 'search');
  const same = (a: unknown, b: unknown) => {
    if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
    if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
    return a === b;
  };
  return keys.filter((k) => k !== 'search' && !same(before[k], after[k]));
}

/**
 * Runs the registered reactors (routing, clocks, escalation, ...) inside the command's transaction,
 * in order, and returns the incident as they left it, so the command answers with the routed row.
 */
export async function runReactors(tx: Tx, deps: Deps, change: Omit<IncidentChange, 'changedFields'>): Promise<IncidentRow> {
  if (deps.reactors.length === 0) return change.incident;
  const full: IncidentChange = { ...change, changedFields: changedColumns(change.before, change.incident) };
  for (const reactor of deps.reactors) {
    const current = (await selectIncidentById(tx, change.incident.id)) ?? change.incident;
    await reactor.react(tx, deps, { ...full, incident: current });
  }
  return (await selectIncidentById(tx, change.incident.id)) ?? change.incident;
}
