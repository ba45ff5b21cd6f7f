import type { Feature } from '../../app/feature';

/** The incident queue for those who work incidents (auditors read it), and a reporter's own reports. */
export const queueFeature: Feature = {
  id: 'queue',
  routes: [
    { path: 'queue', roles: ['agent', 'manager', 'admin', 'auditor'], page: () => import('./queue.page').then((m) => m.QueuePage) },
    { path: 'my-reports', roles: ['reporter'], page: () => import('./my-reports.page').then((m) => m.MyReportsPage) },
  ],
  nav: [
    { to: '/queue', label: 'queue:nav', roles: ['agent', 'manager', 'admin', 'auditor'], order: 30, activeFor: ['/incidents/'] },
    { to: '/my-reports', label: 'queue:myReports.nav', roles: ['reporter'], order: 20, activeFor: ['/incidents/'] },
  ],
};
