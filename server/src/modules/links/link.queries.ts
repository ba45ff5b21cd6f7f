import type { IncidentLink } from '@vigil/shared';
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow, incidentVisibleTo } from '../incidents/index.js';
import { presentLink, type LinkView } from './link.presenter.js';

/** Links of an incident in both directions, oldest first, leaving out those whose other end the actor may not see. */
export async function listLinks(db: DbOrTx, actor: Actor, incidentRef: string): Promise<{ items: IncidentLink[] }> {
  requireUser(actor);
  const incident = await getVisibleIncidentRow(db, actor, incidentRef);
  if (!incident) throw notFound('Incident');
  const rows: LinkView[] = await db
    .selectFrom('incident_links as l')
    .innerJoin('incidents as o', (join) => join.on(sql<boolean>`o.id = case when l.from_id = ${incident.id}::uuid then l.to_id else l.from_id end`))
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .selectAll('l')
    .select(['o.id as other_id', 'o.number as other_number', 'o.title as other_title', 'o.state as other_state', 'o.state_category as other_state_category', 'u.name as creator_name'])
    .where((eb) => eb.or([eb('l.from_id', '=', incident.id), eb('l.to_id', '=', incident.id)]))
    .where(incidentVisibleTo(actor, 'o'))
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();
  return { items: rows.map((r) => presentLink(r, incident.id)) };
}
