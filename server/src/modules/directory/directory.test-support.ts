import type { Db } from '../../db/client.js';

/** Audit records of one entity (and action), oldest first; for assertions in the directory tests. */
export async function auditOf(db: Db, entityType: string, entityId: string, action?: string) {
  let q = db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('seq').execute();
}

/** The whole audit trail as text, to prove that no secret ever reached it. */
export async function auditText(db: Db): Promise<string> {
  const rows = await db.selectFrom('audit_log').select(['before', 'after']).orderBy('seq').execute();
  return JSON.stringify(rows);
}
