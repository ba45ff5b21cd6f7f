import type { Role } from '@vigil/shared';
import type { ComponentType } from 'react';

/**
 * A feature plugs into the app with one object in `app/features.ts`: its routes (lazy-loaded pages) and
 * its navigation entries. A feature file imports no page directly, so the first load stays small.
 */

export type FeatureRoute = {
  /** Relative to `/` (signed-in routes) or absolute for public ones: `queue`, `incidents/:idOrNumber`. */
  path?: string;
  index?: boolean;
  /** Who may open it; others see the "no access" page. Omitted: every signed-in user. */
  roles?: readonly Role[];
  /** The page, loaded on first visit: `() => import('./queue.page').then((m) => m.QueuePage)`. */
  page: () => Promise<ComponentType>;
  /** Nested routes, rendered by the page's <Outlet />. */
  children?: FeatureRoute[];
};

export type NavItem = {
  to: string;
  /** A translation key with its namespace: `queue:nav`. The shell loads the namespace. */
  label: string;
  roles: readonly Role[];
  /** Position in the navigation, lowest first (report 10, my reports 20, queue 30, audit 50, admin 90). */
  order: number;
  /** Also highlight for deeper paths (`/incidents/…` under the queue). */
  activeFor?: readonly string[];
};

export type Feature = {
  id: string;
  /** Pages inside the shell, for signed-in users. */
  routes?: FeatureRoute[];
  /** Pages outside the shell that need no account (sign-in, public report link). */
  publicRoutes?: FeatureRoute[];
  nav?: NavItem[];
};

export const allRoles: readonly Role[] = ['admin', 'manager', 'agent', 'reporter', 'auditor'];
