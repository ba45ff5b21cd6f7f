import os from 'node:os';
import { loadConfig } from '../../config.js';
import { openDatabase } from '../../db/client.js';
import { systemClock } from '../../platform/clock.js';
import { busSourceOf, createEventBus } from '../../platform/events/index.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { createLogger } from '../../platform/log.js';
import { incidentReactors } from '../../reactors.js';
import { clockJobs } from './clock.jobs.js';

/**
 * A worker process running the clock jobs, for the process-kill test (clock.exactly-once.test.ts):
 * `node --import tsx clock.test-worker.ts <databaseUrl> <workerId> <leaseMs> <batchSize>`. It prints
 * "ready" once polling and runs until it is killed.
 */
const [databaseUrl, workerId, leaseMs, batchSize] = process.argv.slice(2);
if (!databaseUrl || !workerId) throw new Error('usage: clock.test-worker.ts <databaseUrl> <workerId> <leaseMs> <batchSize>');
const database = await openDatabase({ databaseUrl, dataDir: os.tmpdir(), poolSize: 4 });
const log = createLogger('silent');
const bus = await createEventBus(busSourceOf(database, databaseUrl), log);
const config = loadConfig({ VIGIL_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent' }, { dataDir: os.tmpdir() });
const deps = { db: database.db, dbKind: database.kind, clock: systemClock, config, log, reactors: incidentReactors, bus };
const worker = createWorker({ deps, registry: createJobRegistry(clockJobs), workerId, leaseMs: Number(leaseMs ?? 3000), batchSize: Number(batchSize ?? 10), pollIntervalMs: 20 });
worker.start();
process.stdout.write('ready\n');
