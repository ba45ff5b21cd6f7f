import { requireRole, requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';

/** Integrations are configuration with secrets: admins manage them. */
export function assertMayManageIntegrations(actor: Actor): void {
  if (actor.kind !== 'system' && actor.kind !== 'cli') requireUser(actor);
  requireRole(actor, 'admin');
}

/** Admins and auditors read integrations and their inbound events (never a key). */
export function assertMayReadIntegrations(actor: Actor): void {
  if (actor.kind !== 'system' && actor.kind !== 'cli') requireUser(actor);
  requireRole(actor, 'admin', 'auditor');
}
