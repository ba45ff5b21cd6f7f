export { createLiveRoutes, liveRoutes } from './live.routes.js';
