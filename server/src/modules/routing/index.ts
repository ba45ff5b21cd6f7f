export { routingRoutes } from './routing.routes.js';
export { routingReactor } from './routing.reactor.js';
export { createRoutingRule, reorderRoutingRules } from './routing.commands.js';
export { listRoutingRules } from './routing.queries.js';
