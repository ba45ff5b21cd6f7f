import { allRoles, type Feature } from '../../app/feature';

export const accountFeature: Feature = {
  id: 'account',
  routes: [{ path: 'account', page: () => import('./account.page').then((m) => m.AccountPage) }],
  nav: [{ to: '/account', label: 'account:nav', roles: allRoles, order: 100 }],
};
