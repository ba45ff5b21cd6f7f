import type { EscalationLevel, EscalationPolicy, EscalationPolicyCreate, EscalationPolicyPatch } from '@vigil/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { assertMayManagePolicy } from './escalation-policy.policy.js';
import { auditedPolicy, presentPolicies } from './escalation-policy.presenter.js';
import {
  deletePolicyRow,
  insertPolicy,
  policyNameTaken,
  selectActiveUserIds,
  selectExistingTeamIds,
  selectPolicy,
  selectScheduleNames,
  updatePolicyRow,
} from './escalation-policy.repo.js';

type Issue = { path: string; message: string };

/** Every target must exist (users also be active); each miss is reported with its body path. */
async function checkTargets(db: DbOrTx, levels: readonly EscalationLevel[]): Promise<Issue[]> {
  const all = levels.flatMap((l, i) => l.targets.map((t, j) => ({ ...t, path: `body.levels.${i}.targets.${j}.id` })));
  const [users, teams, schedules] = await Promise.all([
    selectActiveUserIds(db, all.filter((t) => t.kind === 'user').map((t) => t.id)),
    selectExistingTeamIds(db, all.filter((t) => t.kind === 'team').map((t) => t.id)),
    selectScheduleNames(db, all.filter((t) => t.kind === 'schedule').map((t) => t.id)),
  ]);
  const issues: Issue[] = [];
  for (const t of all) {
    if (t.kind === 'user' && !users.has(t.id)) issues.push({ path: t.path, message: 'no active user with this id' });
    if (t.kind === 'team' && !teams.has(t.id)) issues.push({ path: t.path, message: 'no team with this id' });
    if (t.kind === 'schedule' && !schedules.has(t.id)) issues.push({ path: t.path, message: 'no on-call schedule with this id' });
  }
  return issues;
}

function refuse(issues: Issue[]): never {
  throw new AppError('validation_failed', 'The escalation policy is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

const nameTaken = () => new AppError('already_exists', 'The team already has an escalation policy of this name', [{ path: 'body.name', message: 'already in use in this team' }]);

/** Runs a policy write; two concurrent writes of one name are decided by the unique index, and the loser hears why. */
async function writePolicy<T>(deps: Deps, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await deps.db.transaction().execute(work);
  } catch (err) {
    throw isUniqueViolation(err) ? nameTaken() : err;
  }
}

/** Creates an escalation policy for a team (admins, managers of that team). */
export async function createEscalationPolicy(deps: Deps, actor: Actor, input: EscalationPolicyCreate): Promise<EscalationPolicy> {
  assertMayManagePolicy(actor, input.teamId);
  const row = await writePolicy(deps, async (tx) => {
    const issues: Issue[] = [];
    if ((await selectExistingTeamIds(tx, [input.teamId])).size === 0) issues.push({ path: 'body.teamId', message: 'no team with this id' });
    issues.push(...(await checkTargets(tx, input.levels)));
    if (issues.length > 0) refuse(issues);
    if (await policyNameTaken(tx, input.teamId, input.name)) throw nameTaken();
    const now = deps.clock.now();
    const created = await insertPolicy(tx, {
      team_id: input.teamId,
      name: input.name,
      description: input.description,
      levels: input.levels,
      repeat_count: input.repeatCount,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await appendAudit(tx, actor, now, { entityType: 'escalation_policy', entityId: created.id, action: 'create', after: auditedPolicy(created) });
    return created;
  });
  return (await presentPolicies(deps.db, [row]))[0]!;
}

/**
 * Changes a policy (admins, managers of its team), based on the version the caller saw. Running
 * escalations keep the snapshot they started with.
 */
export async function updateEscalationPolicy(deps: Deps, actor: Actor, id: string, patch: EscalationPolicyPatch, expectedVersion: number | undefined): Promise<EscalationPolicy> {
  const row = await writePolicy(deps, async (tx) => {
    const current = await selectPolicy(tx, id, { lock: true });
    if (!current) throw notFound('Escalation policy');
    assertMayManagePolicy(actor, current.team_id);
    if (expectedVersion === undefined) throw new AppError('precondition_required', 'Send the version the change is based on (If-Match or body.version)');
    if (expectedVersion !== current.version) {
      throw new AppError('version_conflict', `The policy changed since version ${expectedVersion}; it is at version ${current.version}`, { currentVersion: current.version });
    }
    if (patch.levels) {
      const issues = await checkTargets(tx, patch.levels);
      if (issues.length > 0) refuse(issues);
    }
    if (patch.name !== undefined && (await policyNameTaken(tx, current.team_id, patch.name, id))) throw nameTaken();
    const now = deps.clock.now();
    const updated = await updatePolicyRow(tx, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.levels !== undefined ? { levels: patch.levels } : {}),
      ...(patch.repeatCount !== undefined ? { repeat_count: patch.repeatCount } : {}),
      version: current.version + 1,
      updated_at: now,
    });
    await appendAudit(tx, actor, now, { entityType: 'escalation_policy', entityId: id, action: 'update', before: auditedPolicy(current), after: auditedPolicy(updated) });
    return updated;
  });
  return (await presentPolicies(deps.db, [row]))[0]!;
}

/** Deletes a policy (admins, managers of its team); escalations already running finish from their snapshot. */
export async function deleteEscalationPolicy(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const current = await selectPolicy(tx, id, { lock: true });
    if (!current) throw notFound('Escalation policy');
    assertMayManagePolicy(actor, current.team_id);
    const now = deps.clock.now();
    await deletePolicyRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'escalation_policy', entityId: id, action: 'delete', before: auditedPolicy(current) });
  });
}
