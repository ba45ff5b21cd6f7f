import { describe, expect, it } from 'vitest';
import type { Feature } from './feature';
import { isNavActive, visibleNav } from './navigation';

const page = async () => () => null;
// The navigation issue 3 asks for, as the page features will declare it.
const features: Feature[] = [
  { id: 'account', nav: [{ to: '/account', label: 'account:nav', roles: ['admin', 'manager', 'agent', 'reporter', 'auditor'], order: 100 }] },
  { id: 'admin', nav: [{ to: '/admin', label: 'admin:nav', roles: ['admin'], order: 90 }] },
  { id: 'audit', nav: [{ to: '/audit', label: 'audit:nav', roles: ['auditor', 'admin'], order: 50 }] },
  {
    id: 'report',
    routes: [{ path: 'report', page }],
    nav: [
      { to: '/report', label: 'report:nav', roles: ['reporter', 'agent', 'manager', 'admin'], order: 10 },
      { to: '/my-reports', label: 'report:mine', roles: ['reporter'], order: 20 },
    ],
  },
  { id: 'queue', nav: [{ to: '/queue', label: 'queue:nav', roles: ['agent', 'manager', 'auditor', 'admin'], order: 30, activeFor: ['/incidents/'] }] },
];
const labels = (role: Parameters<typeof visibleNav>[1]) => visibleNav(features, role).map((i) => i.to);

describe('navigation by role', () => {
  it('shows each role its entries in order, whatever order the features are listed in', () => {
    expect(labels('reporter')).toEqual(['/report', '/my-reports', '/account']);
    expect(labels('agent')).toEqual(['/report', '/queue', '/account']);
    expect(labels('manager')).toEqual(['/report', '/queue', '/account']);
    expect(labels('auditor')).toEqual(['/queue', '/audit', '/account']);
    expect(labels('admin')).toEqual(['/report', '/queue', '/audit', '/admin', '/account']);
  });

  it('marks an entry active on its own pages and on the prefixes it claims', () => {
    const queue = visibleNav(features, 'agent').find((i) => i.to === '/queue')!;
    expect(isNavActive(queue, '/queue')).toBe(true);
    expect(isNavActive(queue, '/queue/saved/1')).toBe(true);
    expect(isNavActive(queue, '/incidents/INC-2026-000001')).toBe(true);
    expect(isNavActive(queue, '/queue-archive')).toBe(false);
    expect(isNavActive(queue, '/report')).toBe(false);
  });
});
