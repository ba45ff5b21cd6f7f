import type { ApiPlugin } from '../../platform/http/app.js';
import { authRoutes } from './auth.routes.js';
import { meRoutes } from './me.routes.js';
import { teamRoutes } from './teams.routes.js';
import { tokenRoutes } from './tokens.routes.js';
import { userRoutes } from './users.routes.js';

/** Every route of the directory: sign-in, the caller's profile and tokens, users and teams. */
export const directoryRoutes: ApiPlugin = async (app, opts) => {
  for (const plugin of [authRoutes, meRoutes, tokenRoutes, userRoutes, teamRoutes]) await app.register(plugin, { deps: opts.deps });
};
