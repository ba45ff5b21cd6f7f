export { createAuthenticator } from './auth.authenticator.js';
export { directoryRoutes } from './directory.routes.js';
export { ensureFirstAdmin, type FirstAdminResult } from './first-admin.bootstrap.js';
export { tokenCreateCommand, userCreateCommand } from './directory.cli.js';
export { ensureTeam, putTeamMember } from './teams.commands.js';
export { getTeamIdBySlug } from './teams.queries.js';
export { userExists, actorForEmail } from './users.queries.js';
export { createUser } from './users.commands.js';
