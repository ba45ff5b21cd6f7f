import type { AuditRecord } from '@vigil/shared';
import type { Db } from '../../db/client.js';
import type { AuditLogRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { selectAuditRecords, type AuditFilter } from './audit.repo.js';
import { verifyAuditChain, type VerifyResult } from './audit.verify.js';

export function presentAuditRecord(r: AuditLogRow): AuditRecord {
  return {
    seq: r.seq,
    at: r.at.toISOString(),
    actorType: r.actor_type,
    actorId: r.actor_id,
    sourceIp: r.source_ip,
    requestId: r.request_id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    before: r.before,
    after: r.after,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The audit trail, newest first; auditors and admins only. */
export async function listAudit(db: Db, actor: Actor, filter: AuditFilter) {
  requireRole(actor, 'admin', 'auditor');
  const rows = await selectAuditRecords(db, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return { items: page.map(presentAuditRecord), nextBefore: rows.length > filter.limit ? (page.at(-1)?.seq ?? null) : null };
}

export async function getAuditVerification(db: Db, actor: Actor): Promise<VerifyResult> {
  requireRole(actor, 'admin', 'auditor');
  return verifyAuditChain(db);
}
