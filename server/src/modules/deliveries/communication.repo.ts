import type { DbOrTx } from '../../db/client.js';

/** A public comment of the incident, or undefined. */
export async function selectPublicComment(db: DbOrTx, incidentId: string, commentId: string) {
  return db.selectFrom('comments').select(['id', 'body']).where('id', '=', commentId).where('incident_id', '=', incidentId).where('visibility', '=', 'public').executeTakeFirst();
}

/** A user's address, name and language (the reporter, the sender). */
export async function selectUserContact(db: DbOrTx, userId: string) {
  return db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'active']).where('id', '=', userId).executeTakeFirst();
}
