import { describe, expect, it } from 'vitest';
import { adminFeature } from './admin.feature';
import { adminSections, sectionHref, sectionsFor, type AdminSection } from './admin-sections';

const page = () => Promise.resolve(() => null);

describe('the admin section registry', () => {
  it('routes every section and its subpages under /admin with the section roles', () => {
    const routes = adminFeature.routes ?? [];
    expect(routes.map((r) => r.path)).toEqual(['admin', 'admin/users', 'admin/teams', 'admin/teams/:teamId', 'admin/incident-types', 'admin/incident-types/:typeKey']);
    expect(routes.find((r) => r.path === 'admin/teams/:teamId')?.roles).toEqual(['admin', 'manager']);
    expect(routes.find((r) => r.path === 'admin/users')?.roles).toEqual(['admin']);
    expect(adminFeature.nav).toEqual([{ to: '/admin', label: 'admin:nav', roles: ['admin', 'manager'], order: 90 }]);
  });

  it('lists per role, and links sections routed elsewhere', () => {
    expect(sectionsFor('manager').map((s) => s.id)).toEqual(['teams']);
    expect(sectionsFor('agent')).toEqual([]);
    const extra: AdminSection[] = [...adminSections, { id: 'routing', href: '/ops/routing-rules', label: 'x:y', description: 'x:z', group: 'operations', roles: ['admin', 'auditor'] }];
    expect(sectionsFor('auditor', extra).map(sectionHref)).toEqual(['/ops/routing-rules']);
    expect(sectionsFor('admin').map(sectionHref).slice(0, 4)).toEqual(['/admin/users', '/admin/teams', '/admin/incident-types', '/account/tokens']);
    expect(sectionHref({ id: 'u', path: 'users', page, label: '', description: '', group: 'directory' })).toBe('/admin/users');
  });
});
