import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { JobRow } from '../../db/schema.js';
import type { Deps } from '../context.js';
import type { BackoffPolicy } from './jobs.js';
import { assertJobsHandled, type JobRegistry } from './jobs.registry.js';
import { claimDueJobs, extendJobLease, markJobDead, markJobDone, markJobRetry, releaseExpiredLeases, type JobClaim } from './jobs.repo.js';

export type WorkerOptions = {
  deps: Deps;
  registry: JobRegistry;
  /** Written to locked_by; unique per process by default. */
  workerId?: string;
  /** Pause between polls when the queue had nothing more (default 250 ms). */
  pollIntervalMs?: number;
  /** Jobs claimed per poll (default 10). */
  batchSize?: number;
  /** Handlers running at once at most (default: batchSize). */
  concurrency?: number;
  /** How long a claim holds without a heartbeat; the worker renews it every leaseMs/3 while the handler runs (default 30 s). */
  leaseMs?: number;
  /** How often the loop returns expired leases to the queue (default 5 s of clock time). */
  sweepIntervalMs?: number;
  /** How long stop() waits for running handlers before it gives up on them (default 5 s). */
  stopTimeoutMs?: number;
  /** Retry delay of definitions that declare none (default 5 s doubling up to 1 h). */
  backoff?: BackoffPolicy;
  /** Source of jitter, [0, 1). */
  random?: () => number;
};

export type JobWorker = {
  readonly workerId: string;
  /** Claims one batch of due jobs (after a sweep, when one is due), runs them and returns how many it claimed. */
  runOnce: () => Promise<number>;
  /** Returns running jobs whose lease has passed to the queue now. */
  sweep: () => Promise<{ requeued: number; dead: number }>;
  /** Makes a waiting poll loop poll now (an enqueue in this process has committed). */
  wake: () => void;
  /** Stops polling and waits (bounded) for running handlers; their leases lapse if they outlast the bound. */
  stop: () => Promise<void>;
};

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, capMs: 3_600_000 };
export const MAX_ERROR_LENGTH = 2_000;

/** Retry delay after the given (1-based) attempt: min(base * 2^(attempt-1), cap), +-20% jitter. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const raw = Math.min(policy.baseMs * 2 ** Math.max(0, attempt - 1), policy.capMs);
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** The message of an error, never its stack, cut to fit last_error. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Starts the job worker: refuses to start while queued jobs have no handler, then polls the jobs
 * table until stop(). Several workers, in one process or many, share the table safely.
 */
export async function startWorker(opts: WorkerOptions): Promise<JobWorker> {
  await assertJobsHandled(opts.deps.db, opts.registry);
  const worker = createWorker(opts);
  worker.start();
  return worker;
}

