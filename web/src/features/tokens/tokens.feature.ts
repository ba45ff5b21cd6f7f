import { allRoles, type Feature } from '../../app/feature';

/** Personal API tokens, beside the account settings: every user may create and revoke their own. */
export const tokensFeature: Feature = {
  id: 'tokens',
  routes: [{ path: 'account/tokens', page: () => import('./tokens.page').then((m) => m.TokensPage) }],
  nav: [{ to: '/account/tokens', label: 'tokens:nav', roles: allRoles, order: 105 }],
};
