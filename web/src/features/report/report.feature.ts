import type { Role } from '@vigil/shared';
import type { Feature } from '../../app/feature';
import { registerServiceWorker } from './service-worker';

/** Everyone who may report: auditors read, they do not report. */
const reporters: readonly Role[] = ['reporter', 'agent', 'manager', 'admin'];

/** Reporting an incident (type, then the type's form; drafts and a send queue on the device), and the PWA that opens on it. */
export const reportFeature: Feature = {
  id: 'report',
  routes: [{ path: 'report', roles: reporters, page: () => import('./report.page').then((m) => m.ReportPage) }],
  nav: [{ to: '/report', label: 'report:nav', roles: reporters, order: 10 }],
};

// The installable app starts on /report, so this feature owns the service worker; registering it here
// (the entry path) makes every page of the app work from the cache, not only this one.
registerServiceWorker();
