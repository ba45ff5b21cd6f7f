import type { EscalationLevel, EscalationPolicy } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { EscalationPolicyRow } from '../../db/schema.js';
import { selectTargetNames } from './escalation-policy.repo.js';

type Names = Awaited<ReturnType<typeof selectTargetNames>>;

/** The names that levels refer to, fetched once for a page of policies or escalations. */
export async function loadTargetNames(db: DbOrTx, levelLists: ReadonlyArray<readonly EscalationLevel[]>, teamIds: readonly string[] = []): Promise<Names> {
  const ids = { user: [] as string[], team: [...teamIds], schedule: [] as string[] };
  for (const levels of levelLists) for (const level of levels) for (const t of level.targets) ids[t.kind].push(t.id);
  return selectTargetNames(db, ids);
}

/** Levels with each target's current name (null once it no longer exists). */
export function presentLevels(levels: readonly EscalationLevel[], names: Names) {
  return levels.map((l) => ({ delayMinutes: l.delayMinutes, targets: l.targets.map((t) => ({ kind: t.kind, id: t.id, name: names[t.kind].get(t.id) ?? null })) }));
}

export function presentPolicy(row: EscalationPolicyRow, names: Names): EscalationPolicy {
  return {
    id: row.id,
    team: { id: row.team_id, name: names.team.get(row.team_id) ?? '' },
    name: row.name,
    description: row.description,
    levels: presentLevels(row.levels, names),
    repeatCount: row.repeat_count,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit trail records of a policy: ids, no names. */
export function auditedPolicy(row: EscalationPolicyRow) {
  return { id: row.id, teamId: row.team_id, name: row.name, description: row.description, levels: row.levels, repeatCount: row.repeat_count, version: row.version };
}

export async function presentPolicies(db: DbOrTx, rows: readonly EscalationPolicyRow[]): Promise<EscalationPolicy[]> {
  const names = await loadTargetNames(db, rows.map((r) => r.levels), rows.map((r) => r.team_id));
  return rows.map((r) => presentPolicy(r, names));
}
