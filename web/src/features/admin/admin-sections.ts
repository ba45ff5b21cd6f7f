import type { Role } from '@vigil/shared';
import type { ComponentType } from 'react';

/**
 * The sections of the administration area, one entry each. A new section is one entry here: its
 * pages live in the owner's own files and are loaded on first visit. The landing page at /admin lists
 * the sections a role may open, by group; the routes are made from this list (admin.feature.ts).
 * A section routed by another feature (its own paths) is listed with `href` instead of `path` and `page`.
 * Keep this file free of page imports: it is part of the first load.
 */
export type AdminSection = {
  id: string;
  /** Translation keys with their namespace (`admin:sections.users.title`); the landing page loads the namespace. */
  label: string;
  description: string;
  group: AdminGroup;
  /** Who may open the section (others see "no access"). Default: administrators. */
  roles?: readonly Role[];
} & (
  | {
      /** Path below /admin: `users` serves /admin/users. */
      path: string;
      page: () => Promise<ComponentType>;
      /** Deeper pages of the section, paths below /admin (`teams/:id`), with the section's roles. */
      subpages?: ReadonlyArray<{ path: string; page: () => Promise<ComponentType> }>;
    }
  | {
      /** A section whose pages another feature routes (`/ops/routing-rules`): listed on the landing page only. */
      href: string;
    }
);

/** Groups on the landing page, in this order. */
export const adminGroups = ['directory', 'configuration', 'operations'] as const;
export type AdminGroup = (typeof adminGroups)[number];

export const adminSections: readonly AdminSection[] = [
  {
    id: 'users',
    path: 'users',
    label: 'admin:sections.users.title',
    description: 'admin:sections.users.description',
    group: 'directory',
    page: () => import('./users.page').then((m) => m.UsersPage),
  },
  {
    id: 'teams',
    path: 'teams',
    label: 'admin:sections.teams.title',
    description: 'admin:sections.teams.description',
    group: 'directory',
    // Managers see the teams they lead (read-only: changing teams is for administrators).
    roles: ['admin', 'manager'],
    page: () => import('./teams.page').then((m) => m.TeamsPage),
    subpages: [{ path: 'teams/:teamId', page: () => import('./team.page').then((m) => m.TeamPage) }],
  },
  {
    id: 'incident-types',
    path: 'incident-types',
    label: 'admin:sections.types.title',
    description: 'admin:sections.types.description',
    group: 'configuration',
    page: () => import('./types.page').then((m) => m.TypesPage),
    subpages: [{ path: 'incident-types/:typeKey', page: () => import('./type-editor/type-editor.page').then((m) => m.TypeEditorPage) }],
  },
  {
    // The administrator's own tokens (features/tokens): other roles have them in the navigation.
    id: 'own-tokens',
    href: '/account/tokens',
    label: 'admin:sections.tokens.title',
    description: 'admin:sections.tokens.description',
    group: 'directory',
  },
  { id: 'routing-rules', href: '/ops/routing-rules', label: 'opsadmin:rules.title', description: 'opsadmin:rules.description', group: 'operations' },
  { id: 'escalation-policies', href: '/ops/escalation-policies', label: 'opsadmin:policies.title', description: 'opsadmin:policies.description', group: 'operations' },
  { id: 'sla', href: '/ops/sla', label: 'opsadmin:sla.title', description: 'opsadmin:sla.description', group: 'operations' },
  { id: 'integrations', href: '/ops/integrations', label: 'opsadmin:integrations.title', description: 'opsadmin:integrations.description', group: 'operations' },
  { id: 'destinations', href: '/ops/destinations', label: 'opsadmin:destinations.title', description: 'opsadmin:destinations.description', group: 'operations' },
  { id: 'deliveries', href: '/ops/deliveries', label: 'opsadmin:deliveries.title', description: 'opsadmin:deliveries.description', group: 'operations' },
  { id: 'inbound-mails', href: '/ops/inbound-mails', label: 'opsadmin:mails.title', description: 'opsadmin:mails.description', group: 'operations' },
];

/** Where the landing page links to. */
export const sectionHref = (section: AdminSection): string => ('href' in section ? section.href : `/admin/${section.path}`);

/** Administrators by default. */
export const sectionRoles = (section: AdminSection): readonly Role[] => section.roles ?? ['admin'];

/** The sections a role may open, in registry order. */
export function sectionsFor(role: Role, sections: readonly AdminSection[] = adminSections): AdminSection[] {
  return sections.filter((s) => sectionRoles(s).includes(role));
}
