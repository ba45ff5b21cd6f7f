import { allRoles, type Feature } from '../../app/feature';

/** The notifications inbox of every signed-in user. */
export const inboxFeature: Feature = {
  id: 'inbox',
  routes: [{ path: 'inbox', page: () => import('./inbox.page').then((m) => m.InboxPage) }],
  nav: [{ to: '/inbox', label: 'inbox:nav', roles: allRoles, order: 45 }],
};
