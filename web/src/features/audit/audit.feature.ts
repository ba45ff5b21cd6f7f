import type { Feature } from '../../app/feature';

/** The audit trail: filter the records, read their changes, verify the hash chain. Auditors and administrators. */
export const auditFeature: Feature = {
  id: 'audit',
  routes: [{ path: 'audit', roles: ['auditor', 'admin'], page: () => import('./audit.page').then((m) => m.AuditPage) }],
  nav: [{ to: '/audit', label: 'audit:nav', roles: ['auditor', 'admin'], order: 50 }],
};
