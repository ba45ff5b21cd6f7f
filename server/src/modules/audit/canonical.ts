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

/** hash_n = SHA-256(hash_{n-1} || canonical(record_n)). */
export function chainHash(prevHash: string, fields: ChainFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}
