import type { Tx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';
import { insertChainedAuditRecord } from './audit.repo.js';
import { chainPayload, toJsonValue, type ChainFields } from './canonical.js';

export type AuditEntry = {
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends one hash-chained audit record inside the caller's transaction, so no change commits
 * without its record and no record without its change. Callers pass presented values (no secrets).
 */
export async function appendAudit(tx: Tx, actor: Actor, at: Date, entry: AuditEntry): Promise<number> {
  const fields: Omit<ChainFields, 'seq'> = {
    at: at.toISOString(),
    actor_type: actor.kind,
    actor_id: actor.userId,
    source_ip: actor.ip,
    request_id: actor.requestId,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    action: entry.action,
    before: toJsonValue(entry.before ?? null),
    after: toJsonValue(entry.after ?? null),
  };
  return insertChainedAuditRecord(tx, { ...fields, at }, chainPayload(fields));
}
