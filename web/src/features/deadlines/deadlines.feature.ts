import type { Feature } from '../../app/feature';

const readers = ['agent', 'manager', 'admin', 'auditor'] as const;

/** Upcoming deadlines: running SLA and legal clocks by due time. */
export const deadlinesFeature: Feature = {
  id: 'deadlines',
  routes: [{ path: 'deadlines', roles: readers, page: () => import('./deadlines.page').then((m) => m.DeadlinesPage) }],
  nav: [{ to: '/deadlines', label: 'deadlines:nav', roles: readers, order: 42 }],
};
