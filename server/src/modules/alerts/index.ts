export type { AlertAction, AlertBatch, AlertSignal, ChangeSignal } from './alert.signal.js';
export { alertRoutes } from './alert.routes.js';
export { alertIngestRoutes } from './alert-ingest.routes.js';
export { integrationRoutes } from './integration.routes.js';
export { alertJobs, alertProcessJob } from './alert.jobs.js';
export { processAlertEvent } from './alert-process.commands.js';
export { createIntegration, updateIntegration, setIntegrationEnabled, rotateIntegrationKey } from './integration.commands.js';
export { listAlerts, getAlert } from './alert.queries.js';
