import type { Role } from '@vigil/shared';
import type { Feature, FeatureRoute } from '../../app/feature';
import { adminSections, sectionRoles } from './admin-sections';

/** Everyone who sees at least one section: the landing page and the navigation entry are theirs. */
const areaRoles: readonly Role[] = [...new Set(adminSections.flatMap((s) => sectionRoles(s)))];

const sectionRoutes: FeatureRoute[] = adminSections.flatMap((s) => ('href' in s ? [] : [
  { path: `admin/${s.path}`, roles: sectionRoles(s), page: s.page },
  ...(s.subpages ?? []).map((p) => ({ path: `admin/${p.path}`, roles: sectionRoles(s), page: p.page })),
]));

/** The administration area: a landing page listing the sections of admin-sections.ts, and their pages. */
export const adminFeature: Feature = {
  id: 'admin',
  routes: [{ path: 'admin', roles: areaRoles, page: () => import('./admin-home.page').then((m) => m.AdminHomePage) }, ...sectionRoutes],
  nav: [{ to: '/admin', label: 'admin:nav', roles: areaRoles, order: 90 }],
};
