import type { Role } from '@vigil/shared';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/** Roles that see schedules and who is on call (reporters do not). */
export const scheduleReaderRoles: readonly Role[] = ['admin', 'manager', 'agent', 'auditor'];

const isMachine = (actor: Actor) => actor.kind === 'system' || actor.kind === 'cli';

function signedIn(actor: Actor): void {
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
}

/** Agents, managers, admins and auditors read schedules. */
export function assertMayReadSchedules(actor: Actor): void {
  if (isMachine(actor)) return;
  signedIn(actor);
  if (!scheduleReaderRoles.includes(actor.role!)) throw new AppError('forbidden', 'Only agents, managers, admins and auditors see on-call schedules');
}

/** Admins change any schedule; a manager only the schedules of a team they belong to. */
export function assertMayManageSchedule(actor: Actor, teamId: string): void {
  if (isMachine(actor)) return;
  signedIn(actor);
  if (actor.role === 'admin') return;
  if (actor.role === 'manager' && actor.teamIds.includes(teamId)) return;
  throw new AppError('forbidden', "Only admins and managers of the schedule's team may change it");
}
