import type { DbOrTx } from '../../db/client.js';

/** The incident's watchers who are active, with their role (reporters are kept out of internal notes). */
export async function selectActiveWatchers(db: DbOrTx, incidentId: string): Promise<Array<{ id: string; role: string }>> {
  return db
    .selectFrom('incident_watchers as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .select(['u.id', 'u.role'])
    .where('w.incident_id', '=', incidentId)
    .where('u.active', '=', true)
    .execute();
}
