export { bulkRoutes } from './bulk.routes.js';
