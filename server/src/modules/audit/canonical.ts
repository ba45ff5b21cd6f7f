import { createHash } from 'node:crypto';
import type { AuditLogRow } from '../../db/schema.js';

/** JSON with object keys sorted at every level, so equal values always hash alike. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** A value as it will read back from a jsonb column (dates become ISO strings). */
export function toJsonValue<T>(value: T): T | null {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as T);
}

export type ChainFields = {
  seq: number;
  at: string;
  actor_type: AuditLogRow['actor_type'];
  actor_id: string | null;
  source_ip: string | null;
  request_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: unknown;
  after: unknown;
};

/** The hashed content of a record except its position: canonical JSON of every other field. */
export function chainPayload(fields: Omit<ChainFields, 'seq'>): string {
  return canonicalJson(fields);
}

/**
 * hash_n = SHA-256(hash_{n-1} ":" n ":" payload_n). The database computes the same expression when it
 * appends (audit.repo.ts), so the chain head is locked for one statement, not a round trip per step.
 */
export function chainHash(prevHash: string, fields: ChainFields): string {
  const { seq, ...rest } = fields;
  return createHash('sha256').update(`${prevHash}:${seq}:${chainPayload(rest)}`, 'utf8').digest('hex');
}
