import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

const isMachine = (actor: Actor) => actor.kind === 'system' || actor.kind === 'cli';

/** Who reads escalation policies: everyone who works or audits incidents (reporters do not). */
export function assertMayReadPolicies(actor: Actor): void {
  if (isMachine(actor)) return;
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role === 'reporter') throw new AppError('forbidden', 'Reporters do not see escalation policies');
}

/** Admins manage every team's policies; a manager those of the teams they belong to. */
export function assertMayManagePolicy(actor: Actor, teamId: string): void {
  if (isMachine(actor)) return;
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role === 'admin') return;
  if (actor.role === 'manager' && actor.teamIds.includes(teamId)) return;
  throw new AppError('forbidden', 'Only admins and managers of the owning team may change its escalation policies');
}

/** Starting an escalation by hand: the people who work incidents. */
export function assertMayStartEscalation(actor: Actor): void {
  if (isMachine(actor)) return;
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role !== 'admin' && actor.role !== 'manager' && actor.role !== 'agent') {
    throw new AppError('forbidden', 'Only agents, managers and admins may start an escalation');
  }
}
