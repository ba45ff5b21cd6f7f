import type { Role, WorkflowTransition } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/** Roles that work incidents: edit, assign, move through the workflow, merge. */
export const workerRoles: readonly Role[] = ['admin', 'manager', 'agent'];
/** Roles that may set a priority by hand instead of the type's matrix. */
export const priorityRoles: readonly Role[] = ['admin', 'manager'];

const isMachine = (actor: Actor) => actor.kind === 'system' || actor.kind === 'cli';

function deny(message: string): never {
  throw new AppError('forbidden', message);
}

/** Everyone signed in reports incidents, except auditors, who change nothing. */
export function assertMayCreate(actor: Actor): void {
  if (isMachine(actor)) return;
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
  if (actor.role === 'auditor') deny('Auditors read incidents; they do not create them');
}

/** What a reporter may not decide when reporting: routing and priority are the responders' call. */
export function assertMayRoute(actor: Actor, input: { assigneeId?: string | null | undefined; teamId?: string | null | undefined; watchers?: readonly string[] }): void {
  if (isMachine(actor) || actor.role !== 'reporter') return;
  if (input.assigneeId || input.teamId !== undefined || (input.watchers && input.watchers.length > 0)) deny('Reporters may not assign, route or add watchers');
}

export function assertMaySetPriority(actor: Actor): void {
  if (isMachine(actor)) return;
  if (!actor.role || !priorityRoles.includes(actor.role)) deny('Only managers and admins may set the priority by hand');
}

/** Editing fields of an incident the actor can see. */
export function assertMayEdit(actor: Actor): void {
  if (isMachine(actor)) return;
  if (!actor.role || !workerRoles.includes(actor.role)) deny('Only agents, managers and admins may change incidents');
}

/**
 * Workers take any transition their role passes; a reporter only one whose guard names the reporter
 * role, and without changing fields on the way (reporters do not edit incidents).
 */
export function assertMayTransition(actor: Actor, transition: WorkflowTransition | undefined, changesFields: boolean): void {
  if (isMachine(actor)) return;
  if (actor.role && workerRoles.includes(actor.role)) return;
  if (actor.role === 'reporter' && transition?.requires?.roles?.includes('reporter')) {
    if (changesFields) deny('Reporters may not change fields of an incident');
    return;
  }
  deny('Only agents, managers and admins may move incidents through the workflow');
}

/** Reporters comment in public on incidents they reported; auditors do not comment. */
export function assertMayComment(actor: Actor, incident: IncidentRow, visibility: 'internal' | 'public'): void {
  if (isMachine(actor)) return;
  if (!actor.role || actor.role === 'auditor') deny('Auditors do not comment');
  if (actor.role === 'reporter') {
    if (incident.reporter_id !== actor.userId) deny('Reporters comment on the incidents they reported');
    if (visibility !== 'public') deny('Reporters write public comments only');
  }
}

/** Workers manage anyone's watching; a reporter may stop or start watching only themself. */
export function assertMayWatch(actor: Actor, userId: string): void {
  if (isMachine(actor)) return;
  if (actor.role && workerRoles.includes(actor.role)) return;
  if (actor.role === 'reporter' && actor.userId === userId) return;
  deny(actor.role === 'auditor' ? 'Auditors change nothing' : 'You may only change your own watching');
}

/** Merging needs a worker; across restricted and open incidents only an admin. */
export function assertMayMerge(actor: Actor, duplicate: IncidentRow, original: IncidentRow): void {
  assertMayEdit(actor);
  if (duplicate.restricted !== original.restricted && !isMachine(actor) && actor.role !== 'admin') {
    deny('Only admins may merge a restricted incident with a non-restricted one');
  }
}
