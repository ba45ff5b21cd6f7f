import type { Feature } from '../../app/feature';

/**
 * Personal API tokens, beside the account settings: every user may create and revoke their own. The
 * navigation entry is for everyone but administrators, whose header is full already; they find the
 * page on the administration landing page (admin-sections.ts).
 */
export const tokensFeature: Feature = {
  id: 'tokens',
  routes: [{ path: 'account/tokens', page: () => import('./tokens.page').then((m) => m.TokensPage) }],
  nav: [{ to: '/account/tokens', label: 'tokens:nav', roles: ['manager', 'agent', 'reporter', 'auditor'], order: 105 }],
};
