/**
 * A job worker in a process of its own, for the kill -9 tests (escalation.workers.test.ts): it runs
 * the real job definitions against DATABASE_URL and stops dead at one chosen point, printing a
 * marker line, so the test can kill it exactly there.
 * - `after-step-commit`: runs an escalation step to its commit, then hangs before the job is marked
 *   done (the step's effects are committed, its job still held);
 * - `inside-dispatch`: runs a notification dispatch up to the moment after the in-app row is written,
 *   then hangs with its transaction open (nothing committed).
 * Usage: node --import tsx escalation.crash-worker.ts <mode>
 */
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { systemClock } from '../../platform/clock.js';
import type { Deps } from '../../platform/context.js';
import type { EventBus } from '../../platform/events/index.js';
import type { JobDefinition } from '../../platform/jobs/jobs.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { createLogger } from '../../platform/log.js';
import { createDispatchJob, inAppChannel, type NotificationChannel } from '../notifications/index.js';
import { escalationStepJob, type StepPayload } from './escalation.step.js';

const forever = () => new Promise<never>(() => {});
const mark = (line: string) => process.stdout.write(`${line}\n`);

const mode = process.argv[2];
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
const bus: EventBus = { subscribe: () => () => {}, onGap: () => () => {}, close: async () => {} };
const deps: Deps = { db: database.db, dbKind: database.kind, clock: systemClock, config, log: createLogger('silent'), reactors: [], bus };

let jobs: JobDefinition[];
if (mode === 'after-step-commit') {
  const stepThenHang: JobDefinition<StepPayload> = {
    ...escalationStepJob,
    handler: async (payload, ctx) => {
      await escalationStepJob.handler(payload, ctx);
      mark(`STEP-COMMITTED ${ctx.jobId}`);
      await forever();
    },
  };
  jobs = [stepThenHang];
} else if (mode === 'inside-dispatch') {
  const hang: NotificationChannel = {
    name: 'hang',
    deliver: async (_tx, _deps, n) => {
      mark(`IN-DISPATCH ${n.user.id}`);
      return forever();
    },
  };
  jobs = [createDispatchJob([inAppChannel, hang])];
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}

// A short lease, renewed by the heartbeat while this process lives; after kill -9 it lapses quickly.
const worker = createWorker({ deps, registry: createJobRegistry(jobs), workerId: `crash-worker/${process.pid}`, pollIntervalMs: 20, leaseMs: 1_500 });
worker.start();
mark('READY');
