import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/** Admins manage every team's notification rules; a manager those of a team they belong to. */
export function assertMayManageTeamRules(actor: Actor, teamId: string): void {
  if (actor.kind === 'system' || actor.kind === 'cli') return;
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role === 'admin') return;
  if (actor.role === 'manager' && actor.teamIds.includes(teamId)) return;
  throw new AppError('forbidden', "Only admins and managers of the team may manage its notification rules");
}

/** Who reads a team's rules: those who manage them, and auditors. */
export function assertMayReadTeamRules(actor: Actor, teamId: string): void {
  if (actor.role === 'auditor') return;
  assertMayManageTeamRules(actor, teamId);
}
