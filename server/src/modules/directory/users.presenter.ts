import type { Membership, User } from '@vigil/shared';
import type { UserRow } from '../../db/schema.js';

/** A user row as the API shows it: never the password hash. */
export function presentUser(r: UserRow): User {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    locale: r.locale,
    timeZone: r.time_zone,
    active: r.active,
    lastLoginAt: r.last_login_at ? r.last_login_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function presentMembership(r: { id: string; slug: string; name: string; role: 'member' | 'lead' }): Membership {
  return { id: r.id, slug: r.slug, name: r.name, role: r.role };
}
