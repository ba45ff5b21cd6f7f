import type { Role } from '@vigil/shared';
import type { Actor } from './context.js';
import { AppError } from './errors.js';

/** Throws forbidden unless the actor holds one of the roles. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (actor.kind === 'system' || actor.kind === 'cli') return;
  if (!actor.role || !roles.includes(actor.role)) {
    throw new AppError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
  }
}

/** Throws unauthenticated for anonymous callers. */
export function requireUser(actor: Actor): asserts actor is Actor & { userId: string; role: Role } {
  if (!actor.userId || !actor.role) throw new AppError('unauthenticated', 'Sign in first');
}
