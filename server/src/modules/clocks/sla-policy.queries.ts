import type { SlaPolicy } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { presentSlaPolicy } from './sla-policy.presenter.js';
import { selectPolicies, selectPolicy, selectTypeId } from './sla-policy.repo.js';

const readers = ['admin', 'manager', 'agent', 'auditor'] as const;

/** The SLA policies, by type and priority; optionally of one type (id or key). */
export async function listSlaPolicies(db: DbOrTx, actor: Actor, q: { type?: string | undefined }): Promise<{ items: SlaPolicy[] }> {
  requireRole(actor, ...readers);
  let typeId: string | undefined;
  if (q.type) {
    typeId = (await selectTypeId(db, q.type)) ?? undefined;
    if (!typeId) throw new AppError('validation_failed', 'type names no incident type', [{ path: 'querystring.type', message: 'names no incident type' }]);
  }
  return { items: (await selectPolicies(db, typeId ? { typeId } : {})).map(presentSlaPolicy) };
}

export async function getSlaPolicy(db: DbOrTx, actor: Actor, id: string): Promise<SlaPolicy> {
  requireRole(actor, ...readers);
  const row = await selectPolicy(db, id);
  if (!row) throw notFound('SLA policy');
  return presentSlaPolicy(row);
}
