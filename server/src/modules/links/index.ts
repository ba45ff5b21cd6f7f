export { linkRoutes } from './link.routes.js';
export { addLink, removeLink } from './link.commands.js';
export { listLinks } from './link.queries.js';
