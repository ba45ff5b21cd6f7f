import type { Team, TeamMember } from '@vigil/shared';
import type { TeamRow } from '../../db/schema.js';

/** A team row with its member count as the API shows it. */
export function presentTeam(r: TeamRow & { member_count: number }): Team {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    memberCount: r.member_count,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** What the audit trail keeps of a team (no counts, which are not part of the team). */
export function presentTeamRecord(r: TeamRow) {
  return { id: r.id, slug: r.slug, name: r.name, description: r.description };
}

export function presentTeamMember(r: { user_id: string; name: string; email: string; user_role: TeamMember['userRole']; active: boolean; role: TeamMember['role'] }): TeamMember {
  return { userId: r.user_id, name: r.name, email: r.email, userRole: r.user_role, active: r.active, role: r.role };
}
