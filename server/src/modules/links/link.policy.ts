import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';

/** Linking incidents is responders' work: agents, managers and admins (who must also see both ends). */
export function requireLinkEditor(actor: Actor): void {
  requireRole(actor, 'admin', 'manager', 'agent');
}
