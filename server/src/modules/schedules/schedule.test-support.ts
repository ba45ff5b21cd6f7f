import type { ScheduleLayerInput } from '@vigil/shared';
import type { Db } from '../../db/client.js';

/** A layer body for the API: a daily 09:00 rotation from 2026-03-01; override any field. */
export function buildLayer(participants: string[], overrides: Partial<ScheduleLayerInput> = {}): ScheduleLayerInput {
  return { name: 'Primary', participants, rotation: 'daily', handoffTime: '09:00', startDate: '2026-03-01', ...overrides };
}

/** Audit records of one entity (and action), oldest first. */
export async function auditOf(db: Db, entityType: string, entityId: string, action?: string) {
  let q = db.selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId);
  if (action) q = q.where('action', '=', action);
  return q.orderBy('seq').execute();
}

/** The whole audit trail as text, to prove that no feed secret reached it. */
export async function auditText(db: Db): Promise<string> {
  const rows = await db.selectFrom('audit_log').select(['before', 'after']).orderBy('seq').execute();
  return JSON.stringify(rows);
}
