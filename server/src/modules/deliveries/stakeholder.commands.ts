import type { StakeholderList, StakeholderListCreate, StakeholderListPatch } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { StakeholderListRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { assertTeam } from './endpoint.commands.js';
import { presentStakeholderList } from './endpoint.presenter.js';
import { deleteStakeholderListRow, insertStakeholderList, selectStakeholderList, selectStakeholderListForUpdate, updateStakeholderListRow } from './stakeholder.repo.js';

/** Addresses once each, compared case-insensitively, in the order given. */
export function distinctEmails(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails.map((e) => e.trim()).filter((e) => !seen.has(e.toLowerCase()) && seen.add(e.toLowerCase()));
}

async function present(tx: Tx, row: StakeholderListRow): Promise<StakeholderList> {
  return presentStakeholderList((await selectStakeholderList(tx, row.id)) ?? row);
}

function nameTaken(err: unknown): boolean {
  return (err as { code?: string }).code === '23505';
}

/** A named list of people to keep informed (managers, communications, customers' contacts) for a team. */
export async function createStakeholderList(deps: Deps, actor: Actor, input: StakeholderListCreate): Promise<StakeholderList> {
  requireRole(actor, 'admin', 'manager');
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      await assertTeam(tx, input.teamId);
      const row = await insertStakeholderList(tx, {
        team_id: input.teamId,
        name: input.name,
        description: input.description,
        emails: distinctEmails(input.emails),
        locale: input.locale,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      });
      const list = await present(tx, row);
      await appendAudit(tx, actor, now, { entityType: 'stakeholder_list', entityId: row.id, action: 'create', after: list });
      return list;
    });
  } catch (err) {
    if (nameTaken(err)) throw new AppError('already_exists', 'The team already has a stakeholder list of this name', [{ path: 'body.name', message: 'is taken in this team' }]);
    throw err;
  }
}

export async function updateStakeholderList(deps: Deps, actor: Actor, id: string, patch: StakeholderListPatch): Promise<StakeholderList> {
  requireRole(actor, 'admin', 'manager');
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      const row = await selectStakeholderListForUpdate(tx, id);
      if (!row) throw notFound('Stakeholder list');
      const before = await present(tx, row);
      const updated = await updateStakeholderListRow(tx, id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.emails !== undefined ? { emails: distinctEmails(patch.emails) } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        updated_at: now,
      });
      const after = await present(tx, updated);
      await appendAudit(tx, actor, now, { entityType: 'stakeholder_list', entityId: id, action: 'update', before, after });
      return after;
    });
  } catch (err) {
    if (nameTaken(err)) throw new AppError('already_exists', 'The team already has a stakeholder list of this name', [{ path: 'body.name', message: 'is taken in this team' }]);
    throw err;
  }
}

export async function deleteStakeholderList(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin', 'manager');
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectStakeholderListForUpdate(tx, id);
    if (!row) throw notFound('Stakeholder list');
    const before = await present(tx, row);
    await deleteStakeholderListRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'stakeholder_list', entityId: id, action: 'delete', before });
  });
}
