import type { z } from 'zod';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../context.js';

/** A typed job: its name (`domain.verb`), the schema of its payload, and an idempotent handler. */
export type JobDefinition<P = unknown> = {
  name: string;
  schema: z.ZodType<P>;
  // Method syntax on purpose: a registry holds definitions of every payload type as JobDefinition<unknown>.
  handler(payload: P, ctx: JobContext): Promise<void>;
  maxAttempts?: number;
  /** Retry delay: min(baseMs * 2^(attempt-1), capMs), +-20% jitter; the worker's default when absent. */
  backoff?: BackoffPolicy;
};

export type BackoffPolicy = { baseMs: number; capMs: number };

export type JobContext = {
  deps: Deps;
  jobId: number;
  /** 1 on the first run; counts runs, including ones cut short by a crash. */
  attempt: number;
  /** Aborted when this worker lost the job's lease or is shutting down past its bound; pass it to fetch and the like. */
  signal?: AbortSignal;
};

/** Declares a job; the payload type follows from its schema. */
export function defineJob<P>(def: JobDefinition<P>): JobDefinition<P> {
  return def;
}

export type EnqueueOptions = { runAt?: Date; idempotencyKey?: string; maxAttempts?: number };

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Enqueues a job in the caller's transaction (transactional outbox): it runs only if that
 * transaction commits. With an idempotency key, a second enqueue of the same key is a no-op and
 * returns null.
 */
export async function enqueueJob<P>(db: DbOrTx, job: JobDefinition<P>, payload: P, now: Date, opts: EnqueueOptions = {}): Promise<number | null> {
  const parsed = job.schema.parse(payload);
  const row = await db
    .insertInto('jobs')
    .values({
      name: job.name,
      payload: JSON.stringify(parsed ?? {}),
      run_at: opts.runAt ?? now,
      idempotency_key: opts.idempotencyKey ?? null,
      max_attempts: opts.maxAttempts ?? job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      locked_by: null,
      locked_until: null,
      last_error: null,
      finished_at: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}
