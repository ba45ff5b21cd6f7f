import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { IncidentRow } from '../../db/schema.js';
import { requireRole, requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { seesInternal } from '../incidents/index.js';

/** Everyone who works on incidents or reports them may upload; auditors change nothing. The system attaches files of inbound mail. */
export function requireUploader(actor: Actor): void {
  if (actor.kind === 'system') return;
  requireUser(actor);
  requireRole(actor, 'admin', 'manager', 'agent', 'reporter');
}

/** Reporters attach files only to incidents they reported, even when they may see (watch) others. */
export function requireMayUploadTo(actor: Actor, incident: Pick<IncidentRow, 'reporter_id'>): void {
  if (actor.role !== 'reporter') return;
  if (incident.reporter_id !== actor.userId) {
    throw new AppError('forbidden', 'Reporters can attach files only to incidents they reported');
  }
}

/**
 * An attachment is public, like a public comment, when the incident's reporter uploaded it or it
 * belongs to a public comment; anything else is internal and hidden from reporters.
 */
export function isPublicAttachment(incident: Pick<IncidentRow, 'reporter_id'>, uploaderId: string | null, commentVisibility: 'internal' | 'public' | null): boolean {
  return (uploaderId !== null && uploaderId === incident.reporter_id) || commentVisibility === 'public';
}

/**
 * The same rule as SQL over `attachments a`, `incidents i` and `comments c` (left joined on the
 * attachment's comment): reporters see public attachments and their own uploads.
 */
export function attachmentVisibleTo(actor: Actor): RawBuilder<SqlBool> {
  if (seesInternal(actor)) return sql<SqlBool>`true`;
  if (!actor.userId) return sql<SqlBool>`false`;
  return sql<SqlBool>`(a.uploaded_by = ${actor.userId}::uuid or a.uploaded_by = i.reporter_id or c.visibility = 'public')`;
}
