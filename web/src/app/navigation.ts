import type { Role } from '@vigil/shared';
import type { Feature, NavItem } from './feature';

/** The navigation entries a role sees, in order; `/` sends the user to the first one. */
export function visibleNav(features: readonly Feature[], role: Role): NavItem[] {
  return features
    .flatMap((f) => f.nav ?? [])
    .filter((item) => item.roles.includes(role))
    .sort((a, b) => a.order - b.order);
}

/** True when `pathname` belongs to the entry: its own path or one of its `activeFor` prefixes. */
export function isNavActive(item: NavItem, pathname: string): boolean {
  return pathname === item.to || pathname.startsWith(`${item.to}/`) || (item.activeFor ?? []).some((p) => pathname.startsWith(p));
}
