export { cleanupExpiredRows, type CleanupResult } from './maintenance.commands.js';
export { maintenanceCleanupJob, maintenanceJobs, scheduleMaintenance } from './maintenance.jobs.js';
