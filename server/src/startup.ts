import type { Deps } from './platform/context.js';
import { ensureFirstAdmin } from './modules/directory/index.js';
import { installTypePacks } from './modules/types/index.js';
import { maintenanceJobs, scheduleMaintenance } from './modules/maintenance/index.js';
import { clockJobs, scheduleClockSweep } from './modules/clocks/index.js';
import { escalationJobs } from './modules/escalation/index.js';
import { deliveringNotificationJobs } from './modules/notifications/index.js';
import { alertJobs } from './modules/alerts/index.js';
import { deliveryJobs } from './modules/deliveries/index.js';
import { mailInJobs, startMailListener } from './modules/mail-in/index.js';
import type { JobDefinition } from './platform/jobs/jobs.js';
import { createJobRegistry } from './platform/jobs/jobs.registry.js';
import { startWorker } from './platform/jobs/jobs.worker.js';

/** Every job definition of the app, one line per module; the worker refuses to start on a queued job of any other name. */
const jobDefinitions: readonly JobDefinition[] = [...maintenanceJobs, ...deliveringNotificationJobs, ...escalationJobs, ...deliveryJobs, ...alertJobs, ...mailInJobs, ...clockJobs];

/**
 * Boot tasks after migrations: type packs, the first admin, the job worker. Each module adds its
 * step here; returns what must be stopped at shutdown.
 */
export async function startup(deps: Deps): Promise<{ stop: () => Promise<void> }> {
  await installTypePacks(deps);
  await ensureFirstAdmin(deps);
  const stops: Array<() => Promise<void>> = [];
  const jobs = createJobRegistry(jobDefinitions);
  if (deps.config.smtpListenPort !== undefined && deps.config.role !== 'worker') {
    const listener = await startMailListener(deps, { port: deps.config.smtpListenPort, host: deps.config.smtpListenHost });
    stops.push(() => listener.close());
  }
  if (deps.config.role !== 'web') {
    await scheduleMaintenance(deps);
    await scheduleClockSweep(deps);
    const worker = await startWorker({ deps, registry: jobs });
    stops.push(() => worker.stop());
  }
  return {
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
