import type { BreachActions, SlaPolicy, SlaPolicyCreateInput, SlaPolicyPatchInput } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import { requireRole } from '../../platform/authz.js';
import { systemActor, type Actor, type Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { getEscalationPolicy } from '../escalation/index.js';
import { selectCalendar } from './calendar.repo.js';
import { auditSlaPolicy, presentSlaPolicy } from './sla-policy.presenter.js';
import { deletePolicyRow, insertPolicy, selectPolicy, selectTypeId, teamsExist, updatePolicyRow, usersExist, type SlaPolicyValues } from './sla-policy.repo.js';

const MINUTE = 60_000;
type Issue = { path: string; message: string };

const invalid = (issues: Issue[]) => new AppError('validation_failed', issues.map((i) => `${i.path} ${i.message}`).join('; '), issues);
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

async function escalationPolicyExists(tx: Tx, id: string): Promise<boolean> {
  try {
    await getEscalationPolicy(tx, systemActor, id);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return false;
    throw err;
  }
}

/** Checks that the calendar, people, teams and escalation policy a policy names exist. */
async function checkReferences(tx: Tx, calendarId: string | null | undefined, actions: BreachActions | undefined): Promise<void> {
  const issues: Issue[] = [];
  if (calendarId && !(await selectCalendar(tx, calendarId))) issues.push({ path: 'calendarId', message: 'is not a calendar' });
  if (actions?.notify) {
    const users = await usersExist(tx, actions.notify.userIds);
    actions.notify.userIds.forEach((id, i) => users.has(id) || issues.push({ path: `breachActions.notify.userIds.${i}`, message: 'is not a user' }));
    const teams = await teamsExist(tx, actions.notify.teamIds);
    actions.notify.teamIds.forEach((id, i) => teams.has(id) || issues.push({ path: `breachActions.notify.teamIds.${i}`, message: 'is not a team' }));
  }
  if (actions?.escalationPolicyId && !(await escalationPolicyExists(tx, actions.escalationPolicyId))) {
    issues.push({ path: 'breachActions.escalationPolicyId', message: 'is not an escalation policy' });
  }
  if (issues.length > 0) throw invalid(issues);
}

async function presentById(tx: Tx, id: string): Promise<SlaPolicy> {
  return presentSlaPolicy((await selectPolicy(tx, id))!);
}

/**
 * Creates the SLA policy of an incident type and priority: time to acknowledge, to resolve and
 * optionally to the first public update, counted in a calendar, with a warning threshold and the
 * actions taken at breach. Incidents created afterwards (or re-prioritised) get its clocks.
 */
export async function createSlaPolicy(deps: Deps, actor: Actor, input: SlaPolicyCreateInput): Promise<SlaPolicy> {
  requireRole(actor, 'admin', 'manager');
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const typeId = await selectTypeId(tx, input.type);
      if (!typeId) throw invalid([{ path: 'type', message: 'is not an incident type' }]);
      await checkReferences(tx, input.calendarId, input.breachActions);
      const row = await insertPolicy(tx, {
        type_id: typeId,
        priority: input.priority,
        acknowledge_ms: input.timeToAcknowledgeMinutes * MINUTE,
        resolve_ms: input.timeToResolveMinutes * MINUTE,
        first_update_ms: input.timeToFirstPublicUpdateMinutes === null ? null : input.timeToFirstPublicUpdateMinutes * MINUTE,
        calendar_id: input.calendarId,
        warn_percent: input.warnAtPercent,
        breach_actions: input.breachActions,
        created_at: now,
        updated_at: now,
      });
      await appendAudit(tx, actor, now, { entityType: 'sla_policy', entityId: row.id, action: 'create', after: auditSlaPolicy(row) });
      return presentById(tx, row.id);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('already_exists', `This type already has an SLA policy for ${input.priority}`, [{ path: 'body.priority', message: 'has a policy already' }]);
    throw err;
  }
}

/** Changes a policy; running clocks keep their targets until the incident's priority changes. */
export async function updateSlaPolicy(deps: Deps, actor: Actor, id: string, patch: SlaPolicyPatchInput): Promise<SlaPolicy> {
  requireRole(actor, 'admin', 'manager');
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const row = await selectPolicy(tx, id, { lock: true });
    if (!row) throw notFound('SLA policy');
    if (patch.version !== undefined && patch.version !== row.version) throw new AppError('version_conflict', `The policy changed since version ${patch.version} (now ${row.version})`, { currentVersion: row.version });
    await checkReferences(tx, patch.calendarId, patch.breachActions);
    const set: Partial<SlaPolicyValues> = {};
    if (patch.timeToAcknowledgeMinutes !== undefined) set.acknowledge_ms = patch.timeToAcknowledgeMinutes * MINUTE;
    if (patch.timeToResolveMinutes !== undefined) set.resolve_ms = patch.timeToResolveMinutes * MINUTE;
    if (patch.timeToFirstPublicUpdateMinutes !== undefined) set.first_update_ms = patch.timeToFirstPublicUpdateMinutes === null ? null : patch.timeToFirstPublicUpdateMinutes * MINUTE;
    if (patch.calendarId !== undefined) set.calendar_id = patch.calendarId;
    if (patch.warnAtPercent !== undefined) set.warn_percent = patch.warnAtPercent;
    if (patch.breachActions !== undefined) set.breach_actions = patch.breachActions;
    if (Object.keys(set).length === 0) return presentSlaPolicy(row);
    const updated = await updatePolicyRow(tx, id, set, row.version + 1, now);
    await appendAudit(tx, actor, now, { entityType: 'sla_policy', entityId: id, action: 'update', before: auditSlaPolicy(row), after: auditSlaPolicy(updated) });
    return presentById(tx, id);
  });
}

/** Deletes a policy; clocks it started keep running on their own copy of its targets. */
export async function deleteSlaPolicy(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin', 'manager');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const row = await selectPolicy(tx, id, { lock: true });
    if (!row) throw notFound('SLA policy');
    await deletePolicyRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'sla_policy', entityId: id, action: 'delete', before: auditSlaPolicy(row) });
  });
}