/** A worker that runs only when driven through runOnce(), until start() begins its poll loop. */
export function createWorker(opts: WorkerOptions): JobWorker & { start: () => void } {
  const { deps, registry } = opts;
  const { db, clock } = deps;
  const workerId = opts.workerId ?? `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  const pollIntervalMs = opts.pollIntervalMs ?? 250;
  const batchSize = opts.batchSize ?? 10;
  const concurrency = opts.concurrency ?? batchSize;
  const leaseMs = opts.leaseMs ?? 30_000;
  const sweepIntervalMs = opts.sweepIntervalMs ?? 5_000;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 5_000;
  const fallbackBackoff = opts.backoff ?? defaultBackoff;
  const random = opts.random ?? Math.random;
  const log = deps.log.child({ component: 'jobs', workerId });

  const running = new Set<Promise<void>>();
  const controllers = new Set<AbortController>();
  let stopping = false;
  let stopped: Promise<void> | null = null;
  let loop: Promise<void> | null = null;
  let lastSweepAt = Number.NEGATIVE_INFINITY;
  let interrupt: (() => void) | null = null;
  let woken = false;
  let waitingForSlot = false;

  /** Sleeps up to ms; wake() and stop() cut it short. */
  function idle(ms: number): Promise<void> {
    if (woken || stopping) {
      woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        interrupt = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      interrupt = done;
    });
  }

  function wake() {
    if (interrupt) interrupt();
    else woken = true;
  }

  async function sweep() {
    const result = await releaseExpiredLeases(db, clock.now());
    if (result.requeued || result.dead) log.warn(result, 'jobs whose lease expired were released');
    return result;
  }

  async function sweepIfDue(now: number) {
    if (now < lastSweepAt || now - lastSweepAt >= sweepIntervalMs) {
      lastSweepAt = now;
      await sweep();
    }
  }

  /** Claims up to limit jobs and starts their handlers; resolves once they are claimed, with their runs. */
  async function claim(limit: number): Promise<Array<Promise<void>>> {
    const now = clock.now();
    await sweepIfDue(now.getTime());
    const rows = await claimDueJobs(db, { names: registry.names(), workerId, now, lockedUntil: new Date(now.getTime() + leaseMs), limit });
    return rows.map((row) => {
      const run = execute(row).finally(() => {
        running.delete(run);
        if (waitingForSlot) wake();
      });
      running.add(run);
      return run;
    });
  }

  /** Runs one claimed job and records the outcome; never throws (a failed write leaves the lease to lapse). */
  async function execute(row: JobRow): Promise<void> {
    const claimed: JobClaim = { id: row.id, workerId, attempt: row.attempts };
    const jobLog = log.child({ jobId: row.id, job: row.name, attempt: row.attempts });
    const finish = async (write: () => Promise<boolean>) => {
      try {
        if (!(await write())) jobLog.warn('the job was no longer held by this worker (its lease expired); outcome not recorded');
      } catch (err) {
        jobLog.error({ err }, 'could not record the outcome of a job; it runs again once its lease expires');
      }
    };
    const def = registry.get(row.name);
    if (!def) {
      await finish(() => markJobDead(db, claimed, clock.now(), `no handler registered for job "${row.name}"`));
      return;
    }
    const parsed = def.schema.safeParse(row.payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
      jobLog.error({ issues }, 'job payload does not match its schema; the job is dead');
      await finish(() => markJobDead(db, claimed, clock.now(), errorText(`payload does not match the schema of ${row.name}: ${issues}`)));
      return;
    }
    const controller = new AbortController();
    controllers.add(controller);
    const heartbeat = startHeartbeat(claimed, controller, jobLog);
    try {
      await def.handler(parsed.data, { deps, jobId: row.id, attempt: row.attempts, signal: controller.signal });
      await finish(() => markJobDone(db, claimed, clock.now()));
    } catch (err) {
      const message = errorText(err);
      const now = clock.now();
      if (row.attempts >= row.max_attempts) {
        jobLog.error({ error: message }, 'job failed on its last attempt; it is dead');
        await finish(() => markJobDead(db, claimed, now, message));
      } else {
        const delay = backoffDelay(row.attempts, def.backoff ?? fallbackBackoff, random);
        jobLog.warn({ error: message, retryInMs: delay }, 'job failed; retrying');
        await finish(() => markJobRetry(db, claimed, new Date(now.getTime() + delay), message));
      }
    } finally {
      clearInterval(heartbeat);
      controllers.delete(controller);
    }
  }

  /** Renews the lease while the handler runs; aborts the handler's signal once the lease is lost. */
  function startHeartbeat(claimed: JobClaim, controller: AbortController, jobLog: Deps['log']) {
    let beating = false;
    const timer = setInterval(
      () => {
        if (beating || controller.signal.aborted) return;
        beating = true;
        const now = clock.now();
        extendJobLease(db, claimed, now, new Date(now.getTime() + leaseMs))
          .then((held) => {
            if (held) return;
            jobLog.warn('lost the lease of a running job; another worker may run it');
            clearInterval(timer);
            controller.abort(new Error('the lease of this job was lost'));
          })
          .catch((err: unknown) => jobLog.warn({ err }, 'could not renew a job lease'))
          .finally(() => (beating = false));
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  async function runOnce(): Promise<number> {
    if (stopping) return 0;
    const runs = await claim(batchSize);
    await Promise.all(runs);
    return runs.length;
  }

  async function pollLoop(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      const free = concurrency - running.size;
      if (free <= 0) {
        waitingForSlot = true;
        await idle(pollIntervalMs);
        waitingForSlot = false;
        continue;
      }
      const limit = Math.min(batchSize, free);
      let claimed: number;
      try {
        claimed = (await claim(limit)).length;
        failures = 0;
      } catch (err) {
        failures++;
        log.error({ err }, 'polling the jobs table failed');
        await idle(Math.min(pollIntervalMs * 2 ** failures, 30_000));
        continue;
      }
      // A full batch means more may be due: poll again at once.
      if (claimed < limit) await idle(pollIntervalMs);
    }
  }

  function start() {
    if (loop || stopping) return;
    log.info({ jobs: registry.names() }, 'job worker started');
    loop = pollLoop();
  }

  function stop(): Promise<void> {
    stopped ??= (async () => {
      stopping = true;
      wake();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), stopTimeoutMs)));
      const drained = (async () => {
        await loop;
        await Promise.allSettled([...running]);
        return 'drained' as const;
      })();
      const outcome = await Promise.race([drained, bound]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        log.warn({ running: running.size }, 'job handlers still running at shutdown; their leases will lapse and they run again');
        for (const c of controllers) c.abort(new Error('the worker is shutting down'));
      } else if (loop) {
        log.info('job worker stopped');
      }
    })();
    return stopped;
  }

  return { workerId, runOnce, sweep, wake, stop, start };
}
