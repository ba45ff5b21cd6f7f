import type { Feature } from '../../app/feature';

export const authFeature: Feature = {
  id: 'auth',
  publicRoutes: [{ path: '/login', page: () => import('./login.page').then((m) => m.LoginPage) }],
};
