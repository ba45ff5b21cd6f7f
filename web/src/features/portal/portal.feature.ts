import type { Feature } from '../../app/feature';

/** The public report link: a form for guests without an account, and the status page of their report. */
export const portalFeature: Feature = {
  id: 'portal',
  publicRoutes: [
    { path: '/report/status/:token', page: () => import('./portal-status.page').then((m) => m.PortalStatusPage) },
    { path: '/report/:slug', page: () => import('./portal-form.page').then((m) => m.PortalFormPage) },
  ],
};
