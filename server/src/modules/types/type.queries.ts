import type { IncidentType } from '@vigil/shared';
import type { Db, DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { IncidentTypeRow } from '../../db/schema.js';
import { presentIncidentType } from './type.presenter.js';
import { selectTypeByIdOrKey, selectTypes } from './type.repo.js';

const presented = new Map<string, IncidentType>();
const maxPresented = 500;

/**
 * The DTO of a committed row, built once per version: every incident write reads its type, and
 * parsing the definition and deriving its JSON Schema costs more than the query. Every write to a
 * type bumps its version, so the key never serves stale content. Frozen, because it is shared.
 */
function presentCommitted(row: IncidentTypeRow): IncidentType {
  const key = `${row.id}:${row.version}:${row.updated_at.getTime()}`;
  let type = presented.get(key);
  if (!type) {
    type = deepFreeze(presentIncidentType(row));
    presented.set(key, type);
    if (presented.size > maxPresented) presented.delete(presented.keys().next().value!);
  }
  return type;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** One type by id or key, active or not (incidents of a retired type still need it); null if none. The result is frozen. */
export async function getIncidentType(db: DbOrTx, idOrKey: string): Promise<IncidentType | null> {
  const row = await selectTypeByIdOrKey(db, idOrKey);
  return row ? presentCommitted(row) : null;
}

/** Types any signed-in user may report against; admins may ask for the inactive ones as well. */
export async function listIncidentTypes(db: Db, actor: Actor, opts: { all: boolean }): Promise<IncidentType[]> {
  requireUser(actor);
  const rows = await selectTypes(db, { includeInactive: opts.all && actor.role === 'admin' });
  return rows.map(presentCommitted);
}

/** One type for a signed-in caller, or not_found. */
export async function getIncidentTypeForActor(db: Db, actor: Actor, idOrKey: string): Promise<IncidentType> {
  requireUser(actor);
  const type = await getIncidentType(db, idOrKey);
  if (!type) throw notFound('Incident type');
  return type;
}
