import type { IncidentType } from '@vigil/shared';
import type { Db, DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { presentIncidentType } from './type.presenter.js';
import { selectTypeByIdOrKey, selectTypes } from './type.repo.js';

/** One type by id or key, active or not (incidents of a retired type still need it); null if none. */
export async function getIncidentType(db: DbOrTx, idOrKey: string): Promise<IncidentType | null> {
  const row = await selectTypeByIdOrKey(db, idOrKey);
  return row ? presentIncidentType(row) : null;
}

/** Types any signed-in user may report against; admins may ask for the inactive ones as well. */
export async function listIncidentTypes(db: Db, actor: Actor, opts: { all: boolean }): Promise<IncidentType[]> {
  requireUser(actor);
  const rows = await selectTypes(db, { includeInactive: opts.all && actor.role === 'admin' });
  return rows.map(presentIncidentType);
}

/** One type for a signed-in caller, or not_found. */
export async function getIncidentTypeForActor(db: Db, actor: Actor, idOrKey: string): Promise<IncidentType> {
  requireUser(actor);
  const type = await getIncidentType(db, idOrKey);
  if (!type) throw notFound('Incident type');
  return type;
}
