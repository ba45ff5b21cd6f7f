export { createPortalRoutes, portalRoutes } from './portal.routes.js';
export { portalPolicy, type PortalPolicy } from './portal.policy.js';
